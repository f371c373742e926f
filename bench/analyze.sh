#!/usr/bin/env bash
# Benchmark of `maprace analyze` on a large recording, against the JDK's own `jfr summary` and a bare
# RecordingFile loop that reads every stack, all timed in this one run on the same file; `analyze` runs with its
# own reader (the default) and with `--reader jdk`, and the two reports must be identical. The tools run one
# after the other in each of several rounds: on a shared machine a ratio is only fair within a round, so the
# result is the median of the rounds' ratios, with the load average they ran under. Peak RSS is also taken on a
# file a fifth of the size, to show it does not grow with the file. Writes bench/results-analyze.md, keeping its
# hand-written notes.
#
#   bench/analyze.sh [--size-mb 500] [--record-seconds 30] [--xmx 256m] [--rounds 5]
set -euo pipefail
source "$(dirname "$0")/lib.sh"
size_mb=500; record_seconds=30; xmx=256m; rounds=5
parse_options "$0 [--size-mb N] [--record-seconds N] [--xmx SIZE] [--rounds N]" \
  size-mb record-seconds xmx rounds -- "$@"
out="$here/bench/out"; mkdir -p "$out"
ensure_jar
java_home="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"
jfr="$java_home/bin/jfr"

base="$out/busy.jfr"
if [[ ! -s "$base" ]]; then
  echo "recording a busy sample for ${record_seconds}s (settings=profile)..." >&2
  java -XX:StartFlightRecording:settings=profile,filename="$base" -cp "$jar" \
    io.maprace.samples.bench.BusyMaps --seconds "$record_seconds" --threads 4 --quiet >/dev/null
fi
# A JFR file is a sequence of self-contained chunks: concatenated recordings are a valid recording.
concat() {
  if [[ ! -s "$2" ]]; then
    : > "$2"
    while (( $(stat -c %s "$2") < $1 * 1024 * 1024 )); do cat "$base" >> "$2"; done
  fi
}
big="$out/big-${size_mb}mb.jfr"; concat "$size_mb" "$big"
small="$out/big-$((size_mb / 5))mb.jfr"; concat $((size_mb / 5)) "$small"
bytes=$(stat -c %s "$big")
echo "file: $big ($((bytes / 1024 / 1024)) MB)" >&2

# seconds and peak RSS (MB) of a command
measure() {
  local log="$out/time.log"
  /usr/bin/time -f "%e %M" -o "$log" "$@" >/dev/null 2>"$out/stderr.log" || { cat "$out/stderr.log" >&2; return 1; }
  awk '{printf "%s %d\n", $1, $2/1024}' "$log"
}
javac -d "$out" "$here/bench/ReadAllStacks.java"
# Warm the page cache so the first tool does not pay for the disk alone, and let bin/maprace write its class-data
# archive (the first analyze with a JDK and a jar does, once; a column below runs without it).
cat "$big" > /dev/null
"$here/bin/maprace" analyze -q "$small" > /dev/null

# One line per round: load, then seconds and peak RSS of each tool.
rows="$out/rounds.txt"; : > "$rows"
for ((i = 1; i <= rounds; i++)); do
  load=$(cut -d' ' -f1 /proc/loadavg)
  read -r t_summary m_summary < <(measure "$jfr" summary "$big")
  read -r t_loop m_loop < <(measure java -cp "$out" ReadAllStacks "$big")
  # As users run it: bin/maprace picks the JIT (C1 alone for recordings under 3 GB).
  read -r t_analyze m_analyze < <(MAPRACE_JAVA_OPTS=-Xmx"$xmx" measure "$here/bin/maprace" analyze -q --format json -o "$out/report.json" "$big")
  read -r t_jdk m_jdk < <(MAPRACE_JAVA_OPTS=-Xmx"$xmx" measure "$here/bin/maprace" analyze -q --reader jdk --format json -o "$out/report-jdk.json" "$big")
  # The jar alone, with the JVM's default tiered JIT.
  read -r t_tiered m_tiered < <(measure java -Xmx"$xmx" -jar "$jar" analyze -q --format json -o "$out/report-tiered.json" "$big")
  # The default: the text report on standard output, as `jfr summary` writes its own.
  read -r t_text m_text < <(MAPRACE_JAVA_OPTS=-Xmx"$xmx" measure "$here/bin/maprace" analyze -q "$big")
  read -r t_nocds m_nocds < <(MAPRACE_CDS=0 MAPRACE_JAVA_OPTS=-Xmx"$xmx" measure "$here/bin/maprace" analyze -q "$big")
  echo "$load $t_summary $m_summary $t_loop $m_loop $t_analyze $m_analyze $t_jdk $m_jdk $t_tiered $m_tiered $t_text $m_text $t_nocds $m_nocds" | tee -a "$rows" >&2
