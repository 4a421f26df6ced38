#!/usr/bin/env bash
# bench/paired.sh: the allow path's cost, measured so that the JVM's warm-up drift cancels out. Boots two dev
# stacks side by side (limiter off on port 8090, on with a limit never reached on 8091, one user each), warms
# both in turns, then for ROUNDS rounds runs wrk against one, then the other (one at a time, DURATION s each),
# and prints each round's req/s and on/off ratio, and the median ratio. Writes bench/results/<UTC time>-paired.tsv.
# Needs wrk and curl. Knobs: DURATION (10), ROUNDS (6), WARMUP (s per server, in 30 s turns: 120), CONNECTIONS (16).
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-10} ROUNDS=${ROUNDS:-6} WARMUP=${WARMUP:-120} CONNECTIONS=${CONNECTIONS:-16}
: "${JAVA_HOME:?bench/paired.sh needs JAVA_HOME (a JDK 21 or newer)}"
./mvnw -o -q -DskipTests package
./mvnw -o -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench/classpath.txt
classpath=target/test-classes:target/classes:$(cat target/bench/classpath.txt)
results=bench/results/$(date -u +%Y-%m-%dT%H%MZ)-paired.tsv
pids=()
trap 'kill "${pids[@]}" 2>/dev/null; wait 2>/dev/null' EXIT

boot() { # port, env...
    local port=$1; shift
    env "$@" DEV_USERS=b-fw: HTTP_PORT="$port" "$JAVA_HOME/bin/java" -cp "$classpath" \
        -Dpayara.microJar=target/payara-micro.jar -Dstack.basedir=. -Dstack.dir="target/bench/paired-$port" \
        -Dstack.war=target/continents.war com.continentsapi.stack.DevStack > "target/bench/paired-$port.log" 2>&1 &
    pids+=($!)
}
boot 8090 RATELIMIT_ENABLED=false
boot 8091 RATELIMIT_LIMIT=1000000000 RATELIMIT_WINDOW=3600
for i in 0 1; do
    port=$((8090 + i))
    until grep -q 'Ctrl-C stops it' "target/bench/paired-$port.log"; do
        kill -0 "${pids[$i]}" 2>/dev/null || { echo "the stack did not start: target/bench/paired-$port.log" >&2; exit 1; }
        sleep 1
    done
done
export BENCH_AUTH="Basic $(printf 'b-fw:EXAMPLE_PASSWORD' | base64 -w0)"
rps() { # port, seconds
    wrk -t2 -c"$CONNECTIONS" -d"$2"s -s bench/wrk.lua "http://127.0.0.1:$1" | sed -n 's/.* rps=\([0-9.]*\).*/\1/p'
}
for _ in $(seq 1 $((WARMUP / 30))); do rps 8090 30 > /dev/null; rps 8091 30 > /dev/null; done

printf 'round\toff_rps\ton_rps\ton_over_off\n' | tee "$results"
for round in $(seq 1 "$ROUNDS"); do
    off=$(rps 8090 "$DURATION"); on=$(rps 8091 "$DURATION")
    printf '%s\t%s\t%s\t%.3f\n' "$round" "$off" "$on" "$(echo "$on / $off" | bc -l)" | tee -a "$results"
done
tail -n +2 "$results" | cut -f4 | sort -n | awk '{ r[NR] = $1 } END { print "median on/off: " (NR % 2 ? r[(NR + 1) / 2] : (r[NR / 2] + r[NR / 2 + 1]) / 2) }' | tee -a "$results"
