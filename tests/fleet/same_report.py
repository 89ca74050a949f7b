#!/usr/bin/env python3
"""same_report.py [--ignore-changes] A.json B.json: exit 0 when two classify reports are equal
but for their timings (run.started_at, run.finished_at, and the prior run's
time in `changes`) and run.jobs, else print the first difference and exit 1. The reports
are compared as written: classify writes one canonical order, so no sorting
is done here."""
import json
import sys


def load(path, ignore_changes):
    with open(path, encoding="utf-8") as f:
        r = json.load(f)
    if ignore_changes:
        r.pop("changes", None)
    # Timings, and the workers a run used (run.jobs): neither changes
    # what was found.
    for key in ("started_at", "finished_at", "jobs"):
        r.get("run", {}).pop(key, None)
    if isinstance(r.get("changes"), dict):
        r["changes"].pop("prior_started_at", None)
    return r


def first_difference(a, b, where="$"):
    if type(a) is not type(b):
        return f"{where}: {type(a).__name__} vs {type(b).__name__}"
    if isinstance(a, dict):
        for k in sorted(set(a) | set(b)):
            if k not in a or k not in b:
                return f"{where}.{k}: only in {'B' if k not in a else 'A'}"
            d = first_difference(a[k], b[k], f"{where}.{k}")
            if d:
                return d
        return None
    if isinstance(a, list):
        for i, (x, y) in enumerate(zip(a, b)):
            d = first_difference(x, y, f"{where}[{i}]")
            if d:
                return d
        if len(a) != len(b):
            return f"{where}: {len(a)} vs {len(b)} items"
        return None
    return None if a == b else f"{where}: {a!r} vs {b!r}"


def main():
    args = sys.argv[1:]
    ignore = args[:1] == ["--ignore-changes"]
    args = args[1:] if ignore else args
    if len(args) != 2:
        sys.exit("usage: same_report.py [--ignore-changes] A.json B.json")
    d = first_difference(load(args[0], ignore), load(args[1], ignore))
    if d:
        print(f"# reports differ at {d}")
        sys.exit(1)


main()
