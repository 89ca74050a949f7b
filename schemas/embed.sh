#!/bin/sh
# Writes a JSON Schema file as a C string, so the report reader checks what
# it reads against the very schema the project publishes:
#   schemas/embed.sh NAME FILE > out.c   gives   const char NAME[] = "...";
# (used by classify/report/local.mk and tests/fuzz/build.sh).
set -eu
echo "/* Generated from $(basename "$2") by schemas/embed.sh; do not edit. */"
echo "extern const char $1[];"
echo "const char $1[] ="
sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/"/' -e 's/$/\\n"/' "$2"
echo ";"
