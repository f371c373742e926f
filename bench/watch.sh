#!/usr/bin/env bash
# Benchmark of `maprace watch`, all in one run on this machine:
#  1. a busy program (the samples' BusyMaps: thread-local HashMap work plus writes to one shared map) measured for
#     S seconds just before and S seconds during each of: nothing (the noise floor), `maprace watch --map` on its
#     racy map, `maprace watch --map` on the same program run with `--locked 1` (its shared writes under the map's
#     monitor: never proven, it samples all along), and the
#     naive approach (a breakpoint in HashMap.putVal filtered on the map). Throughput ratio during/before in the
#     same JVM, over several interleaved rounds (the machine may be shared: load shifts between runs);
#  2. every racy program: time from launching `maprace watch --stop-on-proof` to the proven finding.
# Prints the figures and writes bench/results-watch.md.
#
#   bench/watch.sh [--seconds 10] [--rounds 3] [--threads 2] [--budget 5%]
set -euo pipefail
source "$(dirname "$0")/lib.sh"
seconds=10; rounds=3; threads=2; budget="5%"
parse_options "$0 [--seconds N] [--rounds N] [--threads N] [--budget PCT]" seconds rounds threads budget -- "$@"
out="$here/bench/out/watch"; rm -rf "$out"; mkdir -p "$out"
ensure_jar
# The busy program is the samples' BusyMaps (its racy map is SHARED); the never-proven case runs it with
# --locked 1, the same work with its shared writes under the map's monitor.
busy="io.maprace.samples.bench.BusyMaps"; busy_map="$busy.SHARED"
s="io.maprace.samples"
racy=(
  "$s.singleton.FactoryCacheRace|$s.singleton.Factory.DEFAULT.cache"
  "$s.lru.ReadLockedLruRace|$s.lru.QuoteService.INSTANCE.quotes.map"
  "$s.weak.WeakKeyCacheRace|$s.weak.HandlerCache.CACHE"
  "$s.registry.RegistryInnerMapsRace|$s.registry.Registry.INSTANCE.entries[*].cache"
  "$s.percall.InProgressSetRace|$s.percall.Context.SHARED.inProgress"
  "$s.custommap.HiddenInnerMapRace|$s.custommap.Attachments.INSTANCE.byCategory[*].map"
)
warmup=5

# start_sample LOG CLASS ARGS... ; sets $sample_pid and $port (JDWP agent listening, no debugger)
start_sample() {
  local log="$1"; shift
  java "$jdwp" -cp "$jar" "$@" >"$log" 2>&1 &
  sample_pid=$!; kill_on_exit "$sample_pid"
  for _ in $(seq 300); do grep -q '^ready' "$log" && break; sleep 0.1; done
  grep -q '^ready' "$log" || { echo "sample did not start: $(cat "$log")" >&2; exit 1; }
  port="$(sed -n 's/.*Listening for transport dt_socket at address: \([0-9]*\).*/\1/p' "$log" | tail -1)"
}
lines() { grep -c '^progress' "$1" || true; }
wait_lines() { local log="$1" n="$2"; for _ in $(seq 900); do (( $(lines "$log") >= n )) && return; sleep 0.1; done; }
# mean opsPerSec of progress lines FROM..TO (1-based, inclusive)
mean_ops() {
  grep '^progress' "$1" | sed -n "$2,$3p" | sed 's/.*opsPerSec=\([0-9]*\).*/\1/' \
    | awk '{s+=$1; n++} END {if (n) printf "%d\n", s/n; else print 0}'
}

# run MODE ROUND: prints "before during"
run() {
  local mode="$1" round="$2" log="$out/busy-$1-$2.log"
  local locked=0; [[ "$mode" == watch-locked ]] && locked=1
  start_sample "$log" "$busy" --threads "$threads" --seconds $((warmup + 3 * seconds + 30)) --locked "$locked"
  wait_lines "$log" "$warmup"
  local b0=$(( $(lines "$log") + 1 ))
  wait_lines "$log" $((b0 + seconds - 1))
  local b1; b1=$(lines "$log")
  local d0=$(( b1 + 2 )) # skip the line that straddles the start
  case "$mode" in
    none) wait_lines "$log" $((d0 + seconds - 1)) ;;
    watch-racy|watch-locked)
      java -jar "$jar" watch --map "$busy_map" --duration "$((seconds + 1))s" --budget "$budget" -f json \
        -o "$out/$mode-$round.json" "127.0.0.1:$port" 2>"$out/$mode-$round.err" || echo "watch failed: see $out/$mode-$round.err" >&2 ;;
    naive)
      java "$here/bench/NaivePutValWatch.java" "$port" "$busy" SHARED "$((seconds + 1))" \
        >"$out/naive-$round.out" 2>&1 || echo "naive watch failed: see $out/naive-$round.out" >&2 ;;
  esac
  local d1; d1=$(lines "$log")
  echo "$(mean_ops "$log" "$b0" "$b1") $(mean_ops "$log" "$d0" "$d1")"
  kill "$sample_pid" 2>/dev/null || true; wait "$sample_pid" 2>/dev/null || true
}

