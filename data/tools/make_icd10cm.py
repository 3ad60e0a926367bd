#!/usr/bin/env python3
"""Derive data/icd10cm/icd10cm.tsv from the CMS ICD-10-CM code-description files.

Usage:  python3 data/tools/make_icd10cm.py SOURCE_DIR OUTPUT_FILE
  SOURCE_DIR holds fyNNNN/icd10cm_codes_NNNN.txt for every fiscal year to load and, for the
  newest year, optionally fyNNNN/icd10cm_order_NNNN.txt (descriptions of header codes).

Output (ASCII, LF): comment lines start with '#'; the line '#fiscal_years<TAB>FIRST<TAB>LAST'
names the loaded fiscal years.  Every other line is

  code <TAB> billable_fys <TAB> shared <TAB> description_suffix

  code          ICD-10-CM code without the dot, sorted ascending (byte order)
  billable_fys  the fiscal years in which the code is billable: years and ranges separated by
                commas ("2024-2026", "2026", "2024,2026"); "-" = billable in no loaded year
                (a header row, kept only for its description)
  shared        how many leading characters the description shares with the previous line's
                description (front coding: the long descriptions repeat heavily and the plain
                table would be ~7 MB).  Every RESTART-th data line has shared = 0, so a reader
                can decode any line from the nearest restart line before it.
  description   the newest long description: of the newest billable year, or of the newest
                year's header entry in the order file, whichever is newer (billable wins ties)

Python 3 standard library only.
"""
import os
import re
import sys

RESTART = 16


def read_codes_file(path):
    """code -> long description, from an icd10cm_codes_NNNN.txt file."""
    codes = {}
    with open(path, encoding="ascii") as f:
        for line in f:
            line = line.rstrip("\r\n")
            code, desc = line[:8].strip(), line[8:].strip()
            if code:
                codes[code] = desc
    return codes


def read_order_headers(path):
    """code -> long description of the non-billable (header) rows of an order file."""
    headers = {}
    with open(path, encoding="ascii") as f:
        for line in f:
            line = line.rstrip("\r\n")
            if len(line) < 78 or line[14] != "0":
                continue
            headers[line[6:13].strip()] = line[77:].strip()
    return headers


def year_ranges(years):
    """[2024, 2025, 2026] -> '2024-2026'; [2024, 2026] -> '2024,2026'."""
    if not years:
        return "-"
    parts, start, prev = [], years[0], years[0]
    for y in years[1:] + [None]:
        if y is not None and y == prev + 1:
            prev = y
            continue
        parts.append(str(start) if start == prev else f"{start}-{prev}")
        start = prev = y
    return ",".join(parts)


def shared_prefix(a, b):
    n = 0
    while n < len(a) and n < len(b) and a[n] == b[n]:
        n += 1
    return n


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    src, out = sys.argv[1], sys.argv[2]
    years = sorted(int(m.group(1)) for d in os.listdir(src)
                   if (m := re.fullmatch(r"fy(\d{4})", d)))
    billable = {y: read_codes_file(os.path.join(src, f"fy{y}", f"icd10cm_codes_{y}.txt"))
                for y in years}
    newest = years[-1]
    order = os.path.join(src, f"fy{newest}", f"icd10cm_order_{newest}.txt")
    headers = read_order_headers(order) if os.path.exists(order) else {}

    rows = []
    for code in sorted(set(headers).union(*billable.values())):
        fys = [y for y in years if code in billable[y]]
        desc_year = fys[-1] if fys else None
        if code in headers and (desc_year is None or desc_year < newest):
            desc = headers[code]
        else:
            desc = billable[desc_year][code]
        if "\t" in desc or "\n" in desc:
            sys.exit(f"unexpected control character in description of {code}")
        rows.append((code, year_ranges(fys), desc))

    with open(out, "w", encoding="ascii", newline="\n") as f:
        f.write("# ICD-10-CM billable codes and header descriptions, derived by "
                "data/tools/make_icd10cm.py from the CMS code-description files "
                "(public domain); format: see data/icd10cm/README.md\n")
        f.write(f"#fiscal_years\t{years[0]}\t{years[-1]}\n")
        previous = ""
        for i, (code, fys, desc) in enumerate(rows):
            shared = 0 if i % RESTART == 0 else shared_prefix(previous, desc)
            f.write(f"{code}\t{fys}\t{shared}\t{desc[shared:]}\n")
            previous = desc
    print(f"{out}: {len(rows)} rows, fiscal years {years[0]}-{years[-1]}, "
          f"{sum(1 for r in rows if r[1] != '-')} billable in some year")


if __name__ == "__main__":
    main()
