#!/usr/bin/env python3
"""Runs soaplint over every MTSamples transcription (one note per row) and reports robustness
and section-finding figures: crashes/hangs, how many of the rows that carry all four S/O/A/P
headings have all four found, and (with --check) the count of findings per rule.

usage: bench/mtsamples.py [--binary build/soaplint] [--csv ../shared/data/mtsamples/mtsamples.csv]
                          [--check] [--payer P] [--sample N --seed S --exclude S002,S003]
                          (--sample prints N random error/warning findings with their line)
"""
import argparse, csv, json, os, random, re, shutil, subprocess, sys, tempfile, collections

HEADINGS = ["SUBJECTIVE", "OBJECTIVE", "ASSESSMENT", "PLAN"]


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", default=os.path.join(here, "..", "build", "soaplint"))
    ap.add_argument("--csv", default=os.path.join(here, "..", "..", "shared", "data", "mtsamples", "mtsamples.csv"))
    ap.add_argument("--check", action="store_true")
    ap.add_argument("--sample", type=int, default=0)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--exclude", default="", help="rules left out of the sample, e.g. S002,S003")
    ap.add_argument("--payer", default="", help="check every note under this payer profile")
    args = ap.parse_args()
    if not os.path.exists(args.csv):
        print(f"skipped: {args.csv} not found")
        return 0
    rows = list(csv.DictReader(open(args.csv, encoding="utf-8")))
    tmp = tempfile.mkdtemp(prefix="soaplint-mtsamples-")
    try:
        return sweep(args, rows, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


THERAPY_TITLE = re.compile(r"physical therapy|occupational therapy|speech therapy|therapeutic recreation|rehab", re.I)


def titled_evaluations(args, rows, tmp):
    """Therapy and physical-medicine evaluations, written as a clinic prints them (the title line
    from the `sample_name` column above the transcription): each must be read as an evaluation."""
    out = os.path.join(tmp, "titled")
    os.makedirs(out, exist_ok=True)
    for row in rows:
        title = row["sample_name"].strip()
        pm = "Rehab" in row["medical_specialty"] or THERAPY_TITLE.search(title)
        if pm and re.search(r"evaluation", title, re.I) and row["transcription"].strip():
            with open(os.path.join(out, f"{int(row['note_id']):05d}.txt"), "w", encoding="utf-8") as f:
                f.write(title + "\n" + row["transcription"] + "\n")
    names = sorted(os.listdir(out))
    if not names:
        return
    run = subprocess.run([args.binary, "extract", "--format", "json", out], capture_output=True, text=True, timeout=600)
    kinds = {os.path.basename(n["file"]): n["kind"] for n in json.loads(run.stdout)["notes"]}
    read = [n for n in names if kinds.get(n) == "evaluation"]
    print(f"physical-medicine and therapy rows titled as evaluations: {len(names)}; read as evaluations: {len(read)}"
          + ("" if len(read) == len(names) else " (not: " + " ".join(sorted(set(names) - set(read))) + ")"))


def sweep(args, rows, tmp):
    with_all = set()
    for row in rows:
        text = row["transcription"]
        name = f"{int(row['note_id']):05d}.txt"
        with open(os.path.join(tmp, name), "w", encoding="utf-8") as f:
            f.write(text + "\n")
        if all(re.search(r"\b%s\b" % h, text) for h in HEADINGS):
            with_all.add(name)
    run = subprocess.run([args.binary, "extract", "--format", "json", tmp], capture_output=True, text=True, timeout=600)
    if run.returncode not in (0, 2):
        print(f"extract failed with status {run.returncode}: {run.stderr[:500]}")
        return 1
    model = json.loads(run.stdout)
    files_with_notes = collections.defaultdict(list)
    for note in model["notes"]:
        files_with_notes[os.path.basename(note["file"])].append(note)
    found_all = 0
    missing = []
    for name in sorted(with_all):
        names = {s["name"] for n in files_with_notes.get(name, []) for s in n["sections"]}
        if {"subjective", "objective", "assessment", "plan"} <= names:
            found_all += 1
        else:
            missing.append(name)
    print(f"rows: {len(rows)}; notes extracted: {len(model['notes'])}; extract exit status {run.returncode}")
    print(f"rows with all four S/O/A/P headings: {len(with_all)}; all four found in: {found_all}")
    if missing:
        print("  not all found:", " ".join(missing[:20]))
    titled_evaluations(args, rows, tmp)
    unreadable = run.stderr.count("[X001]")
    print(f"X001 (unreadable): {unreadable} (the corpus has 33 empty transcriptions)")
    if args.check:
        payer = ["--payer", args.payer] if args.payer else []
        run = subprocess.run([args.binary, "check", "--format", "json", "--fail-on", "error", *payer, tmp],
                             capture_output=True, text=True, timeout=900)
        if run.returncode not in (0, 1, 2):
            print(f"check failed with status {run.returncode}: {run.stderr[:500]}")
            return 1
        report = json.loads(run.stdout)
        per_rule = collections.Counter(f["rule"] for f in report["findings"])
        print("findings per rule:", ", ".join(f"{r} {n}" for r, n in sorted(per_rule.items())))
        if args.sample:
            excluded = set(filter(None, args.exclude.split(",")))
            pool = [f for f in report["findings"]
                    if f["severity"] in ("error", "warning") and f["rule"] not in excluded]
            random.Random(args.seed).shuffle(pool)
            for f in pool[: args.sample]:
                path = os.path.join(tmp, os.path.basename(f["file"]))
                print(f"--- {os.path.basename(f['file'])}:{f['line']}:{f['column']} {f['rule']} {f['message']}")
                with open(path, encoding="utf-8") as note:
                    lines = note.read().split("\n")
                print("    | " + lines[f["line"] - 1][:300] if 0 < f["line"] <= len(lines) else "")
    return 0


if __name__ == "__main__":
    sys.exit(main())
