#!/usr/bin/env bash
# Benchmark soaplint on a generated corpus of therapy notes: wall time and peak RSS of
# `soaplint extract`, `soaplint check` (and `check --jobs 1/2` when the option exists) against a
# `grep` baseline over the same bytes. Prints a Markdown report and keeps it in
# bench/out/results.md. Numbers are for people to read; no test asserts them (bench/README.md).
#
# Settings (environment):
#   BENCH_MB=100            corpus size in MB (10^6 bytes on disk)
#   BENCH_SEED=1            generator seed (same seed and size -> byte-identical corpus)
#   BENCH_REPEAT=1          runs per command; the fastest run is reported
#   BENCH_BUILD_DIR=build-bench  build directory (relative to the repository or absolute)
#   BENCH_BUILD_JOBS=       parallel compile jobs (empty: the build tool's default)
#   BENCH_CMAKE_ARGS=       extra configure arguments, e.g. -DCMAKE_CXX_COMPILER_LAUNCHER=ccache
#   SOAPLINT=               an already built binary to measure instead of building one
#   BENCH_OUT=bench/out     where the corpus, the report and the logs go (bench/series.sh gives
#                           each size its own)
set -uo pipefail

bench_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$bench_dir/.." && pwd)
BENCH_MB=${BENCH_MB:-100}
BENCH_SEED=${BENCH_SEED:-1}
BENCH_REPEAT=${BENCH_REPEAT:-1}
BENCH_BUILD_DIR=${BENCH_BUILD_DIR:-build-bench}
BENCH_BUILD_JOBS=${BENCH_BUILD_JOBS:-}
BENCH_CMAKE_ARGS=${BENCH_CMAKE_ARGS:-}
SOAPLINT=${SOAPLINT:-}

