#!/usr/bin/env bash
# Benchmark of the commands that need no flag in the target, all in one run on this machine:
#  1. a busy program (BusyMaps, no JDWP agent) measured for S seconds just before and S seconds during
#     `maprace watch PID` (which then goes through a flight recording), and with nothing attached (noise floor),
#     over interleaved rounds: throughput during / before in the same JVM;
#  2. time from launching `maprace stuck` to its report on the spinning sample;
#  3. time from launching `maprace watch` (JFR) to the first finding it prints, per racy sample;
#  4. the pause each thread dump costs the target (its own -Xlog:safepoint), at 100 and 1,000 threads.
# Prints the figures and writes bench/results-stuck.md.
#
#   bench/stuck.sh [--seconds 10] [--rounds 3]
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
seconds=10; rounds=3
while [[ $# -gt 0 ]]; do
  case "$1" in
    --seconds) seconds="$2"; shift 2;;
    --rounds) rounds="$2"; shift 2;;
    *) echo "usage: $0 [--seconds N] [--rounds N]" >&2; exit 2;;
  esac
done
out="$here/bench/out/stuck"; rm -rf "$out"; mkdir -p "$out"
jar="$here/cli/target/maprace.jar"
[[ -f "$jar" ]] || (cd "$here" && mvn -q -B -pl cli -am package -DskipTests)
maprace() { java -jar "$jar" "$@"; }
s="io.maprace.samples"
load_start="$(cut -d' ' -f1-3 /proc/loadavg)"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

# start LOG ARGS... : a JVM with no maprace flag; sets $pid once it prints its ready line
start() {
  local log="$1"; shift
  java "$@" >"$log" 2>&1 &
  pid=$!; pids+=("$pid")
  for _ in $(seq 600); do grep -q '^ready' "$log" && return; sleep 0.1; done
  echo "did not start: $(cat "$log")" >&2; exit 1
}
stop() { kill "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }
ms_since() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }
lines() { grep -c '^progress' "$1" || true; }
wait_lines() { for _ in $(seq 1200); do (( $(lines "$1") >= $2 )) && return; sleep 0.1; done; }
mean_ops() {
  grep '^progress' "$1" | sed -n "$2,$3p" | sed 's/.*opsPerSec=\([0-9]*\).*/\1/' \
    | awk '{s+=$1; n++} END {if (n) printf "%d\n", s/n; else print 0}'
}

# 1. throughput: "before during" of one run
throughput() {
  local mode="$1" round="$2" log="$out/busy-$1-$2.log"
  start "$log" -cp "$jar" "$s.bench.BusyMaps" --threads 2 --seconds $((3 * seconds + 60))
  wait_lines "$log" 5
  local b0=$(( $(lines "$log") + 1 )); wait_lines "$log" $((b0 + seconds - 1)); local b1; b1=$(lines "$log")
  local d0=$(( b1 + 2 ))
  if [[ "$mode" == watch ]]; then
    # the recording starts a second or two after launch (JVM start, attach): the window starts after it
    maprace watch "$pid" --duration "$((seconds + 4))s" -q -f json -o "$out/watch-$round.json" \
      2>"$out/watch-$round.err" || echo "watch failed: see $out/watch-$round.err" >&2
    d0=$(( b1 + 4 ))
  else
    wait_lines "$log" $((d0 + seconds - 1))
  fi
  local d1; d1=$(lines "$log")
  echo "$(mean_ops "$log" "$b0" "$b1") $(mean_ops "$log" "$d0" "$d1")"
  stop "$pid"
}
declare -A ratios
for round in $(seq "$rounds"); do
  for mode in none watch; do
    echo "round $round: $mode..." >&2
    read -r before during < <(throughput "$mode" "$round") || true
    [[ -n "${before:-}" && "${before:-0}" != 0 ]] || { echo "  failed" >&2; continue; }
    r=$(python3 -c "print(f'{$during/$before:.3f}')"); echo "  $before -> $during ops/s: $r" >&2
    ratios[$mode]+="$r "
  done
