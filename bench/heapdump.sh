#!/usr/bin/env bash
# Benchmark of the heap-dump path: for heaps holding 10k, 100k and 1M small maps
# (io.maprace.samples.bench.BusyMaps --maps N, two busy worker threads, started WITHOUT any flag), in one run:
#   - `maprace scan <pid> --heap-dump --yes`: the dump's size, the JVM's write time, the pause it caused (the
#     target's safepoint time during the dump command, full GC included), and the whole path's wall time;
#   - `maprace scan FILE.hprof` on the kept dump: wall time, index time, and the tool's peak RSS (anonymous =
#     Java heap and JVM; file = the mapped dump, page cache);
#   - the JDWP scan of the same heaps from bench/results-scan.md, for comparison (not rerun: 554 s for 1M);
#   - with --shark: the reader alone vs. Square's shark-graph 2.14 on the 1M dump (bench/heapdump/*Probe.java).
#   - with --big: one heap whose dump is about 4 GB instead (2M maps, each holding two values of its own of
#     --value-bytes 900 bytes: BusyMaps --value-bytes, target -Xmx8g), scanned with the tool at --xmx (2g unless
#     given); its row goes to the section "## 4 GB dump" of bench/results-heapdump.md, the rest of the file kept.
# Prints a table and writes bench/results-heapdump.md (a normal run keeps the file's "## 4 GB dump" section).
#
#   bench/heapdump.sh [--sizes "10000 100000 1000000"] [--xmx 2g] [--shark] [--keep-dumps]
#   bench/heapdump.sh --big [--sizes 2000000] [--value-bytes 900] [--xmx 2g]
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
sizes="10000 100000 1000000"; xmx=2g; shark=0; keep=0; big=0; value_bytes=0; target_xmx=""
sizes_given=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --big) big=1; shift;;
    --value-bytes) value_bytes="$2"; shift 2;;
    --sizes) sizes="$2"; sizes_given=1; shift 2;;
    --xmx) xmx="$2"; shift 2;;
    --shark) shark=1; shift;;
    --keep-dumps) keep=1; shift;;
    *) echo "usage: $0 [--sizes \"N ...\"] [--xmx SIZE] [--shark] [--keep-dumps] [--big [--value-bytes N]]" >&2; exit 2;;
  esac
done
if [[ $big == 1 ]]; then
  [[ $sizes_given == 1 ]] || sizes="2000000"
  [[ $value_bytes != 0 ]] || value_bytes=900
  target_xmx="-Xmx8g"
