#!/usr/bin/env python3
"""Derive data/ncci/ncci_ptp_physmed.csv from the physical-medicine subset of the CMS NCCI
practitioner procedure-to-procedure (PTP) edits.

Usage:  python3 data/tools/make_ncci.py SOURCE_CSV OUTPUT_CSV
  SOURCE_CSV columns: column_1, column_2, deletion_date, active, modifier_indicator,
  ptp_edit_rationale (deletion_date 9999-12-31 = no deletion date).

Output columns: column_1,column_2,deletion_date,modifier_indicator
  deletion_date is ISO YYYY-MM-DD, or empty when the edit has no deletion date.
Rows keep the source order; exact duplicate rows (after dropping columns) are written once.
Python 3 standard library only.
"""
import csv
import re
import sys

CODE = re.compile(r"[0-9A-Z]{5}")
DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    src, out = sys.argv[1], sys.argv[2]
    seen, rows = set(), []
    with open(src, newline="", encoding="ascii") as f:
        for rec in csv.DictReader(f):
            c1, c2 = rec["column_1"].strip(), rec["column_2"].strip()
            deleted = rec["deletion_date"].strip()
            modifier = rec["modifier_indicator"].strip()
            if not (CODE.fullmatch(c1) and CODE.fullmatch(c2) and modifier in ("0", "1", "9")):
                sys.exit(f"unexpected row: {rec}")
            if deleted == "9999-12-31":
                deleted = ""
            elif not DATE.fullmatch(deleted):
                sys.exit(f"unexpected deletion date: {rec}")
            row = (c1, c2, deleted, modifier)
            if row not in seen:
                seen.add(row)
                rows.append(row)
    with open(out, "w", newline="", encoding="ascii") as f:
        f.write("column_1,column_2,deletion_date,modifier_indicator\n")
        for row in rows:
            f.write(",".join(row) + "\n")
    print(f"{out}: {len(rows)} edits, {sum(1 for r in rows if not r[2])} without deletion date")


if __name__ == "__main__":
    main()
