#!/usr/bin/python3
"""Scores a classify report of the corpus against tests/corpus/truth.tsv.

Usage: eval.py --truth truth.tsv [--classify BIN | --implemented id,id,...] REPORT.json

Column level: a detector "found" a column when the report lists a finding of
it with "fired": true. For every detector this prints true/false positives
and false negatives, precision, recall and F1; the macro F1; the label
accuracy and a label confusion matrix; every wrong column with the report's
reasons; and the targets of issue 3. Detectors the truth expects but the
binary does not list (`classify detectors`) are reported as not implemented
and score F1 = 0 in the targets rather than crashing the run.

Exit status: 0 every target met, 1 a target missed, 2 bad input.
"""
import json
import re
import subprocess
import sys

LEVELS = ["Public", "Confidential", "Protected", "Secret"]
F1_TARGET = 0.98
ACC_TARGET = 0.98
HARD_KINDS = ("hard_negative", "name_decoy")


def usage(msg):
    print("eval.py: " + msg, file=sys.stderr)
    print("usage: eval.py --truth truth.tsv [--classify BIN | --implemented ids] REPORT.json",
          file=sys.stderr)
    sys.exit(2)


def parse_args(argv):
    opts = {"truth": None, "classify": None, "implemented": None, "report": None}
    i = 0
    while i < len(argv):
        a = argv[i]
        if a in ("--truth", "--classify", "--implemented"):
            if i + 1 >= len(argv):
                usage(a + " needs a value")
            opts[a[2:]] = argv[i + 1]
            i += 2
        elif a.startswith("-"):
            usage("unknown option " + a)
        else:
            opts["report"] = a
            i += 1
    if not opts["truth"] or not opts["report"]:
        usage("--truth and a report are required")
    return opts


def read_truth(path):
    """{(table, column): (set of detector ids, label, kind)} in file order."""
    truth = {}
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            parts = line.split("\t")
            if len(parts) < 5 or parts[3] not in LEVELS:
                usage("%s:%d: expected table, column, detectors, label, kind" % (path, n))
            dets = set(x for x in parts[2].split(",") if x)
            truth[(parts[0], parts[1])] = (dets, parts[3], parts[4])
    return truth


def implemented_ids(opts):
    """Detector ids the binary lists; the first word of each unindented line
    of `classify detectors` that looks like an id (the header is upper case)."""
    if opts["implemented"] is not None:
        return set(x for x in opts["implemented"].split(",") if x)
    if not opts["classify"]:
        return None
    try:
        out = subprocess.run([opts["classify"], "detectors"], check=True,
                             stdout=subprocess.PIPE, universal_newlines=True).stdout
    except (OSError, subprocess.CalledProcessError) as e:
        usage("cannot list detectors with %s: %s" % (opts["classify"], e))
    ids = set()
    for line in out.splitlines():
        m = re.match(r"([a-z][a-z0-9_]*)\s", line + " ")
        if m:
            ids.add(m.group(1))
    return ids


def read_report(path):
    """{(table, column): column object} and the report's errors."""
    try:
        with open(path, encoding="utf-8") as f:
            report = json.load(f)
    except (OSError, ValueError) as e:
        usage("cannot read report %s: %s" % (path, e))
    cols = {}
    for t in report.get("tables", []):
        for c in t.get("columns", []):
            cols[(t["table"], c["column"])] = c
    return cols, report.get("errors", [])


def fired_of(col):
    if col is None:
        return set()
    return set(f["detector"] for f in col.get("findings", []) if f.get("fired"))


def prf(tp, fp, fn):
    """Precision, recall, F1; an empty denominator counts as perfect (no
    false alarm / nothing to find), so a detector with positives it never
    found scores F1 0."""
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f1


def score(truth, got, ids):
    counts = {d: [0, 0, 0] for d in ids}
    for key, (dets, _, _) in truth.items():
        fired = fired_of(got.get(key))
        for d in ids:
            if d in fired and d in dets:
                counts[d][0] += 1
            elif d in fired:
                counts[d][1] += 1
            elif d in dets:
                counts[d][2] += 1
    return counts


def print_detectors(counts, implemented):
    print("%-20s %5s %5s %5s %7s %7s %7s" % ("DETECTOR", "TP", "FP", "FN", "PREC", "RECALL",
                                             "F1"))
    f1s = {}
    for d in sorted(counts):
        tp, fp, fn = counts[d]
        if implemented is not None and d not in implemented:
            f1s[d] = 0.0
            continue
        if tp + fp + fn == 0:
            continue
        p, r, f1 = prf(tp, fp, fn)
        f1s[d] = f1
        flag = "" if f1 >= F1_TARGET else "   <-- below %.2f" % F1_TARGET
        print("%-20s %5d %5d %5d %7.3f %7.3f %7.3f%s" % (d, tp, fp, fn, p, r, f1, flag))
    missing = sorted(d for d in counts if implemented is not None and d not in implemented)
    if missing:
        print("not implemented (%d, scored F1 0 in the targets): %s" % (len(missing),
                                                                         ", ".join(missing)))
    return f1s, missing


def print_confusion(truth, got):
    m = {(a, b): 0 for a in LEVELS for b in LEVELS + ["missing"]}
    for key, (_, label, _) in truth.items():
        col = got.get(key)
        m[(label, col["label"] if col else "missing")] += 1
    print("label confusion (rows: expected, columns: reported)")
    heads = LEVELS + ["missing"]
    print("%-14s" % "" + "".join("%13s" % h for h in heads))
    for a in LEVELS:
        print("%-14s" % a + "".join("%13d" % m[(a, b)] for b in heads))