fi
out="$here/bench/out/heapdump"; mkdir -p "$out"; chmod 700 "$out"
jar="$here/cli/target/maprace.jar"
[[ -f "$jar" ]] || (cd "$here" && mvn -q -B -pl cli -am package -DskipTests)
target_pid=""
cleanup() { [[ -n "$target_pid" ]] && kill "$target_pid" 2>/dev/null || true; [[ $keep == 1 ]] || rm -f "$out"/*.hprof; }
trap cleanup EXIT

field() { awk -v k="$2:" '$1 == k {print int($2/1024)}' "/proc/$1/status" 2>/dev/null || echo 0; }
stat() { python3 -c "import json,sys; print(json.load(open('$1'))['source']['stats'].get('$2'))"; }
load() { cut -d' ' -f1-3 /proc/loadavg; }
# Runs a command in the background, records its wall time, its CPU time (user+sys: on a loaded host the fair
# figure) and peak anonymous / file-backed RSS (MB) of the java process under /usr/bin/time. The times are
# /usr/bin/time's: the RSS is polled every 0.2 s, which would add up to 0.2 s to a wall time taken here.
measure() {
  /usr/bin/time -f "%e %U %S" -o "$out/time.txt" "$@" & local p=$!; local anon=0 file=0 a f c
  while kill -0 "$p" 2>/dev/null; do
    c=$(pgrep -P "$p" | head -1 || true)
    if [[ -n "$c" ]]; then
      a=$(field "$c" RssAnon); f=$(field "$c" RssFile)
      (( a > anon )) && anon=$a; (( f > file )) && file=$f
    fi
    sleep 0.2
  done
  wait "$p"; local rc=$?
  m_wall=$(awk '{printf "%.2f", $1}' "$out/time.txt"); m_anon=$anon; m_file=$file
  m_cpu=$(awk '{printf "%.1f", $2 + $3}' "$out/time.txt")
  return $rc
}
jdwp_secs() { sed -n "s/^| $1 | [0-9]* | \([0-9.]*\) s .*/\1/p" "$here/bench/results-scan.md"; }

rows=(); loads=()
for n in $sizes; do
  log="$out/target-$n.log"
  java $target_xmx -cp "$jar" io.maprace.samples.bench.BusyMaps --maps "$n" --threads 2 --seconds 0 \
      --value-bytes "$value_bytes" > "$log" 2>&1 &
  for _ in $(seq 1 3000); do grep -q "ready pid=" "$log" 2>/dev/null && break; sleep 0.1; done
  target_pid=$(sed -n 's/.*ready pid=\([0-9]*\).*/\1/p' "$log" | head -1)
  [[ -n "$target_pid" ]] || { echo "BusyMaps did not start" >&2; cat "$log" >&2; exit 1; }
  sleep 3
  echo "== $n maps: pid $target_pid, load $(load)" >&2
  l_before=$(load)
  dump="$out/dump-$n.hprof"; rm -f "$dump"
  MAPRACE_JAVA_OPTS="-Xmx$xmx" measure "$here/bin/maprace" scan "$target_pid" --heap-dump --yes --keep "$dump" \
      --dump-dir "$out" --format json -o "$out/live-$n.json" -q
  live_wall=$m_wall; live_cpu=$m_cpu
  kill "$target_pid" 2>/dev/null || true; target_pid=""; wait 2>/dev/null || true
  j="$out/live-$n.json"
  pause=$(stat "$j" dumpPauseMillis); write=$(stat "$j" dumpWriteMillis); bytes=$(stat "$j" dumpBytes)
  MAPRACE_JAVA_OPTS="-Xmx$xmx" measure "$here/bin/maprace" scan "$dump" --format json -o "$out/file-$n.json" -q
  f="$out/file-$n.json"
  index=$(stat "$f" indexMillis); scanms=$(stat "$f" elapsedMillis); maps=$(stat "$f" mapsChecked)
  corrupted=$(stat "$f" mapsCorrupted)
  l_after=$(load); loads+=("$n maps: load average $l_before before, $l_after after")
  jdwp=$(jdwp_secs "$n")
  jdwp_cell="n/a"; [[ -z "$jdwp" ]] || jdwp_cell="$jdwp s"
  ratio=$(python3 -c "print(f'{$m_wall / ($write / 1000):.1f}')")
  speed=$(python3 -c "print(f'{float(\"$jdwp\") / $live_wall:.1f}x' if '$jdwp' else 'n/a')")
  rows+=("| $n | $((bytes >> 20)) MB | $write ms | $pause ms | $live_wall s (CPU $live_cpu s) | $m_wall s (CPU $m_cpu s; index $index ms, walk $scanms ms) | $ratio | $maps / $corrupted | $m_anon / $m_file MB | $jdwp_cell | $speed |")
  echo "   dump ${write} ms, pause ${pause} ms, --heap-dump path ${live_wall} s, file scan ${m_wall} s" >&2
done

probes=""
if [[ $shark == 1 ]]; then
  big="$out/dump-$(echo $sizes | awk '{print $NF}').hprof"
  [[ -f "$big" ]] || { echo "--shark needs the dumps (run with --keep-dumps or in the same run)" >&2; exit 1; }
  (cd "$here/bench/heapdump" && mvn -q -B -f shark-pom.xml dependency:build-classpath -Dmdep.outputFile="$out/shark-cp.txt" >&2)
  (cd "$here" && mvn -q -B -pl heap-dump -am compile >&2)
  r=$(java -Xmx$xmx -cp "$here/heap-dump/target/classes" "$here/bench/heapdump/ReaderProbe.java" "$big")
  s=$(java -Xmx$xmx -cp "$(cat "$out/shark-cp.txt")" "$here/bench/heapdump/SharkProbe.java" "$big")
  probes=$(printf '%s\n%s' "$r" "$s")
else
  probes="(not measured in this run: bench/heapdump.sh --shark)"
fi

header="| maps in heap | dump size | dump write (JVM) | target pause (safepoints) | scan <pid> --heap-dump, whole path | scan FILE.hprof | scan / write | maps checked / corrupted | tool peak RSS anon / file | JDWP scan (results-scan.md) | --heap-dump vs JDWP |
|---|---|---|---|---|---|---|---|---|---|---|"
if [[ $big == 1 ]]; then
  section=$(cat <<EOT
## 4 GB dump

$(date -u +%Y-%m-%d), $(nproc) cores (shared), $(java -version 2>&1 | head -1), tool heap -Xmx$xmx (\`bench/heapdump.sh --big\`).
Target: \`io.maprace.samples.bench.BusyMaps --maps N --threads 2 --value-bytes $value_bytes\` at $target_xmx, started with no flag:
each map holds two byte arrays of $value_bytes bytes of its own. Same two runs as above.

$header
$(printf '%s\n' "${rows[@]}")

Load during the runs: $(printf '%s; ' "${loads[@]}")
EOT
)
  echo "$section"
  python3 - "$here/bench/results-heapdump.md" "$section" <<'PY'
import re, sys
path, section = sys.argv[1], sys.argv[2]
try:
    text = open(path).read()
except FileNotFoundError:
    text = "# heap-dump benchmark\n"
m = re.search(r"^## 4 GB dump\n.*?(?=^## |\Z)", text, re.S | re.M)
text = text[:m.start()] + section + "\n\n" + text[m.end():] if m else text.rstrip("\n") + "\n\n" + section + "\n"
open(path, "w").write(text)
PY
  exit 0
fi

result=$(cat <<EOT
# heap-dump benchmark

$(date -u +%Y-%m-%d), $(nproc) cores (shared), $(java -version 2>&1 | head -1), tool heap -Xmx$xmx.
Target: \`io.maprace.samples.bench.BusyMaps --maps N --threads 2\` started with no flag. Each row: one
\`maprace scan <pid> --heap-dump --yes --keep FILE\` (dump through the Attach API, then scan), then
\`maprace scan FILE.hprof\` on the kept dump.

$header
$(printf '%s\n' "${rows[@]}")

Load during the runs: $(printf '%s; ' "${loads[@]}")

Reader alone on the largest dump (index, then every HashMap's table and nodes):
\`\`\`
$probes
\`\`\`
EOT
)
echo "$result"
# the 4 GB section (--big) stays
kept=$(python3 - "$here/bench/results-heapdump.md" <<'PY'
import re, sys
try:
    m = re.search(r"^## 4 GB dump\n.*?(?=^## |\Z)", open(sys.argv[1]).read(), re.S | re.M)
    print(m.group(0).rstrip("\n") if m else "")
except FileNotFoundError:
    pass
PY
)
{ echo "$result"; [[ -z "$kept" ]] || printf '\n%s\n' "$kept"; } > "$here/bench/results-heapdump.md"