done
read -r t_small m_small < <(MAPRACE_JAVA_OPTS=-Xmx"$xmx" measure "$here/bin/maprace" analyze -q --format json -o "$out/report-small.json" "$small")
small_mb=$(( $(stat -c %s "$small") / 1024 / 1024 ))
findings=$(python3 -c "import json;print(len(json.load(open('$out/report.json'))['findings']))" 2>/dev/null || echo "?")
# The two readers' reports, without the one field allowed to differ (how long the analysis took).
same=$(python3 - "$out/report.json" "$out/report-jdk.json" <<'PY'
import json, sys
a, b = (json.load(open(f)) for f in sys.argv[1:3])
for r in (a, b):
    r["source"]["stats"].pop("analysisMillis", None)
print("identical" if a == b else "DIFFERENT")
PY
)
events=$(python3 -c "import json;print(json.load(open('$out/report.json'))['source']['stats']['eventsRead'])")

# median time, median ratio to the round's `jfr summary`, and largest peak RSS of the tool in column $1
stats() {
  python3 - "$rows" "$1" <<'PY'
import statistics, sys
rows = [list(map(float, l.split())) for l in open(sys.argv[1]) if l.strip()]
c = int(sys.argv[2])
t = statistics.median(r[c] for r in rows)
ratio = statistics.median(r[c] / r[1] for r in rows)
print(f"{t:.2f} | {ratio:.2f} | {max(int(r[c + 1]) for r in rows)}")
PY
}
loads=$(awk '{print $1}' "$rows" | sort -n | awk '{a[NR]=$1} END {print a[1] "–" a[NR]}')
result=$(cat <<EOT
# analyze benchmark

$(date -u +%Y-%m-%d), $(nproc) cores (load average $loads during the runs), $(java -version 2>&1 | head -1).
Recording: ${record_seconds} s of \`io.maprace.samples.bench.BusyMaps\` under \`settings=profile\`, concatenated to
$((bytes / 1024 / 1024)) MB. The tools read the same file one after the other, page cache warm, in each of
$rounds rounds; times and ratios are medians over the rounds (ratio to \`jfr summary\` in the same round), RSS
the largest.

| tool | time (s) | vs. \`jfr summary\` | peak RSS (MB) |
|---|---|---|---|
| \`jfr summary\` (JDK) | $(stats 1) |
| bare \`RecordingFile\` loop reading every stack | $(stats 3) |
| \`bin/maprace analyze\` (\`-Xmx$xmx\`, C1 alone; text report on standard output, the default) | $(stats 11) |
| the same with \`MAPRACE_CDS=0\` (no class-data archive) | $(stats 13) |
| \`bin/maprace analyze --format json -o FILE\` (\`-Xmx$xmx\`, C1 alone) | $(stats 5) |
| \`bin/maprace analyze --reader jdk --format json -o FILE\` (\`-Xmx$xmx\`, C1 alone) | $(stats 7) |
| \`java -Xmx$xmx -jar maprace.jar analyze --format json -o FILE\` (tiered JIT) | $(stats 9) |

\`maprace analyze\` read $events events and reported $findings findings; the reports of its own reader and of
\`--reader jdk\` are $same (JSON, \`analysisMillis\` aside). Peak RSS of \`maprace analyze\` on a ${small_mb} MB file
of the same recording: $m_small MB (against the largest above on $((bytes / 1024 / 1024)) MB).
EOT
)
# Notes written by hand below the table ("## Notes" onwards) are kept.
results="$here/bench/results-analyze.md"
notes=""
[[ -f "$results" ]] && notes=$(sed -n '/^## Notes/,$p' "$results")
{ echo "$result"; if [[ -n "$notes" ]]; then printf '\n%s\n' "$notes"; fi; } > "$results"
echo "$result"