done
summary() { python3 -c "
import statistics as s; v=[float(x) for x in '$1'.split()]
print(f'{s.median(v):.3f} | {min(v):.3f} - {max(v):.3f} ({len(v)} runs)' if v else 'no run | -')"; }

# 2. stuck on the spinning sample
stuck_rows=""
for sample in corrupt.SpinningTreeBin corrupt.CyclicBin; do
  echo "stuck: $sample..." >&2
  start "$out/$sample.log" --add-opens=java.base/java.util=ALL-UNNAMED -cp "$jar" "$s.$sample" --threads 2 --seconds 0
  t0=$(date +%s%N)
  maprace stuck "$pid" -q -f json -o "$out/stuck-$sample.json" || true
  wall=$(ms_since "$t0")
  row=$(python3 -c "
import json; r=json.load(open('$out/stuck-$sample.json')); f=r['findings']
print(f\"{f[0]['severity']} | {f[0]['sites'][0]} | {', '.join('%.0f%%' % (e['cpuShare']*100) for e in f[0]['evidence'])}\" if f else 'none | - | -')")
  stuck_rows+="| $sample | $wall | $row |"$'\n'
  stop "$pid"
done

# 3. time to the first finding of the JFR watch, per racy sample (ended with Ctrl-C once it is printed)
racy=(singleton.FactoryCacheRace lru.ReadLockedLruRace weak.WeakKeyCacheRace registry.RegistryInnerMapsRace
      percall.InProgressSetRace custommap.HiddenInnerMapRace)
watch_rows=""
for cls in "${racy[@]}"; do
  echo "watch (JFR): $cls..." >&2
  start "$out/$cls.log" -cp "$jar" "$s.$cls" --seconds 0 --quiet
  target=$pid
  t0=$(date +%s%N)
  java -jar "$jar" watch "$target" --duration 60s -f json -o "$out/watch-$cls.json" 2>"$out/watch-$cls.err" &
  tool=$!
  first="-"
  for _ in $(seq 1200); do
    if grep -qE '^maprace watch: (candidate|likely|proven): ' "$out/watch-$cls.err"; then first=$(ms_since "$t0"); break; fi
    kill -0 "$tool" 2>/dev/null || break
    sleep 0.05
  done
  kill -TERM "$tool" 2>/dev/null || true; wait "$tool" 2>/dev/null || true
  finding=$(grep -m1 -E '^maprace watch: (candidate|likely|proven): ' "$out/watch-$cls.err" | sed 's/^maprace watch: //' | cut -c1-110 || true)
  left=$(jcmd "$target" JFR.check 2>/dev/null | grep -c 'name=maprace-' || true)
  watch_rows+="| $cls | $first | ${finding:-none} | $left |"$'\n'
  stop "$target"
done

# 4. the pause of a thread dump, from the target's safepoint log
pause_rows=""
for n in 100 1000; do
  echo "thread dump pause, $n threads..." >&2
  start "$out/threads-$n.log" "-Xlog:safepoint:file=$out/safepoint-$n.log" "$here/bench/ManyThreads.java" "$n"
  sleep 1
  t0=$(date +%s%N)
  maprace stuck "$pid" -q --dumps 4 -o "$out/stuck-threads-$n.txt" || true
  wall=$(ms_since "$t0")
  sleep 0.5
  pause=$(python3 -c "
import re
per=[]; cur=0
for line in open('$out/safepoint-$n.log'):
    m=re.search(r'Safepoint \"(\w+)\".*Total: (\d+) ns', line)
    if not m: continue
    if m.group(1)=='PrintThreads': cur=int(m.group(2)); per.append(cur)
    elif m.group(1) in ('PrintJNI','FindDeadlocks') and per: per[-1]+=int(m.group(2))
per=[p/1e6 for p in per]
import statistics as s
print(f'{len(per)} | {s.median(per):.2f} | {max(per):.2f}' if per else '0 | - | -')")
  pause_rows+="| $n | $pause | $wall |"$'\n'
  stop "$pid"
done

result=$(cat <<EOT
# stuck and JFR-watch benchmark

$(date -u +%Y-%m-%d), $(nproc) cores, load average $load_start at the
start and $(cut -d' ' -f1-3 /proc/loadavg) at the end; $(java -version 2>&1 | head -1).
\`bench/stuck.sh --seconds $seconds --rounds $rounds\`. Every target is started with no maprace flag.

## Throughput of a busy program during a watch through JFR

\`$s.bench.BusyMaps --threads 2\` (no JDWP agent, so \`maprace watch PID\` starts a \`settings=profile\`
recording through the Attach API and tails its repository). The same JVM is measured for ${seconds} s before and
${seconds} s during the watch; goal: at least 0.97.

| during the ${seconds} s | throughput during / before (median) | range |
|---|---:|---:|
| nothing attached (noise floor) | $(summary "${ratios[none]:-}") |
| \`maprace watch PID\` (flight recording, settings=profile) | $(summary "${ratios[watch]:-}") |

## Time to the stuck threads

\`maprace stuck PID\` (default 4 dumps 400 ms apart), from launching the tool (JVM start included) to its exit with
the report; goal: under 5 s.

| sample | wall ms | verdict | site | CPU share of each thread |
|---|---:|---|---|---|
$stuck_rows
## Time to the first finding of the JFR watch

\`maprace watch PID\` on each racy sample; time from launching the tool to the first finding it prints (interim
findings are computed every 3 s; events reach the stream 1-2 s after they happen); the watch is then ended
with SIGTERM, which runs the same shutdown path as Ctrl-C, and the last column counts maprace recordings left in the target (\`JFR.check\`).

| sample | ms to first finding | first finding | recordings left |
|---|---:|---|---:|
$watch_rows
## Pause of a thread dump

Target \`bench/ManyThreads.java N\` (N threads parked 10 frames deep), \`-Xlog:safepoint\`; \`maprace stuck --dumps 4\`.
Each dump is the \`PrintThreads\` safepoint plus its \`PrintJNI\` and \`FindDeadlocks\` ones (all summed).

| threads | dumps seen | median pause ms | longest pause ms | stuck wall ms |
|---:|---:|---:|---:|---:|
$pause_rows
EOT
)
echo "$result" | tee "$here/bench/results-stuck.md"
