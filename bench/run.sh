#!/usr/bin/env bash
# bench/run.sh: builds the WAR, then boots the dev stack (Payara Micro + MariaDB, and a Redis of its own here)
# once per server configuration, warms each up, drives it with wrk on loopback and writes
# bench/results/<UTC time>.tsv (+ .png, + raw wrk output). wrk talks to Payara Micro directly: the dev stack's
# HTTP_PORT is the server's own listener, nothing in between, as production runs behind its load balancer.
# Needs wrk, redis-server, redis-cli and gnuplot.
# Knobs (environment): DURATION (s per scenario, 10), WARMUP (s per boot, 360: a Payara Micro here keeps getting
# faster for about 6 minutes of load after a boot, see BENCHMARKS.md), CONNECTIONS (16), THREADS (2),
# HTTP_PORT (8090), REDIS_PORT (6390), MVN_FLAGS (-o), JFR (empty; 1 records each scenario in the server with
# Java Flight Recorder: $out/<scenario>.jfr, and its hot methods in $out/<scenario>.hot.txt).
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-10} WARMUP=${WARMUP:-360} CONNECTIONS=${CONNECTIONS:-16} THREADS=${THREADS:-2}
HTTP_PORT=${HTTP_PORT:-8090} REDIS_PORT=${REDIS_PORT:-6390} MVN_FLAGS=${MVN_FLAGS:--o} JFR=${JFR:-}
if [ -z "${JAVA_HOME:-}" ]; then
    for jdk in /usr/lib/jvm/*; do # the newest JDK >= 21, as .ci/run picks it
        version=$("$jdk/bin/java" -XshowSettings:properties -version 2>&1 | awk '/java.specification.version/ { print $3 }') || continue
        [ "${version:-0}" -ge 21 ] 2>/dev/null && [ "$version" -ge "${best:-0}" ] && best=$version && JAVA_HOME=$jdk
    done
fi
[ -n "${JAVA_HOME:-}" ] || { echo "bench/run.sh needs a JDK 21 or newer (JAVA_HOME)" >&2; exit 1; }
export JAVA_HOME
for tool in wrk redis-server redis-cli gnuplot curl bc; do
    command -v $tool >/dev/null || { echo "bench/run.sh needs $tool (apt-get install wrk redis-server gnuplot-nox)" >&2; exit 1; }
done

./mvnw $MVN_FLAGS -q -DskipTests package
./mvnw $MVN_FLAGS -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench/classpath.txt
CLASSPATH_=target/test-classes:target/classes:$(cat target/bench/classpath.txt)

stamp=$(date -u +%Y-%m-%dT%H%MZ)
out=bench/results/$stamp
mkdir -p "$out"
results=bench/results/$stamp.tsv
printf 'scenario\trps\tp50_ms\tp99_ms\tp999_ms\tnon2xx\tevalsha_per_req\tredis_cmds_per_req\n' > "$results"
{ echo "nproc: $(nproc)"; grep -m1 'model name' /proc/cpuinfo; "$JAVA_HOME/bin/java" -version 2>&1 | head -1;
  echo "wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s, warm-up ${WARMUP}s per boot"; } > "$out/machine.txt"
"$JAVA_HOME/bin/java" bench/Pbkdf2Cost.java | tee -a "$out/machine.txt"

redis="redis-cli -p $REDIS_PORT"
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --logfile "$out/redis.log" &
redis_pid=$!
stack_pid=
cleanup() {
    [ -n "$stack_pid" ] && kill "$stack_pid" 2>/dev/null && wait "$stack_pid" 2>/dev/null || true
    kill "$redis_pid" 2>/dev/null || true
}
trap cleanup EXIT

PASSWORD=EXAMPLE_PASSWORD
USERS=b-fw:,b-sw:sw,b-tb:tb,b-gcra:gcra,b-three:three,b-deny:deny
# Limits never reached within a run (allow path), except 'tiny' (deny path: 1 per hour).
LIMITER=(RATELIMIT_POLICIES=fw,sw,tb,gcra,fw2,fw3,tiny RATELIMIT_DEFAULT_POLICIES=fw
    RATELIMIT_PLANS=sw,tb,gcra,three,deny
    RATELIMIT_PLAN_SW_POLICIES=sw RATELIMIT_PLAN_TB_POLICIES=tb RATELIMIT_PLAN_GCRA_POLICIES=gcra
    RATELIMIT_PLAN_THREE_POLICIES=fw,fw2,fw3 RATELIMIT_PLAN_DENY_POLICIES=tiny
    RATELIMIT_ANONYMOUS=ip RATELIMIT_TRUSTED_PROXIES=127.0.0.1)
for policy in fw:fixed-window sw:sliding-window tb:token-bucket gcra:gcra fw2:fixed-window fw3:fixed-window; do
    name=${policy%%:*} upper=$(echo "${policy%%:*}" | tr a-z A-Z)
    LIMITER+=(RATELIMIT_POLICY_${upper}_ALGORITHM=${policy#*:} RATELIMIT_POLICY_${upper}_LIMIT=1000000 RATELIMIT_POLICY_${upper}_WINDOW=3600)
done
LIMITER+=(RATELIMIT_POLICY_TINY_ALGORITHM=fixed-window RATELIMIT_POLICY_TINY_LIMIT=1 RATELIMIT_POLICY_TINY_WINDOW=3600)

boot() { # name, env...
    local name=$1; shift
    $redis flushall >/dev/null
    env "$@" DEV_USERS=$USERS HTTP_PORT=$HTTP_PORT REDIS_URL=redis://127.0.0.1:$REDIS_PORT \
        "$JAVA_HOME/bin/java" -cp "$CLASSPATH_" -Dpayara.microJar=target/payara-micro.jar -Dstack.basedir=. \
        -Dstack.dir=target/bench/stack -Dstack.war=target/continents.war com.continentsapi.stack.DevStack \
        > "$out/server-$name.log" 2>&1 &
    stack_pid=$!
    until grep -q 'Ctrl-C stops it' "$out/server-$name.log"; do
        kill -0 $stack_pid 2>/dev/null || { echo "the stack did not start: $out/server-$name.log" >&2; exit 1; }
        sleep 1
    done
    local status; status=$(curl -s -o /dev/null -w '%{http_code}' -u "b-fw:$PASSWORD" http://127.0.0.1:$HTTP_PORT/continents)
    [ "$status" = 200 ] || { echo "b-fw got $status instead of 200: $out/server-$name.log" >&2; exit 1; }
    echo "== $name: warming up ${WARMUP}s"
    BENCH_AUTH="$(auth b-fw)" wrk -t$THREADS -c$CONNECTIONS -d${WARMUP}s -s bench/wrk.lua http://127.0.0.1:$HTTP_PORT > /dev/null
    BENCH_CALLERS=1000 BENCH_THREADS=$THREADS wrk -t$THREADS -c$CONNECTIONS -d5s -s bench/wrk.lua http://127.0.0.1:$HTTP_PORT > /dev/null
}

shutdown() {
    kill "$stack_pid" && wait "$stack_pid" || true
    stack_pid=
}

auth() { echo "Basic $(printf '%s:%s' "$1" "$PASSWORD" | base64 -w0)"; }

calls() { # total calls of a Redis command (all: every command except INFO)
    $redis info commandstats | tr -d '\r' | awk -F'[:=,]' -v c="$1" \
        '$1 ~ /^cmdstat_/ { n = substr($1, 9); if ((c == "all" && n != "info") || n == c) s += $3 } END { print s + 0 }'
}

scenario() { # name, seconds, then BENCH_AUTH=... or BENCH_CALLERS=...
    local name=$1 seconds=$2; shift 2
    local evalsha0 all0 evalsha1 all1
    local server; server=$(pgrep -f "payara-micro.jar .*--port $HTTP_PORT")
    # The user's credentials verified (PBKDF2, once per credential-cache TTL) before the clock starts, so a
    # scenario's p99 measures the limiter, not one password check that 16 connections wait for.
    local auth; auth=$(printf '%s\n' "$@" | sed -n 's/^BENCH_AUTH=//p')
    [ -n "$auth" ] && curl -s -o /dev/null -H "Authorization: $auth" http://127.0.0.1:$HTTP_PORT/continents
    [ -n "$JFR" ] && "$JAVA_HOME/bin/jcmd" "$server" JFR.start name=bench settings=profile > /dev/null
    evalsha0=$(calls evalsha); all0=$(calls all)
    env "$@" BENCH_THREADS=$THREADS wrk -t$THREADS -c$CONNECTIONS -d${seconds}s --latency -s bench/wrk.lua http://127.0.0.1:$HTTP_PORT > "$out/$name.txt"
    evalsha1=$(calls evalsha); all1=$(calls all)
    if [ -n "$JFR" ]; then
        "$JAVA_HOME/bin/jcmd" "$server" JFR.stop name=bench filename="$PWD/$out/$name.jfr" > /dev/null
        "$JAVA_HOME/bin/jfr" view --width 160 hot-methods "$out/$name.jfr" > "$out/$name.hot.txt" 2>&1 || true
    fi
    local line; line=$(grep '^BENCH ' "$out/$name.txt")
    local requests rps p50 p99 p999 non2xx
    eval "$(echo "${line#BENCH }" | tr ' ' '\n' | grep -E '^(requests|rps|p50_ms|p99_ms|p999_ms|non2xx)=')"
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%.3f\t%.3f\n' "$name" "$rps" "$p50_ms" "$p99_ms" "$p999_ms" "$non2xx" \
        "$(echo "($evalsha1 - $evalsha0) / $requests" | bc -l)" "$(echo "($all1 - $all0) / $requests" | bc -l)" | tee -a "$results"
}

boot limiter-off RATELIMIT_ENABLED=false "${LIMITER[@]}"
scenario off $DURATION BENCH_AUTH="$(auth b-fw)"
scenario off-anonymous $DURATION BENCH_CALLERS=1
# A wrong password is always checked by the database and PBKDF2: what every request cost before VerifiedCredentials.
scenario off-wrong-password $DURATION BENCH_AUTH="Basic $(printf 'b-fw:wrong' | base64 -w0)"
shutdown

boot limiter-on "${LIMITER[@]}"
scenario allow-fixed-window $DURATION BENCH_AUTH="$(auth b-fw)"
scenario allow-sliding-window $DURATION BENCH_AUTH="$(auth b-sw)"
scenario allow-token-bucket $DURATION BENCH_AUTH="$(auth b-tb)"
scenario allow-gcra $DURATION BENCH_AUTH="$(auth b-gcra)"
scenario allow-3-limits $DURATION BENCH_AUTH="$(auth b-three)"
scenario deny-denial-cache $DURATION BENCH_AUTH="$(auth b-deny)"
scenario anonymous-1-caller $DURATION BENCH_CALLERS=1
before=$($redis info memory | tr -d '\r' | awk -F: '$1 == "used_memory" { print $2 }'); keys0=$($redis dbsize)
# Long enough for every one of the 100,000 callers to be met (a new Redis key each), at the 1-caller rate + 20%.
rps1=$(awk -F'\t' '$1 == "anonymous-1-caller" { print $2 }' "$results")
seconds=$(echo "s = 120000 / $rps1; if (s < $DURATION * 4) s = $DURATION * 4; scale = 0; s / 1 + 1" | bc -l)
scenario anonymous-100k-callers "$seconds" BENCH_CALLERS=100000
after=$($redis info memory | tr -d '\r' | awk -F: '$1 == "used_memory" { print $2 }'); keys1=$($redis dbsize)
{
    echo "tracked callers added by anonymous-100k-callers: $((keys1 - keys0)) keys, $(( (after - before) / (keys1 - keys0) )) bytes per key (used_memory delta)"
    echo "MEMORY USAGE rl:{ip:10.0.0.0}:fw: $($redis memory usage 'rl:{ip:10.0.0.0}:fw') bytes"
    # A bucket key with a limit of 1,000,000/h expires a few ms after a request: measure each algorithm on a key
    # of its own with a small limit (the stored values are integers either way).
    for run in 'fixed-window.lua rl:{b-fw}:m , 5 3600' 'sliding-window.lua rl:{b-sw}:m , 5 3600' \
               'token-bucket.lua rl:{b-tb}:m , 10 5 3600' 'gcra.lua rl:{b-gcra}:m , 9 10 3600'; do
        set -- $run
        $redis --eval "src/main/resources/ratelimit/$1" "${@:2}" > /dev/null
        echo "MEMORY USAGE ${1%.lua} ($2): $($redis memory usage "$2") bytes ($($redis type "$2"))"
    done
} | tee "$out/memory.txt"
shutdown

boot limiter-on-no-denial-cache RATELIMIT_DENIAL_CACHE_SIZE=0 "${LIMITER[@]}"
scenario deny-no-denial-cache $DURATION BENCH_AUTH="$(auth b-deny)"
scenario allow-fixed-window-again $DURATION BENCH_AUTH="$(auth b-fw)"
shutdown

off=$(awk -F'\t' '$1 == "off" { print $2 }' "$results")
awk -F'\t' -v off="$off" 'NR > 1 { printf "%-28s %6.2f x limiter-off req/s\n", $1, $2 / off }' "$results" | tee "$out/ratios.txt"

gnuplot <<GNUPLOT
set terminal pngcairo size 1200,600 font ",10"
set output "bench/results/$stamp.png"
set title "Continents API on $(nproc) cores, wrk -c$CONNECTIONS, $stamp"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set xtics rotate by -35 scale 0
set ylabel "requests/s"
set y2label "latency (ms)"
set y2tics
set ytics nomirror
set key top right
set datafile separator "\t"
set key autotitle columnhead
plot "$results" using 2:xtic(1) title "req/s" axes x1y1, \
     "" using 0:4 with linespoints lw 2 title "p99 ms" axes x1y2, \
     "" using 0:5 with linespoints lw 2 title "p99.9 ms" axes x1y2
GNUPLOT
echo "results: $results, chart: bench/results/$stamp.png, raw: $out/"