modes=(none watch-racy watch-locked naive)
declare -A ratios
for round in $(seq "$rounds"); do
  for mode in "${modes[@]}"; do
    echo "round $round: $mode..." >&2
    read -r before during < <(run "$mode" "$round") || true
    if [[ -z "${before:-}" || -z "${during:-}" || "$before" == 0 ]]; then
      echo "  run failed, skipped" >&2; continue
    fi
    r=$(ratio "$during" "$before" 3)
    echo "  before $before ops/s, during $during ops/s: $r" >&2
    ratios[$mode]+="$r "
  done
done
summary() { python3 -c "
import statistics as s; v=[float(x) for x in '$1'.split()]
print(f'{s.median(v):.3f} | {min(v):.3f} - {max(v):.3f} ({len(v)} runs)' if v else 'no run | -')"; }
jstat() { python3 -c "
import json,statistics as st
import os
vals=[json.load(open(f))['source']['stats'].get('$2') for f in ['$out/$1-%d.json'%r for r in range(1,$rounds+1)] if os.path.exists(f)]
vals=[v for v in vals if v is not None]
print(st.median(vals) if vals else '-')"; }
verdicts() { python3 -c "
import json
import os
fs=['$out/$1-%d.json'%r for r in range(1,$rounds+1)]
print(' '.join((json.load(open(f))['findings'] or [{'severity':'none'}])[0]['severity'] for f in fs if os.path.exists(f)))"; }
naive_hits=$(cat "$out"/naive-*.out 2>/dev/null | sed -n 's/hits=//p' | tr '\n' ' ')

proof_rows=""
for entry in "${racy[@]}"; do
  cls="${entry%%|*}"; map="${entry#*|}"; name="${cls##*.}"
  echo "time to proof: $name..." >&2
  start_sample "$out/$name.log" "$cls" --seconds 60 --quiet
  t0=$(date +%s%N)
  java -jar "$jar" watch --map "$map" --stop-on-proof --duration 15s -f json -o "$out/$name.json" "127.0.0.1:$port" \
    2>"$out/$name.err" || true
  wall=$(( ($(date +%s%N) - t0) / 1000000 ))
  read -r sev first setup < <(python3 -c "
import json; r=json.load(open('$out/$name.json')); s=r['source']['stats']; f=r['findings']
print(f[0]['severity'] if f else 'none', s.get('firstProofMillis','-'), s.get('setupMillis','-'))")
  proof_rows+="| $name | \`$map\` | $sev | $wall | $setup | $first |"$'\n'
  kill "$sample_pid" 2>/dev/null || true; wait "$sample_pid" 2>/dev/null || true
done

result=$(cat <<EOT
# watch benchmark

$(date -u +%Y-%m-%d), $(nproc) cores, load average at the end $(cut -d' ' -f1-3 /proc/loadavg),
$(java -version 2>&1 | head -1). \`bench/watch.sh --seconds $seconds --rounds $rounds --threads $threads --budget $budget\`.

## Throughput of a busy program

\`$busy\` ($threads threads: thread-local map work, then one write to the racy \`SHARED\` map every 256
operations), with the JDWP agent loaded; the correct-map row runs it with \`--locked 1\` (the same work, its shared
writes under the map's monitor). Each run measures the same JVM for ${seconds} s just before the tool
attaches and ${seconds} s while it runs (after ${warmup} s of warm-up); the ratio during/before is what the tool
costs. Median and range over $rounds interleaved rounds.

| during the ${seconds} s | throughput during / before (median) | range |
|---|---:|---:|
| nothing attached (noise floor) | $(summary "${ratios[none]}") |
| \`maprace watch --map $busy_map\` (racy: proven, then rests) | $(summary "${ratios[watch-racy]}") |
| \`maprace watch --map $busy_map\` on \`--locked 1\` (correct: never proven, samples all along) | $(summary "${ratios[watch-locked]}") |
| naive: breakpoint in \`HashMap.putVal\` with an instance filter | $(summary "${ratios[naive]}") |

- racy map: verdicts $(verdicts watch-racy); first proof (median) $(jstat watch-racy firstProofMillis) ms after the
  breakpoints went on, after $(jstat watch-racy setupMillis) ms of setup; measured overhead
  $(jstat watch-racy overheadPercent)% of the writing threads' time.
- correct map: verdicts $(verdicts watch-locked); watched $(jstat watch-locked watchedFraction) of the time (median),
  measured overhead $(jstat watch-locked overheadPercent)%, $(jstat watch-locked hits) hits.
- naive: $naive_hits hits per round, and no verdict: it sees writes, not whether two overlap.

## Time to the first proven finding, per racy program

\`maprace watch --map MAP --stop-on-proof\` with the default budget against a running program; "wall" is from
launching the tool (JVM start, attach, site search, warm-up) to its exit with the report.

| program | map | verdict | wall ms | setup ms | proof ms after arming |
|---|---|---|---:|---:|---:|
$proof_rows
EOT
)
echo "$result" | tee "$here/bench/results-watch.md"
