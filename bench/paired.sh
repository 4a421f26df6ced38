#!/usr/bin/env bash
# bench/paired.sh: the allow path's cost, measured so that the JVM's warm-up drift cancels out. Boots four dev
# stacks side by side (limiter off on port 8090; on, with a limit never reached, on 8091 with every decision its
# own round trip to Redis (REDIS_PIPELINE_LIMIT=1), on 8092 with the defaults, where concurrent decisions share
# round trips, and on 8093 the same with an override of the user's limit present; one user each), warms them in
# turns, then for ROUNDS rounds runs wrk against each in turn (one at a
# time, DURATION s each), and prints each round's req/s, p99 and ratio to off, the CPU each request cost each
# process of each stack (Payara Micro, Redis, MariaDB; from /proc, in microseconds), and the medians. Writes
# bench/results/<UTC time>-paired.tsv. A Payara Micro JVM here needs about 8 minutes of these turns before its
# figures stop rising, hence the warm-up. wrk talks to Payara Micro directly: a dev stack's port is the server's
# own HTTP listener (no relay in between), as behind a load balancer in production. The medians are read from the
# results by column name.
# Needs wrk and bc. Knobs: DURATION (20), ROUNDS (6), WARMUP (s per server, in 30 s turns: 300), CONNECTIONS (16).
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-20} ROUNDS=${ROUNDS:-6} WARMUP=${WARMUP:-300} CONNECTIONS=${CONNECTIONS:-16}
: "${JAVA_HOME:?bench/paired.sh needs JAVA_HOME (a JDK 21 or newer)}"
for tool in wrk bc pgrep; do
    command -v $tool >/dev/null || { echo "bench/paired.sh needs $tool (apt-get install wrk bc procps)" >&2; exit 1; }
done
./mvnw -o -q -DskipTests package
./mvnw -o -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench/classpath.txt
classpath=target/test-classes:target/classes:$(cat target/bench/classpath.txt)
results=bench/results/$(date -u +%Y-%m-%dT%H%MZ)-paired.tsv
pids=()
trap 'kill "${pids[@]}" 2>/dev/null; wait 2>/dev/null' EXIT

boot() { # port, env...
    local port=$1; shift
    env DEV_USERS=b-fw: "$@" HTTP_PORT="$port" "$JAVA_HOME/bin/java" -cp "$classpath" \
        -Dpayara.microJar=target/payara-micro.jar -Dstack.basedir=. -Dstack.dir="target/bench/paired-$port" \
        -Dstack.war=target/continents.war com.continentsapi.stack.DevStack > "target/bench/paired-$port.log" 2>&1 &
    pids+=($!)
}
started() { # stack index: waits until its API answers
    until grep -q 'Ctrl-C stops it' "target/bench/paired-$((8090 + $1)).log"; do
        kill -0 "${pids[$1]}" 2>/dev/null || { echo "the stack did not start: target/bench/paired-$((8090 + $1)).log" >&2; exit 1; }
        sleep 1
    done
}
# One after the other: MariaDB installs started side by side can clash over their temporary tables in /tmp.
boot 8090 RATELIMIT_ENABLED=false && started 0
boot 8091 RATELIMIT_LIMIT=1000000000 RATELIMIT_WINDOW=3600 REDIS_PIPELINE_LIMIT=1 && started 1
boot 8092 RATELIMIT_LIMIT=1000000000 RATELIMIT_WINDOW=3600 && started 2
boot 8093 RATELIMIT_LIMIT=1000000000 RATELIMIT_WINDOW=3600 DEV_USERS=b-fw:,b-admin::admin && started 3
curl -sf -o /dev/null -X PUT -u b-admin:EXAMPLE_PASSWORD -H 'Content-Type: application/json' -d '{"limit": 2000000000}' \
    http://127.0.0.1:8093/admin/ratelimit/b-fw/overrides/default || { echo "the override was not set on 8093" >&2; exit 1; }
export BENCH_AUTH="Basic $(printf 'b-fw:EXAMPLE_PASSWORD' | base64 -w0)"
rps() { # port, seconds
    wrk -t2 -c"$CONNECTIONS" -d"$2"s -s bench/wrk.lua "http://127.0.0.1:$1" | sed -n 's/.* rps=\([0-9.]*\).*/\1/p'
}
for _ in $(seq 1 $((WARMUP / 30))); do rps 8090 30 > /dev/null; rps 8091 30 > /dev/null; rps 8092 30 > /dev/null; rps 8093 30 > /dev/null; done

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
printf 'round%s%s%s%s\tunbatched_over_off\tbatched_over_off\tbatched_over_unbatched\toverride_over_batched\n' \
    "$(columns off)" "$(columns unbatched)" "$(columns batched)" "$(columns override)" | tee "$results"
for round in $(seq 1 "$ROUNDS"); do
    off=$(measure 0); unbatched=$(measure 1); batched=$(measure 2); override=$(measure 3)
    ratio() { echo "$(cut -f1 <<< "$1") / $(cut -f1 <<< "$2")" | bc -l; }
    printf '%s\t%s\t%s\t%s\t%s\t%.3f\t%.3f\t%.3f\t%.3f\n' "$round" "$off" "$unbatched" "$batched" "$override" \
        "$(ratio "$unbatched" "$off")" "$(ratio "$batched" "$off")" "$(ratio "$batched" "$unbatched")" "$(ratio "$override" "$batched")" | tee -a "$results"
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
for stack in off unbatched batched override; do
    printf '  %-9s payara %s  redis %s  mariadb %s  (%s req/s)\n' "$stack" "$(value "${stack}_payara_us")" "$(value "${stack}_redis_us")" \
        "$(value "${stack}_mariadb_us")" "$(value "${stack}_rps")"
done
# From the limited stacks' own metrics: round trips to Redis and the decisions they carried, since its boot.
for port in 8091 8092 8093; do
    curl -s "http://127.0.0.1:$port/metrics?scope=application" | awk -v port="$port" '
        /^ratelimit_redis_call_decisions_count/ { trips = $2 } /^ratelimit_redis_call_decisions_sum/ { decisions = $2 }
        END { printf "port %s: %d decisions in %d round trips to Redis, %.2f per round trip\n", port, decisions, trips, decisions / trips }' \
        | tee -a "${results%.tsv}-round-trips.txt"
done
