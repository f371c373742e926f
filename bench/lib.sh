# Shared by the bench scripts (sourced): option parsing, the build, cleanup of started processes, ratios.
# Sets $here (the checkout) and $jar (the CLI jar).

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$here/cli/target/maprace.jar"
# The JDWP agent every live target gets: listening on a free loopback port, no debugger yet.
jdwp="-agentlib:jdwp=transport=dt_socket,server=y,suspend=n,address=127.0.0.1:0"

# parse_options "USAGE" NAME... -- "$@": each --NAME VALUE sets the variable NAME (dashes as underscores), whose
# default the script set before; anything else prints the usage and exits with 2.
parse_options() {
  local usage="$1"; shift
  local names=()
  while [[ "$1" != "--" ]]; do names+=("$1"); shift; done
  shift
  while [[ $# -gt 0 ]]; do
    local name="${1#--}" known=""
    for n in "${names[@]}"; do [[ "$name" == "$n" ]] && known=1; done
    if [[ -z "$known" || $# -lt 2 ]]; then echo "usage: $usage" >&2; exit 2; fi
    printf -v "${name//-/_}" '%s' "$2"
    shift 2
  done
}

# Builds the CLI jar (and the samples in it) unless it is there.
ensure_jar() {
  [[ -f "$jar" ]] || (cd "$here" && mvn -q -B -pl cli -am package -DskipTests)
}

# Processes started by the script (kill_on_exit PID...) are killed when it exits, however it exits.
bench_pids=()
kill_on_exit() { bench_pids+=("$@"); }
bench_cleanup() { for p in "${bench_pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap bench_cleanup EXIT

# ratio A B [DIGITS]: A/B with DIGITS decimals (2 by default), n/a when B is 0.
ratio() { python3 -c "a,b=float('$1'),float('$2'); print(f'{a/b:.${3:-2}f}' if b else 'n/a')"; }
