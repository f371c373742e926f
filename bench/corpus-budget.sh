#!/usr/bin/env bash
# The target's throughput over a whole watched session on the corpus (issue 10's budget): each driver runs S
# seconds once unwatched and once with `maprace watch PID --duration W` (no --map: attach, scan-ranking, arming,
# watching, the integrity checks, detaching — everything the tool does to it) started 3 s after it is ready.
# Ratio = the driver's own operation count watched / unwatched, in one run of this script, rounds interleaved.
# Also the watch's setup time (attach + ranking, `setupMillis`) and its own overhead estimate.
# Prints a table and writes bench/results-corpus-budget.md.
#
#   mvn -B -ntp -q -pl corpus -am package -DskipTests && bench/corpus-budget.sh [--seconds 40] [--watch 20] [--rounds 1]
set -euo pipefail
source "$(dirname "$0")/lib.sh"
seconds=40; watch=20; rounds=1; releases="fixed racy"; drivers=""
parse_options "$0 [--seconds N] [--watch N] [--rounds N] [--releases 'fixed racy'] [--drivers 'hutool-lru ...']" \
  seconds watch rounds releases drivers -- "$@"
target="$here/corpus/target"
samples="$here/samples/target/classes"
maprace="$here/bin/maprace"
out="$here/bench/out/corpus-budget"; rm -rf "$out"; mkdir -p "$out"
opens="--add-opens java.base/java.util=ALL-UNNAMED"
source "$(dirname "${BASH_SOURCE[0]}")/corpus-pairs.sh"

# run_driver LOG DRIVER RELEASE WATCH(yes|no): runs the driver S seconds, optionally watched; prints its ops
run_driver() {
  local log=$1 driver=$2 release=$3 watched=$4
  java -XX:TieredStopAtLevel=1 $opens $jdwp -cp "$target/classes:$samples:$target/corpus/$release/*" \
    io.maprace.corpus.CorpusMain "$driver" --seconds "$seconds" --quiet >"$log" 2>&1 &
  local pid=$!; kill_on_exit "$pid"
  for _ in $(seq 300); do grep -q '^ready pid=' "$log" && break; sleep 0.1; done
  if [[ $watched == yes ]]; then
    sleep 3
    "$maprace" watch "$pid" --duration "${watch}s" --format json -o "$log.watch.json" -q 2>"$log.watch.err" || true
  fi
  wait "$pid" || true
  sed -n 's/^done ops=\([0-9]*\).*/\1/p' "$log" | tail -1
}

load_start=$(cut -d' ' -f1-3 /proc/loadavg)
rows=()
for round in $(seq "$rounds"); do
  for pair in "${pairs[@]}"; do
    read -r driver racy fixed <<<"$pair"
    [[ -n $drivers && ! " $drivers " =~ " $driver " ]] && continue
    for kind in $releases; do
      release=$racy; [[ $kind == fixed ]] && release=$fixed
      name="$driver@$release.r$round"
      plain=$(run_driver "$out/$name.plain" "$driver" "$release" no)
      watched=$(run_driver "$out/$name.watched" "$driver" "$release" yes)
      json="$out/$name.watched.watch.json"
      setup="-"; overhead="-"; fraction="-"; found="-"
      if [[ -s $json ]]; then
        setup=$(jq -r '.source.stats.setupMillis' "$json")
        overhead=$(jq -r '.source.stats.overheadPercent' "$json")
        fraction=$(jq -r '.source.stats.watchedFraction' "$json")
        found=$(jq -r '[.findings[] | "\(.kind)/\(.severity)"] | unique | join(",")' "$json")
      fi
      r=$(ratio "${watched:-0}" "${plain:-0}")
      rows+=("| $driver | $release | ${plain:-?} | ${watched:-?} | $r | $setup | $fraction | $overhead | ${found:-none} |")
      echo "${rows[-1]}"
    done
  done
done

{
  echo "# Throughput of the corpus drivers over a whole watched session"
  echo
  echo "$(date -u +%F), $(nproc) cores, load average before: $load_start (after the runs, see"
  echo "below), $(java -version 2>&1 | head -1). Each driver: 4 worker threads calling the library for ${seconds} s, JDWP"
  echo "agent loaded in both runs; the watched run has \`maprace watch PID --duration ${watch}s\` (no \`--map\`) from 3 s"
  echo "after ready. Ops: the driver's own count over its whole run. Rounds: $rounds."
  echo
  echo "| driver | release | ops unwatched | ops watched | watched / unwatched | setup (ms) | watched fraction | tool's overhead estimate (%) | findings |"
  echo "|---|---|---:|---:|---:|---:|---:|---:|---|"
  printf '%s\n' "${rows[@]}"
  echo
  echo "Load average after: $(cut -d' ' -f1-3 /proc/loadavg)."
} >"$here/bench/results-corpus-budget.md"
echo "wrote bench/results-corpus-budget.md"
