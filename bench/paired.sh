#!/usr/bin/env bash
# bench/paired.sh: the allow path's cost, measured so that the JVM's warm-up drift cancels out. Boots dev stacks
# side by side, one user each, on ports 8090 and up, in the order of STACKS:
#   off        limiter off;
#   unbatched  on, with a limit never reached, every decision its own round trip to Redis (REDIS_PIPELINE_LIMIT=1);
#   batched    on, the defaults, where concurrent decisions share round trips;
#   override   the same with an override of the user's limit present;
#   baseline   batched, but the WAR of git revision BASELINE (bench/baseline-war.sh): before and after a change,
#              in the same rounds.
# It warms them in turns, then for ROUNDS rounds runs wrk against each in turn (one at a time, DURATION s each), and
# prints each round's req/s, p99 and ratio to off, the CPU each request cost each process of each stack (Payara
# Micro, Redis, MariaDB; from /proc, in microseconds), and the medians. Writes bench/results/<UTC time>-paired.tsv.
# A Payara Micro JVM here needs minutes of these turns before its figures stop rising, hence the warm-up.
# wrk talks to Payara Micro directly: a dev stack's port is the server's own HTTP listener (no relay in between), as
# behind a load balancer in production. The medians are read from the results by column name.
# Needs wrk and bc. Knobs: STACKS ("off unbatched batched override"; off comes first), BASELINE (a git revision),
# DURATION (20), ROUNDS (6), WARMUP (s per server, in 30 s turns: 300), CONNECTIONS (16).
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-20} ROUNDS=${ROUNDS:-6} WARMUP=${WARMUP:-300} CONNECTIONS=${CONNECTIONS:-16}
read -r -a stacks <<< "${STACKS:-off unbatched batched override}"
[ "${stacks[0]}" = off ] || { echo "bench/paired.sh: STACKS starts with off, the stack the others are compared to" >&2; exit 1; }
: "${JAVA_HOME:?bench/paired.sh needs JAVA_HOME (a JDK 21 or newer)}"
for tool in wrk bc pgrep; do
    command -v $tool >/dev/null || { echo "bench/paired.sh needs $tool (apt-get install wrk bc procps)" >&2; exit 1; }
done
source bench/dev-stacks.sh
if [[ " ${stacks[*]} " == *" baseline "* ]]; then
    : "${BASELINE:?the baseline stack needs BASELINE, a git revision}"
    bench/baseline-war.sh "$BASELINE"
fi
results=bench/results/$(date -u +%Y-%m-%dT%H%MZ)-paired.tsv
never=(RATELIMIT_LIMIT=1000000000 RATELIMIT_WINDOW=3600)
for i in "${!stacks[@]}"; do
    port=$((8090 + i))
    case ${stacks[$i]} in
        off) boot paired $port target/continents.war RATELIMIT_ENABLED=false ;;
        unbatched) boot paired $port target/continents.war "${never[@]}" REDIS_PIPELINE_LIMIT=1 ;;
        batched) boot paired $port target/continents.war "${never[@]}" ;;
        baseline) boot paired $port target/bench/baseline.war "${never[@]}" ;;
        override) boot paired $port target/continents.war "${never[@]}" DEV_USERS=b-fw:,b-admin::admin
            curl -sf -o /dev/null -X PUT -u b-admin:EXAMPLE_PASSWORD -H 'Content-Type: application/json' -d '{"limit": 2000000000}' \
                http://127.0.0.1:$port/admin/ratelimit/b-fw/overrides/default || { echo "the override was not set on $port" >&2; exit 1; } ;;
        *) echo "bench/paired.sh: no stack ${stacks[$i]}" >&2; exit 1 ;;
    esac
done
export BENCH_AUTH="Basic $(printf 'b-fw:EXAMPLE_PASSWORD' | base64 -w0)"
rps() { # port, seconds
    wrk -t2 -c"$CONNECTIONS" -d"$2"s -s bench/wrk.lua "http://127.0.0.1:$1" | sed -n 's/.* rps=\([0-9.]*\).*/\1/p'
}
for _ in $(seq 1 $((WARMUP / 30))); do for i in "${!stacks[@]}"; do rps $((8090 + i)) 30 > /dev/null; done; done