def print_wrong(truth, got, implemented):
    """Every column whose fired set or label is wrong, except those wrong only
    because an expected detector is not implemented (counted apart)."""
    only_missing = 0
    lines = []
    for key, (dets, label, kind) in truth.items():
        col = got.get(key)
        fired = fired_of(col)
        glabel = col["label"] if col else "missing"
        extra, lost = sorted(fired - dets), sorted(dets - fired)
        if not extra and not lost and glabel == label:
            continue
        if (implemented is not None and not extra and lost and
                all(d not in implemented for d in lost)):
            only_missing += 1
            continue
        what = []
        if lost:
            what.append("missed " + ",".join(lost))
        if extra:
            what.append("false " + ",".join(extra))
        lines.append("  %s.%s [%s]: expected %s {%s}, got %s {%s}; %s" % (
            key[0], key[1], kind, label, ",".join(sorted(dets)), glabel,
            ",".join(sorted(fired)), "; ".join(what) or "label differs"))
        for reason in (col or {}).get("reasons", ["column missing from the report"]):
            lines.append("      reason: " + reason)
    print("wrong columns: %d" % sum(1 for x in lines if not x.startswith("      ")))
    for x in lines:
        print(x)
    if only_missing:
        print("  (+ %d columns wrong only because an expected detector is not implemented)"
              % only_missing)


def accuracy(truth, got, keys):
    keys = list(keys)
    ok = sum(1 for k in keys if got.get(k) and got[k]["label"] == truth[k][1])
    return ok, len(keys)


def print_kinds(truth, got):
    kinds = {}
    for key, (dets, label, kind) in truth.items():
        col = got.get(key)
        right = col is not None and fired_of(col) == dets and col["label"] == label
        k = kinds.setdefault(kind, [0, 0])
        k[0] += right
        k[1] += 1
    print("columns fully right, by kind: " + ", ".join(
        "%s %d/%d" % (k, v[0], v[1]) for k, v in sorted(kinds.items())))


def check_targets(truth, got, f1s, missing, acc):
    results = []
    low = sorted(d for d, f in f1s.items() if f < F1_TARGET)
    results.append(("every detector F1 >= %.2f" % F1_TARGET, not low,
                    "below: " + ", ".join("%s %.3f" % (d, f1s[d]) for d in low) if low else ""))
    macro = sum(f1s.values()) / len(f1s) if f1s else 0.0
    results.append(("macro F1 >= %.2f" % F1_TARGET, macro >= F1_TARGET, "%.3f" % macro))
    results.append(("label accuracy >= %.2f" % ACC_TARGET, acc >= ACC_TARGET, "%.3f" % acc))
    bad_hard = ["%s.%s=%s" % (k[0], k[1], got[k]["label"]) for k, (_, _, kind) in truth.items()
                if kind in HARD_KINDS and got.get(k) and
                got[k]["label"] in ("Secret", "Protected")]
    nhard = sum(1 for v in truth.values() if v[2] in HARD_KINDS)
    results.append(("no hard-negative column labeled Secret/Protected (%d columns)" % nhard,
                    not bad_hard, ", ".join(bad_hard)))
    lost = ["%s.%s(%s)" % (k[0], k[1], ",".join(sorted(dets - fired_of(got.get(k)))))
            for k, (dets, _, kind) in truth.items()
            if kind == "buried2" and dets - fired_of(got.get(k))]
    n2 = sum(1 for v in truth.values() if v[2] == "buried2")
    results.append(("every buried-at-2%% column found (%d columns)" % n2, not lost,
                    ", ".join(lost)))
    print("targets:")
    for name, ok, detail in results:
        print("  [%s] %s%s" % ("ok" if ok else "MISSED", name, ": " + detail if detail else ""))
    return all(ok for _, ok, _ in results), macro


def main():
    opts = parse_args(sys.argv[1:])
    truth = read_truth(opts["truth"])
    got, errors = read_report(opts["report"])
    implemented = implemented_ids(opts)
    tables = sorted(set(k[0] for k in truth))
    print("corpus: %d tables, %d columns; report: %d columns, %d errors" % (
        len(tables), len(truth), len(got), len(errors)))
    for e in errors:
        print("  report error: %s: %s" % (e.get("table") or e.get("source"), e.get("message")))
    absent = [k for k in truth if k not in got]
    if absent:
        print("  %d truth columns are missing from the report, e.g. %s.%s" % (
            len(absent), absent[0][0], absent[0][1]))
    unknown = sorted("%s.%s" % k for k in got if k not in truth)
    if unknown:
        print("  %d report columns have no truth line (add them to generate.py): %s" % (
            len(unknown), ", ".join(unknown[:10])))
    ids = set(d for v in truth.values() for d in v[0])
    ids |= set(d for c in got.values() for d in fired_of(c))
    print()
    f1s, missing = print_detectors(score(truth, got, ids), implemented)
    impl_f1 = [f for d, f in f1s.items() if d not in missing]
    if impl_f1:
        print("macro F1 over the %d implemented detectors: %.3f" % (
            len(impl_f1), sum(impl_f1) / len(impl_f1)))
    print()
    ok, n = accuracy(truth, got, truth)
    acc = ok / n if n else 0.0
    print("label accuracy: %d/%d = %.3f" % (ok, n, acc))
    if implemented is not None:
        keys = [k for k, v in truth.items() if v[0] <= implemented]
        ok2, n2 = accuracy(truth, got, keys)
        if n2:
            print("label accuracy on the %d columns whose detectors are all implemented: "
                  "%d/%d = %.3f" % (n2, ok2, n2, ok2 / n2))
    print_kinds(truth, got)
    print()
    print_confusion(truth, got)
    print()
    print_wrong(truth, got, implemented)
    print()
    all_ok, _ = check_targets(truth, got, f1s, missing, acc)
    return 0 if all_ok else 1


if __name__ == "__main__":
    sys.exit(main())
