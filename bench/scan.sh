#!/usr/bin/env bash
# Benchmark of `maprace scan`: for heaps holding 10k, 100k and 1M map instances
# (io.maprace.samples.bench.BusyMaps --maps N, two busy worker threads), in one run:
#   - scan time, requests, and the longest pause the scan caused (its own holds of the target);
#   - the target's throughput while the scan runs vs. just before it (ops/s, ratio);
#   - the target's safepoints while the scan runs vs. an idle window of the same length before it
#     (time per second and longest single safepoint, from hsperfdata, ratio);
#   - the target's resident memory before, at most during, and after the scan.
# Prints a table and writes bench/results-scan.md.
#
#   bench/scan.sh [--sizes "10000 100000 1000000"] [--threads 2] [--timeout 900s] [--limit 100000000] [--baseline 8]
set -euo pipefail
source "$(dirname "$0")/lib.sh"
sizes="10000 100000 1000000"; threads=2; timeout=900s; limit=100000000; baseline=8
parse_options "$0 [--sizes \"N ...\"] [--threads N] [--timeout DURATION] [--limit N] [--baseline SECONDS]" \
  sizes threads timeout limit baseline -- "$@"
out="$here/bench/out/scan"; mkdir -p "$out"
ensure_jar

rss_mb() { awk '/VmRSS/ {printf "%d", $2/1024}' "/proc/$1/status"; }
# mean opsPerSec of the progress lines stamped within [from, to] (epoch seconds)
mean_ops() {
  awk -v from="$2" -v to="$3" '$2 == "progress" && $1 >= from && $1 <= to {
      for (i = 3; i <= NF; i++) if ($i ~ /^opsPerSec=/) { split($i, a, "="); s += a[2]; n++ } }
    END { if (n) printf "%.0f", s / n; else print "nan" }' "$1"
}
stat() { python3 -c "import json,sys; print(json.load(open('$1'))['source']['stats']['$2'])"; }

rows=()
for n in $sizes; do
  log="$out/target-$n.log"
  # Stamp each line of the target with the time it arrives.
  java "$jdwp" -cp "$jar" \
      io.maprace.samples.bench.BusyMaps --maps "$n" --threads "$threads" --seconds 0 2>&1 \
    | while IFS= read -r line; do printf '%s %s\n' "$(date +%s.%N)" "$line"; done > "$log" &
  for _ in $(seq 1 600); do grep -q "ready pid=" "$log" 2>/dev/null && break; sleep 0.1; done
  target_pid=$(sed -n 's/.* ready pid=\([0-9]*\).*/\1/p' "$log" | head -1)
  [[ -n "$target_pid" ]] || { echo "BusyMaps did not start" >&2; cat "$log" >&2; exit 1; }
  kill_on_exit "$target_pid"
  echo "== $n maps: pid $target_pid, warming up, then ${baseline}s baseline" >&2
  sleep 3
  b_from=$(date +%s.%N)
  base_pauses=$(java -cp "$jar" "$here/bench/TargetPauses.java" "$target_pid" "$baseline")
  b_to=$(date +%s.%N)
  base_ops=$(mean_ops "$log" "$b_from" "$b_to")
  rss_before=$(rss_mb "$target_pid")

  echo "   scanning..." >&2
  rss_peak=$rss_before
  s_from=$(date +%s.%N)
  MAPRACE_JAVA_OPTS="${MAPRACE_JAVA_OPTS:-}" "$here/bin/maprace" scan "$target_pid" --format json \
      -o "$out/scan-$n.json" --timeout "$timeout" --limit "$limit" -q 2> "$out/scan-$n.err" &
  scan_pid=$!
  while kill -0 "$scan_pid" 2>/dev/null; do
    r=$(rss_mb "$target_pid"); (( r > rss_peak )) && rss_peak=$r
    sleep 0.5
  done
  wait "$scan_pid" || true
  s_to=$(date +%s.%N)
  during_ops=$(mean_ops "$log" "$(python3 -c "print($s_from + 1)")" "$s_to")
  sleep 2
  rss_after=$(rss_mb "$target_pid")
  j="$out/scan-$n.json"
  secs=$(python3 -c "print(round($(stat "$j" elapsedMillis) / 1000, 1))")
  maps=$(stat "$j" mapsChecked); req=$(stat "$j" jdwpRequests); cut=$(stat "$j" cutBy)
  pause=$(stat "$j" longestPauseMillis)
  sp_ms=$(stat "$j" targetSafepointMillis); sp_long=$(stat "$j" targetLongestSafepointMillis)
  b_total=$(sed -n 's/.*totalMs=\([0-9.]*\).*/\1/p' <<< "$base_pauses")
  b_long=$(sed -n 's/.*longestMs=\([0-9.]*\).*/\1/p' <<< "$base_pauses")
  sp_rate=$(python3 -c "print(f'{$sp_ms / max($secs, 0.001):.1f}')")
  b_rate=$(python3 -c "print(f'{$b_total / $baseline:.1f}')")
  rows+=("| $n | $maps | $secs s | $req | $cut | $pause ms | $(ratio "$during_ops" "$base_ops") ($during_ops / $base_ops) | $sp_rate / $b_rate ms/s | $sp_long / $b_long ms | $rss_before / $rss_peak / $rss_after MB |")
  echo "   ${secs}s, $maps maps, throughput x$(ratio "$during_ops" "$base_ops")" >&2
  kill "$target_pid" 2>/dev/null || true
  wait 2>/dev/null || true
done

header="| maps in heap | maps checked | scan time | JDWP requests | cut by | longest pause caused | target throughput during / before (ops/s) | target safepoint time, during / before | longest target safepoint, during / before | target RSS before / peak / after |
|---|---|---|---|---|---|---|---|---|---|"
result=$(cat <<EOT
# scan benchmark

$(date -u +%Y-%m-%d), $(nproc) cores (shared), $(java -version 2>&1 | head -1).
Target: \`io.maprace.samples.bench.BusyMaps --maps N --threads $threads\` with a JDWP agent: N small maps (HashMap,
LinkedHashMap, TreeMap, two entries each) in a static array, and $threads worker threads doing map operations
flat out. \`maprace scan <pid> --timeout $timeout --limit $limit\` (so that the walk is complete), other options
default (4 requests in flight). Throughput is the
target's own ops/s (its once-a-second progress lines) during the scan vs. the ${baseline} s before it; safepoints
are read from the target's hsperfdata, during the scan vs. an idle window of ${baseline} s before it.

$header
$(printf '%s\n' "${rows[@]}")

"Longest pause caused" is the longest time maprace held the target's threads (only to confirm damage on a map
being written; 0 when it only read). Reads suspend nothing, but they are not free: the target's JDWP agent
answers every request on the target's CPUs, and each object read gets an id in the agent's table that the
target's GC must process until maprace detaches.
EOT
)
echo "$result"
echo "$result" > "$here/bench/results-scan.md"