out=${BENCH_OUT:-$bench_dir/out}
case $out in /*) ;; *) out=$repo/$out ;; esac
corpus=$out/corpus
report=$out/results.md
grep_pattern='[0-9]{1,2}:[0-9]{2}|[0-9]{1,2}/[0-9]{1,2}/[0-9]{2,4}|[0-9]{4}-[0-9]{2}-[0-9]{2}|\b97[0-9]{3}\b|[0-9] ?(°|deg)'

die() { echo "bench: $*" >&2; exit 2; }

require_tools() {
    [ -x /usr/bin/time ] || die "/usr/bin/time (GNU time) is missing; install it with: sudo apt-get install -y time"
    command -v python3 >/dev/null || die "python3 is needed to generate the corpus"
    command -v cmake >/dev/null || [ -n "$SOAPLINT" ] || die "cmake is needed to build soaplint (or set SOAPLINT=path/to/binary)"
}

# Release build in its own directory; prints the binary's path.
build_soaplint() {
    if [ -n "$SOAPLINT" ]; then
        [ -x "$SOAPLINT" ] || die "SOAPLINT=$SOAPLINT is not an executable"
        echo "$SOAPLINT"
        return
    fi
    local build_dir=$BENCH_BUILD_DIR jobs=()
    case $build_dir in /*) ;; *) build_dir=$repo/$build_dir ;; esac
    [ -n "$BENCH_BUILD_JOBS" ] && jobs=(-j "$BENCH_BUILD_JOBS")
    mkdir -p "$out"
    # shellcheck disable=SC2086  # BENCH_CMAKE_ARGS is a list of arguments on purpose
    if ! (cd "$repo" &&
          cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release -DSOAPLINT_TESTS=OFF $BENCH_CMAKE_ARGS &&
          cmake --build "$build_dir" "${jobs[@]}") >"$out/build.log" 2>&1; then
        tail -n 30 "$out/build.log" >&2
        die "the Release build failed (full log: $out/build.log)"
    fi
    echo "$build_dir/soaplint"
}

# Regenerates the corpus only when the seed, the size or the generator changed.
generate_corpus() {
    local stamp
    stamp="seed=$BENCH_SEED mb=$BENCH_MB generator=$(sha256sum "$bench_dir/gen_notes.py" | cut -c1-16)"
    if [ -d "$corpus" ] && [ -f "$out/corpus.stamp" ] && [ "$(cat "$out/corpus.stamp")" = "$stamp" ]; then
        echo "bench: reusing $corpus ($stamp)" >&2
        return
    fi
    echo "bench: generating $BENCH_MB MB of notes into $corpus" >&2
    rm -rf "$corpus" "$out/corpus.stamp"
    mkdir -p "$out"
    python3 "$bench_dir/gen_notes.py" --seed "$BENCH_SEED" --megabytes "$BENCH_MB" --out "$corpus" \
        --manifest "$out/manifest.tsv" >"$out/corpus.json" || die "the corpus generator failed"
    echo "$stamp" >"$out/corpus.stamp"
}

# The command as one would type it: arguments with shell metacharacters in single quotes.
shell_words() {
    local word line="" quote="'"
    for word in "$@"; do
        if [[ $word =~ ^[A-Za-z0-9_./=:,+-]+$ ]]; then line+="$word "
        else line+="$quote${word//$quote/$quote\\$quote$quote}$quote "; fi
    done
    printf '%s' "$line"
}

json_field() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$1" "$2"; }

# Reads every corpus file once so that all commands are measured with a warm page cache.
warm_cache() { find "$corpus" -type f -exec cat {} + >/dev/null; }

# measure LABEL STDOUT_FILE COMMAND... -> appends one Markdown table row to $rows.
# Wall time comes from the shell clock (microseconds), peak RSS and exit status from GNU time.
measure() {
    local label=$1 sink=$2; shift 2
    local best="" best_cpu="" rss_kb=0 status=0 run
    for ((run = 1; run <= BENCH_REPEAT; run++)); do
        local t0 t1 seconds kb cpu
        t0=$EPOCHREALTIME
        /usr/bin/time -v -o "$out/time.txt" "$@" >"$sink" 2>"$out/stderr.txt"
        t1=$EPOCHREALTIME
        seconds=$(python3 -c "print(f'{${t1/,/.} - ${t0/,/.}:.3f}')")   # EPOCHREALTIME may use a locale comma
        status=$(sed -n 's/^[[:space:]]*Exit status: //p' "$out/time.txt")
        # GNU time reports "Exit status: 0" for a process killed by a signal.
        grep -q '^Command terminated by signal' "$out/time.txt" &&
            status="signal $(sed -n 's/^Command terminated by signal //p' "$out/time.txt")"
        kb=$(sed -n 's/^[[:space:]]*Maximum resident set size (kbytes): //p' "$out/time.txt")
        [ -n "$kb" ] && [ "$kb" -gt "$rss_kb" ] && rss_kb=$kb
        cpu=$(awk -F': ' '/User time|System time/ { s += $2 } END { printf "%.2f", s }' "$out/time.txt")
        if [ -z "$best" ] || python3 -c "import sys; sys.exit(not $seconds < $best)"; then best=$seconds best_cpu=$cpu; fi
    done
    case $status in
        0) ;;
        1) [ "$label" = "${label#soaplint check}" ] && failures+=("$label: exit 1") ;;  # check: 1 = findings
        2) failures+=("$label: exit 2 (usage error or unreadable input): $(tail -n 3 "$out/stderr.txt" | tr '\n' ' ')") ;;
        *) failures+=("$label: FAILED ($status): $(tail -n 5 "$out/stderr.txt" | tr '\n' ' ')") ;;
    esac
    rows+=("$(python3 - "$label" "$bytes" "$notes" "$best" "$best_cpu" "$rss_kb" "$status" <<'EOF'
import sys
label, size, notes, seconds, cpu, rss_kb, status = sys.argv[1:]
mb, seconds, notes = int(size) / 1e6, float(seconds), int(notes)
rate = lambda n, digits: f"{n / seconds:,.{digits}f}" if seconds > 0 else "n/a"
print(f"| `{label}` | {mb:.1f} | {notes:,} | {seconds:.2f} | {cpu} | {rate(mb, 1)} | {rate(notes, 0)} | "
      f"{int(rss_kb) / 1024:.0f} | {status} |")
EOF
)")
    seconds_of[$label]=$best
    commands+=("$(shell_words "$@")> $sink")
}

# Cross-check of the note count: soaplint's own count on a small part of the corpus.
note_count_check() {
    local bin=$1 part=$corpus/batch-000 expected found
    expected=$(awk -F'\t' 'NR > 1 && $1 ~ /^batch-000\// { n += $2 } END { print n + 0 }' "$out/manifest.tsv")
    found=$("$bin" extract --format json "$part" 2>/dev/null |
            python3 -c 'import json,sys; print(len(json.load(sys.stdin)["notes"]))' 2>/dev/null) || found="(extract failed)"
    local verdict="agree"
    [ "$expected" = "$found" ] || verdict="MISMATCH"
    echo "Note count cross-check on \`batch-000/\`: generator wrote $expected notes, \`soaplint extract\` found $found ($verdict)."
}

# The findings themselves: identical bytes whatever the jobs, and the same as the digest recorded
# in bench/expected/ for this seed and size (when one is recorded), so that a change meant only
# to make soaplint faster shows that it changed no finding.
findings_report() {
    local digest expected_file=$bench_dir/expected/findings-seed$BENCH_SEED-${BENCH_MB}mb.sha256
    # Over the output with the corpus folder cut from the file names, so that it does not depend
    # on where the repository is.
    digest=$(sed "s|$corpus/||g" "$out/check.json" | sha256sum | cut -c1-64)
    if [ -f "$out/check-jobs1.json" ] && [ -f "$out/check-jobs2.json" ]; then
        if cmp -s "$out/check-jobs1.json" "$out/check-jobs2.json" && cmp -s "$out/check.json" "$out/check-jobs1.json"; then
            echo "Findings: \`check --jobs 1\`, \`--jobs 2\` and the default wrote identical bytes ($(grep -c '"rule":' "$out/check.json") findings, sha256 \`${digest:0:16}\`)."
        else
            echo "Findings: DIFFERENT bytes between \`--jobs 1\`, \`--jobs 2\` and the default run."
        fi
    fi
    if [ -f "$expected_file" ]; then
        if [ "$(cut -c1-64 "$expected_file")" = "$digest" ]; then
            echo "Same findings as recorded in \`bench/expected/$(basename "$expected_file")\`."
        else
            echo "Findings DIFFER from those recorded in \`bench/expected/$(basename "$expected_file")\` (a rule or reader change, or a regression)."
        fi
    fi
}

machine_info() {
    local bin=$1 cache="" cxx flags
    for cache in "$(dirname "$bin")/CMakeCache.txt" /dev/null; do [ -f "$cache" ] && break; done
    cxx=$(sed -n 's/^CMAKE_CXX_COMPILER:[A-Z]*=//p' "$cache")
    flags="$(sed -n 's/^CMAKE_CXX_FLAGS:[A-Z]*=//p' "$cache") $(sed -n 's/^CMAKE_CXX_FLAGS_RELEASE:[A-Z]*=//p' "$cache")"
    local commit
    commit=$(git -C "$repo" rev-parse --short HEAD 2>/dev/null) || commit=uncommitted
    [ "$commit" != uncommitted ] && [ -n "$(git -C "$repo" status --porcelain 2>/dev/null)" ] && commit="$commit (working tree modified)"
    echo "- Date: $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo "- Machine: $(nproc) CPUs ($(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)), $(awk '/MemTotal/ { printf "%.1f GB", $2 / 1048576 }' /proc/meminfo) RAM, Linux $(uname -r); load average before the run: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "- Compiler: $("${cxx:-c++}" --version 2>/dev/null | head -n 1)"
    echo "- Build: CMAKE_BUILD_TYPE=$(sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "$cache"), flags \`${flags# }\`, binary \`$bin\`"
    echo "- soaplint: $("$bin" --version 2>/dev/null | head -n 1), commit $commit"
    echo "- Corpus: seed $BENCH_SEED, $(json_field "$out/corpus.json" files) files, $bytes bytes, $notes notes ($(json_field "$out/corpus.json" kinds)), encodings $(json_field "$out/corpus.json" encodings), $(json_field "$out/corpus.json" crlf_files) CRLF files, generated by \`python3 bench/gen_notes.py --seed $BENCH_SEED --megabytes $BENCH_MB\`"
    echo "- Page cache warm (every file read once before measuring); best of $BENCH_REPEAT run(s) by wall time; 1 MB = 10^6 bytes; seconds = wall time, CPU s = user + system time of that run (on a shared machine CPU s is the steadier figure)"
}

main() {
    require_tools
    echo "bench: building soaplint (Release)" >&2
    local bin
    bin=$(build_soaplint) || exit 2
    generate_corpus
    bytes=$(json_field "$out/corpus.json" bytes)
    notes=$(json_field "$out/corpus.json" notes)
    rows=() failures=() commands=()
    declare -gA seconds_of=()
    local info
    info=$(machine_info "$bin")
    warm_cache

    echo "bench: measuring" >&2
    measure "soaplint extract --format json" /dev/null "$bin" extract --format json "$corpus"
    measure "soaplint check --format json" "$out/check.json" "$bin" check --format json "$corpus"
    local has_jobs=no
    if "$bin" check --help 2>/dev/null | grep -q -- --jobs; then
        has_jobs=yes
        measure "soaplint check --format json --jobs 1" "$out/check-jobs1.json" "$bin" check --format json --jobs 1 "$corpus"
        measure "soaplint check --format json --jobs 2" "$out/check-jobs2.json" "$bin" check --format json --jobs 2 "$corpus"
    fi
    # grep writes its per-file counts to a file: with its output on /dev/null GNU grep stops at
    # the first match, which would make the baseline meaningless.
    # Start-up and one note end to end, as the pre-commit hook runs it: the median of 20 runs.
    single_note=$(python3 - "$bin" "$repo/fixtures/examples/02-evaluation.md" <<'EOF'
import statistics, subprocess, sys, time
runs = []
for _ in range(20):
    t0 = time.perf_counter()
    subprocess.run([sys.argv[1], "check", "--format", "json", sys.argv[2]], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    runs.append((time.perf_counter() - t0) * 1000)
print(f"{statistics.median(runs):.1f} ms median, {min(runs):.1f} ms fastest, {max(runs):.1f} ms slowest")
EOF
)
    measure "LC_ALL=C grep -rciE <times, dates, CPT codes, degrees>" "$out/grep.counts" env LC_ALL=C grep -rciE "$grep_pattern" "$corpus"

    {
        echo "# soaplint benchmark"
        echo
        echo "$info"
        echo
        echo "| command | MB | notes | seconds | CPU s | MB/s | notes/s | peak RSS MB | exit |"
        echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
        printf '%s\n' "${rows[@]}"
        echo
        if [ $has_jobs = yes ]; then
            python3 -c "import sys; a, b = map(float, sys.argv[1:]); print(f'Speed-up of check --jobs 2 over --jobs 1: {a / b:.2f}x' if b > 0 else 'Speed-up: n/a')" \
                "${seconds_of["soaplint check --format json --jobs 1"]}" "${seconds_of["soaplint check --format json --jobs 2"]}"
        else
            echo "\`soaplint check --jobs\` does not exist yet: no parallel speed-up measured."
        fi
        echo
        findings_report
        echo
        echo "One note end to end (\`soaplint check --format json fixtures/examples/02-evaluation.md\`, process start to exit, 20 runs): $single_note."
        echo
        note_count_check "$bin"
        echo
        echo "Exit status: \`check\` exits 1 when it reports findings (expected: about 10 % of the notes carry a deliberate defect); any other non-zero status is listed below."
        echo
        if [ ${#failures[@]} -gt 0 ]; then
            echo "Problems:"
            printf -- '- %s\n' "${failures[@]}"
            echo
        fi
        echo "Commands (run from \`$repo\`):"
        echo
        echo '```'
        if [ -n "$SOAPLINT" ]; then
            echo "# binary given by SOAPLINT=$SOAPLINT (not built by this run)"
        else
            echo "cmake -S . -B $BENCH_BUILD_DIR -G Ninja -DCMAKE_BUILD_TYPE=Release -DSOAPLINT_TESTS=OFF $BENCH_CMAKE_ARGS && cmake --build $BENCH_BUILD_DIR ${BENCH_BUILD_JOBS:+-j $BENCH_BUILD_JOBS}"
        fi
        printf '%s\n' "${commands[@]}"
        echo '```'
    } | tee "$report"
    echo "bench: report written to $report" >&2
}

main "$@"
