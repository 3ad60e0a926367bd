#!/usr/bin/env bash
# Where `check --jobs 1` spends its CPU, by pipeline stage: perf samples with DWARF call graphs
# (the Release build has no frame pointers), each stage's share is the inclusive ("children")
# share of the function that runs it. Needs `perf` (Debian package linux-perf); the Release build
# keeps function names.
#   bench/profile.sh [BINARY] [CORPUS]     defaults: build-bench/soaplint, bench/out/corpus/batch-000
set -uo pipefail
bench_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
bin=${1:-$bench_dir/../build-bench/soaplint}
corpus=${2:-$bench_dir/out/corpus/batch-000}
data=$(mktemp /tmp/soaplint-perf-XXXXXX)
trap 'rm -f "$data"' EXIT
perf record -q -F 499 --call-graph dwarf,16384 -o "$data" "$bin" check --format json --jobs 1 "$corpus" >/dev/null 2>&1
report=$(perf report -i "$data" --children --stdio -g none --percent-limit 0.01 2>/dev/null)
share() {  # share LABEL SYMBOL-REGEX: the largest inclusive share of a matching symbol
    local pct
    pct=$(grep -E "$2" <<<"$report" | awk '{ gsub("%", "", $1); if ($1 > max) max = $1 } END { printf "%.1f", max + 0 }')
    printf '| %s | %s %% |\n' "$1" "$pct"
}
echo "| stage | share of CPU (inclusive) |"
echo "|---|---:|"
share "parse: the whole reader (pass 1)" ' soaplint::parse_bytes$'
share "  decode (ICU, normalisation)" ' soaplint::decode$'
share "  split into notes" ' soaplint::split_notes$'
share "  sections and headings" ' soaplint::build_structure$'
share "  header fields" ' soaplint::read_header_fields$'
share "  extract facts" ' soaplint::extract_facts$'
share "    measurements" 'extract_measurements$'
share "    session times" 'extract_session$'
share "    frequency and duration" 'extract_frequency_duration$'
share "    tables (layout)" ' soaplint::find_tables$'
share "store notes (encode, pass 1)" ' soaplint::encode_note$'
share "episodes and rules (pass 2)" ' soaplint::run_checks$| soaplint::check_inputs$|check_stored_group$'
share "  read notes back (decode)" ' soaplint::decode_note$'
share "report (JSON)" ' soaplint::write_json$'
share "allocator (self: malloc, free)" ' (malloc|_int_malloc|free|_int_free|cfree)$'
