#!/usr/bin/env bash
# The size series of issue 9: bench/run.sh on 10 MB, 100 MB and 1 GB corpora (the 100 MB one in
# bench/out/, the others in bench/out/mb-N/), then one table of speed and peak memory by size in
# bench/out/series.md. The 1 GB corpus needs about 1 GB of disk and 15-25 minutes.
#   BENCH_SIZES="10 100 1000"   sizes in MB
set -uo pipefail
bench_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
sizes=${BENCH_SIZES:-10 100 1000}
summary=$bench_dir/out/series.md
mkdir -p "$bench_dir/out"
rows=$(mktemp)
trap 'rm -f "$rows"' EXIT
for mb in $sizes; do
    out=$bench_dir/out
    [ "$mb" = 100 ] || out=$bench_dir/out/mb-$mb
    echo "series: $mb MB" >&2
    BENCH_MB=$mb BENCH_OUT=$out bash "$bench_dir/run.sh" >/dev/null || exit 2
    python3 - "$mb" "$out/results.md" >>"$rows" <<'EOF'
import sys
mb, path = sys.argv[1], sys.argv[2]
for line in open(path):
    cells = [c.strip() for c in line.strip().strip("|").split("|")]
    if len(cells) == 9 and cells[0].startswith("`"):
        command, size, notes, seconds, cpu, mbs, _, rss, _ = cells
        per_cpu = float(size) / float(cpu) if float(cpu) > 0 else 0
        print(f"| {mb} MB | {notes} | {command} | {seconds} | {cpu} | {mbs} | {per_cpu:.1f} | {rss} |")
    elif line.startswith("One note end to end"):
        print(f"| {mb} MB | 1 | one note, start to exit | {line.split(': ', 1)[1].strip().rstrip('.')} | | | | |")
EOF
done
{
    echo "# soaplint: the size series"
    echo
    echo "| corpus | notes | command | seconds | CPU s | MB/s | MB per CPU-second | peak RSS MB |"
    echo "|---|---:|---|---:|---:|---:|---:|---:|"
    cat "$rows"
} >"$summary"
cat "$summary"
