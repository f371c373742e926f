#!/usr/bin/env bash
# Runs maprace's commands on every corpus driver, racy and fixed release, as a user would, and writes what happened
# to corpus/target/corpus-results/ (reports, stderr, driver output) and a summary table on stdout.
#
#   mvn -B -ntp -q -pl corpus -am package -DskipTests && bench/corpus.sh [DRIVER...]
#
# Per driver and release, three runs on fresh target JVMs (4 worker threads each):
#   scan:    target with JDWP (running 100 s), scanned 5 s after it is ready (--timeout 30s)
#   watch:   target with JDWP (running 60 s), watched without --map for 20 s from 3 s after it is ready
#   analyze: target with no flag but a profile recording (-XX:StartFlightRecording:settings=profile) for 20 s
#   after:   target with JDWP running 40 s, then printing its post-mortem check and staying up (--linger), its
#            workers done: scan (JDWP, --timeout 120s) and scan --heap-dump read the maps the check read, as it
#            left them (scan-after, dump-after)
# Each target then ends on its own and prints its post-mortem check (corpus-check lines).
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
target="$here/corpus/target"
out="$target/corpus-results"
mkdir -p "$out"
samples="$here/samples/target/classes"
maprace="$here/bin/maprace"
jdwp="-agentlib:jdwp=transport=dt_socket,server=y,suspend=n,address=127.0.0.1:0"
opens="--add-opens java.base/java.util=ALL-UNNAMED"

source "$(dirname "${BASH_SOURCE[0]}")/corpus-pairs.sh"

# start_target NAME DRIVER RELEASE SECONDS EXTRA_FLAGS... : starts a driver JVM, waits for its ready line, sets $pid
start_target() {
  local name=$1 driver=$2 release=$3 seconds=$4; shift 4
  local log="$out/$name.driver.out"
  java -XX:TieredStopAtLevel=1 $opens "$@" -cp "$target/classes:$samples:$target/corpus/$release/*" \
    io.maprace.corpus.CorpusMain "$driver" --seconds "$seconds" --quiet ${LINGER:+--linger $LINGER} \
    >"$log" 2>"$out/$name.driver.err" &
  pid=$!
  for _ in $(seq 1 300); do grep -q '^ready pid=' "$log" 2>/dev/null && return 0; sleep 0.1; done
  echo "no ready line from $name" >&2
  return 1
}

# await_checks NAME: waits (up to 120 s) for a lingering target to print its post-mortem check
await_checks() {
  for _ in $(seq 1 1200); do grep -q '^corpus-lingering pid=' "$out/$1.driver.out" 2>/dev/null && return 0; sleep 0.1; done
  echo "no check from $1" >&2
  return 1
}

# summary NAME COMMAND EXIT REPORT: one line of what the command did
summary() {
  local name=$1 cmd=$2 code=$3 report=$4 found="-" internal=no
  grep -q "internal error" "$out/$name.$cmd.err" 2>/dev/null && internal=yes
  if [[ -s "$report" ]]; then
    found=$(jq -r '[.findings[] | "\(.kind)/\(.severity)"] | group_by(.) | map("\(.[0])x\(length)") | join(",")' \
      "$report" 2>/dev/null)
    [[ -z "$found" ]] && found="none"
    written=yes
  else
    written=no
  fi
  local check damaged
  damaged=$(grep -c 'damaged=true' "$out/$name.driver.out" 2>/dev/null)
  check=$(grep '^corpus-symptoms' "$out/$name.driver.out" 2>/dev/null | cut -d' ' -f3- | tr ' ' ',')
  local stats="-"
  if [[ -s "$report" && $cmd == watch ]]; then
    stats=$(jq -r '.source.stats | "setupMillis=\(.setupMillis) firstProofMillis=\(.firstProofMillis) watchedFraction=\(.watchedFraction) overheadPercent=\(.overheadPercent) fields=\(.fields | join(","))"' "$report" 2>/dev/null | tr ' ' ',')
  elif [[ $cmd == scan ]]; then
    stats=$(cut -d' ' -f3 "$out/$name.time" 2>/dev/null)s
  fi
  printf '%s\t%s\texit=%s\treport=%s\tinternalError=%s\tfound=%s\tstats=%s\tdriverDamagedMaps=%s\t%s\n' \
    "$name" "$cmd" "$code" "$written" "$internal" "$found" "$stats" "${damaged:-?}" "${check:-no-check-line}"
}

selected=("$@")
for pair in "${pairs[@]}"; do
  read -r driver racy fixed <<<"$pair"
  if [[ ${#selected[@]} -gt 0 && ! " ${selected[*]} " =~ " $driver " ]]; then continue; fi
  for release in "$racy" "$fixed"; do
    name="$driver@$release"
    # scan
    start_target "$name.scan" "$driver" "$release" 100 "$jdwp" || continue
    sleep 5
    t0=$(date +%s.%N)
    "$maprace" scan "$pid" --timeout 30s --format json -o "$out/$name.scan.json" -q 2>"$out/$name.scan.err"
    code=$?
    t1=$(date +%s.%N)
    echo "scan took $(echo "$t1 - $t0" | bc) s" >"$out/$name.scan.time"
    wait "$pid"
    summary "$name.scan" scan "$code" "$out/$name.scan.json"
    # watch without --map
    start_target "$name.watch" "$driver" "$release" 60 "$jdwp" || continue
    sleep 3
    "$maprace" watch "$pid" --duration 20s --format json -o "$out/$name.watch.json" -q 2>"$out/$name.watch.err"
    code=$?
    wait "$pid"
    summary "$name.watch" watch "$code" "$out/$name.watch.json"
    # analyze a profile recording (no JDWP flag)
    rm -f "$out/$name.jfr"
    start_target "$name.analyze" "$driver" "$release" 20 \
      "-XX:StartFlightRecording:settings=profile,locking-threshold=1ms,filename=$out/$name.jfr" || continue
    wait "$pid"
    "$maprace" analyze "$out/$name.jfr" --format json -o "$out/$name.analyze.json" 2>"$out/$name.analyze.err"
    code=$?
    summary "$name.analyze" analyze "$code" "$out/$name.analyze.json"
    # the maps as the race left them: scan through JDWP and through a heap dump once the workers are done
    LINGER=600 start_target "$name.after" "$driver" "$release" 40 "$jdwp" || continue
    if await_checks "$name.after"; then
      "$maprace" scan "$pid" --timeout 120s --format json -o "$out/$name.after.scan.json" -q 2>"$out/$name.after.scan-after.err"
      code=$?
      summary "$name.after" scan-after "$code" "$out/$name.after.scan.json"
      "$maprace" scan "$pid" --heap-dump --yes --format json -o "$out/$name.after.dump.json" -q \
        2>"$out/$name.after.dump-after.err"
      code=$?
      summary "$name.after" dump-after "$code" "$out/$name.after.dump.json"
    fi
    kill "$pid" 2>/dev/null; wait "$pid"
  done
done
