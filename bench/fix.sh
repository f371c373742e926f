#!/usr/bin/env bash
# Benchmark of `maprace fix`: how long the threads that use a map are held while it is replaced (and how long
# the one thread that makes the replacement beforehand is held alone), for maps of
# 10k, 100k and 1M entries, through a field declared Map (wrapped) and one declared HashMap (moved into a
# synchronized subclass), and the target's throughput before and after. The target is bench/FixBench.java.
# Writes bench/out/fix-results.txt (one line per run); the figures and notes live in bench/results-fix.md.
#
#   bench/fix.sh [--sizes "10000 100000 1000000"] [--rounds 3] [--threads 2]
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
sizes="10000 100000 1000000"; rounds=3; threads=2
while [[ $# -gt 0 ]]; do
  case "$1" in
    --sizes) sizes="$2"; shift 2;;
    --rounds) rounds="$2"; shift 2;;
    --threads) threads="$2"; shift 2;;
    *) echo "usage: $0 [--sizes \"N ...\"] [--rounds N] [--threads N]" >&2; exit 2;;
  esac
done
out="$here/bench/out"; mkdir -p "$out"
[[ -f "$here/cli/target/maprace.jar" ]] || (cd "$here" && mvn -q -B package -DskipTests)
records="$(mktemp -d)"
results="$out/fix-results.txt"; : > "$results"

mean_ops() { # mean opsPerSec of the given progress lines
  { grep -ao 'opsPerSec=[0-9]*' || true; } | cut -d= -f2 | awk '{s+=$1; n++} END {if (n) printf "%d", s/n; else print 0}'
}
progress() { grep -a '^progress' "$1" || true; }

for size in $sizes; do
  for field in map concrete; do
    for round in $(seq 1 "$rounds"); do
      log="$out/fix-target-$size-$field-$round.log"
      java -Xmx1g -XX:+UseSerialGC -Xlog:gc:file="$out/fix-gc.log" \
        -agentlib:jdwp=transport=dt_socket,server=y,suspend=n,address=127.0.0.1:0 \
        "$here/bench/FixBench.java" --entries "$size" --threads "$threads" --field "$field" > "$log" 2>&1 &
      pid=$!
      for _ in $(seq 1 600); do grep -aq '^ready' "$log" && break; sleep 0.1; done
      sleep 4
      before=$(progress "$log" | tail -3 | mean_ops)
      lines_before=$(progress "$log" | wc -l)
      fixout="$("$here/bin/maprace" fix "$pid" --map "FixBench.$field" --yes -q --records "$records" 2>&1 || true)"
      held=$(sed -n 's/.*held \([0-9]*\) ms.*/\1/p' <<<"$fixout" | head -1 || true)
      phases=$(sed -n 's/.*note: hold: //p' <<<"$fixout")
      prep=$(sed -n 's/.*before the swap: .* held alone for \([0-9]*\) ms.*/\1/p' <<<"$fixout" | head -1 || true)
      sleep 5
      after=$(progress "$log" | tail -n +$((lines_before + 2)) | tail -3 | mean_ops)
      load=$(cut -d' ' -f1 /proc/loadavg)
      echo "size=$size field=$field round=$round held_ms=${held:-FAILED} prep_one_thread_ms=${prep:-?} before_ops=$before after_ops=$after load=$load phases=[$phases]" | tee -a "$results"
      [[ -n "$held" ]] || echo "$fixout" | tail -3 >&2
      kill "$pid" 2>/dev/null || true
      wait "$pid" 2>/dev/null || true
    done
  done
done
rm -rf "$records"
