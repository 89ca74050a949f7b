#!/usr/bin/env bash
# The registry check: detectors/*.c, detectors/detectors.def, Makefile.am,
# the vector files and the README's detector table must agree, so a
# half-added detector fails the build instead of a user.
. "$(dirname "$0")/setup.sh"
cd "$top_srcdir"
files=$(ls detectors/*.c | xargs -n1 basename | sed 's/\.c$//' | grep -vx checksum | grep -vx 'common\|mask\|util\|names' | sort)
def=$(sed -n 's/^DETECTOR(\([a-z0-9_]*\))$/\1/p' detectors/detectors.def | sort)
mk=$(sed -n 's|^[[:space:]]*detectors/\([a-z0-9_]*\)\.c.*|\1|p' Makefile.am | grep -vx checksum | sort)
exported=$(grep -l 'const struct cls_detector cls_detector_' detectors/*.c | xargs -n1 basename | sed 's/\.c$//' | sort)
vectors=$(ls tests/data/detectors/*.txt | xargs -n1 basename | sed 's/\.txt$//' | sort)
documented=$(sed -n 's/^| `\([a-z0-9_]*\)` |.*/\1/p' README.md | sort -u)
check "every detectors.def entry has a file exporting a descriptor" [ "$def" = "$exported" ]
check "every detector file is in Makefile.am" [ "$(comm -23 <(echo "$exported") <(echo "$mk"))" = "" ]
check "every detector has a vector file" [ "$def" = "$vectors" ]
check "the README documents every detector" [ "$(comm -23 <(echo "$def") <(echo "$documented"))" = "" ]
if [ "$failures" -ne 0 ]; then
  echo "detectors.def: $(echo $def)"; echo "exported: $(echo $exported)"
  echo "Makefile.am: $(echo $mk)"; echo "vectors: $(echo $vectors)"; echo "README: $(echo $documented)"
fi
finish