# Each stack's processes: Payara Micro (java), Redis and MariaDB are the children of its DevStack.
child() { # stack index, command name prefix
    local pid
    for pid in $(pgrep -P "${pids[$1]}"); do
        [[ $(ps -o comm= -p "$pid") == "$2"* ]] && { echo "$pid"; return; }
    done
}
ticks() { # pid: its user + system CPU, in clock ticks
    sed 's/.*) //' "/proc/$1/stat" | cut -d' ' -f12,13 | tr ' ' + | bc
}
hz=$(getconf CLK_TCK)
measure() { # stack index: req/s, p99 in ms, then Payara, Redis and MariaDB CPU per request in microseconds
    local port=$((8090 + $1)) processes=($(child "$1" java) $(child "$1" redis) $(child "$1" mariadbd)) before=() after=() p out
    for p in "${processes[@]}"; do before+=($(ticks "$p")); done
    out=$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION"s -s bench/wrk.lua "http://127.0.0.1:$port" | grep '^BENCH')
    for p in "${processes[@]}"; do after+=($(ticks "$p")); done
    local requests=$(sed 's/.* requests=\([0-9]*\).*/\1/' <<< "$out")
    printf '%s\t%s' "$(sed 's/.* rps=\([0-9.]*\).*/\1/' <<< "$out")" "$(sed 's/.* p99_ms=\([0-9.]*\).*/\1/' <<< "$out")"
    for p in "${!processes[@]}"; do printf '\t%.0f' "$(echo "(${after[$p]} - ${before[$p]}) * 1000000 / $hz / $requests" | bc -l)"; done
}

columns() { printf '\t%s_rps\t%s_p99_ms\t%s_payara_us\t%s_redis_us\t%s_mariadb_us' "$1" "$1" "$1" "$1" "$1"; }
ratios=() # pairs of stacks: the first one's req/s over the second one's
for stack in "${stacks[@]:1}"; do ratios+=("$stack off"); done
[[ " ${stacks[*]} " == *" unbatched "* && " ${stacks[*]} " == *" batched "* ]] && ratios+=("batched unbatched")
[[ " ${stacks[*]} " == *" override "* && " ${stacks[*]} " == *" batched "* ]] && ratios+=("override batched")
[[ " ${stacks[*]} " == *" baseline "* && " ${stacks[*]} " == *" batched "* ]] && ratios+=("batched baseline")
{ printf 'round'; for stack in "${stacks[@]}"; do columns "$stack"; done
  for pair in "${ratios[@]}"; do set -- $pair; printf '\t%s_over_%s' "$1" "$2"; done; echo; } | tee "$results"
index() { local i; for i in "${!stacks[@]}"; do [ "${stacks[$i]}" = "$1" ] && echo "$i"; done; } # stack name: its index
for round in $(seq 1 "$ROUNDS"); do
    measured=()
    for i in "${!stacks[@]}"; do measured+=("$(measure "$i")"); done
    { printf '%s' "$round"; for i in "${!stacks[@]}"; do printf '\t%s' "${measured[$i]}"; done
      for pair in "${ratios[@]}"; do
          set -- $pair
          printf '\t%.3f' "$(echo "$(cut -f1 <<< "${measured[$(index "$1")]}") / $(cut -f1 <<< "${measured[$(index "$2")]}")" | bc -l)"
      done; echo; } | tee -a "$results"
done
IFS=$'\t' read -r -a names < "$results"
field() { # column name: its field number in the results
    local i
    for i in "${!names[@]}"; do [ "${names[$i]}" = "$1" ] && { echo $((i + 1)); return; }; done
    echo "bench/paired.sh: no column $1 in $results" >&2; exit 1
}
median() { # column name
    local c; c=$(field "$1")
    sed -n '2,$p' "$results" | grep -v '^median' | cut -f"$c" | sort -n | awk '{ r[NR] = $1 } END { print (NR % 2 ? r[(NR + 1) / 2] : (r[NR / 2] + r[NR / 2 + 1]) / 2) }'
}
medians=$(for name in "${names[@]:1}"; do printf '\t%s' "$(median "$name")"; done)  # all read before the line is written
printf 'median%s\n' "$medians" | tee -a "$results"
IFS=$'\t' read -r -a median_line < <(grep '^median' "$results")
value() { echo "${median_line[$(($(field "$1") - 1))]}"; } # column name: its value in the median line
echo "CPU per request, medians, in microseconds, and req/s:"
for stack in "${stacks[@]}"; do
    printf '  %-9s payara %s  redis %s  mariadb %s  (%s req/s)\n' "$stack" "$(value "${stack}_payara_us")" "$(value "${stack}_redis_us")" \
        "$(value "${stack}_mariadb_us")" "$(value "${stack}_rps")"
done
# From the limited stacks' own metrics: round trips to Redis and the decisions they carried, since its boot.
for i in "${!stacks[@]}"; do
    [ "${stacks[$i]}" = off ] && continue
    port=$((8090 + i))
    curl -s "http://127.0.0.1:$port/metrics?scope=application" | awk -v port="$port (${stacks[$i]})" '
        /^ratelimit_redis_call_decisions_count/ { trips = $2 } /^ratelimit_redis_call_decisions_sum/ { decisions = $2 }
        END { printf "port %s: %d decisions in %d round trips to Redis, %.2f per round trip\n", port, decisions, trips, decisions / trips }' \
        | tee -a "${results%.tsv}-round-trips.txt"
done
