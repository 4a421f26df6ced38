#!/usr/bin/env bash
# bench/profile.sh: where Payara Micro's CPU goes on the allow path, limiter off against on. Boots two dev stacks
# (limiter off on port 8090; on, with the defaults and a limit never reached, on 8092; one user each; with
# BASELINE=<git revision>, a third on 8093: on, with that revision's WAR, profiled as "before"), warms them
# in 30 s turns, then profiles each in turn under the same wrk load with async-profiler (CPU samples, attached with
# jcmd after the warm-up; jcmd splits an unquoted argument at its commas, hence the inner quotes) and writes, per stack, a flame graph and its collapsed stacks:
# bench/results/<UTC time>-flame-{off,on,before}.html and .collapsed, with the requests and /proc CPU of each profiled run
# in <UTC time>-flame.txt. bench/flame-components.py turns the two into µs per request by component.
# wrk talks to each Payara Micro's own HTTP listener (no relay). Needs wrk, bc, pgrep and jcmd (in JAVA_HOME).
# Knobs: WARMUP (s per server, in 30 s turns: 240), DURATION (s profiled per stack: 30), CONNECTIONS (16),
# INTERVAL (sampling interval: 1ms). The async-profiler library comes from Maven Central (tools.profiler:async-profiler).
set -euo pipefail
cd "$(dirname "$0")/.."
WARMUP=${WARMUP:-240} DURATION=${DURATION:-30} CONNECTIONS=${CONNECTIONS:-16} INTERVAL=${INTERVAL:-1ms}
: "${JAVA_HOME:?bench/profile.sh needs JAVA_HOME (a JDK 21 or newer)}"
for tool in wrk bc pgrep unzip; do
    command -v $tool >/dev/null || { echo "bench/profile.sh needs $tool (apt-get install wrk bc procps unzip)" >&2; exit 1; }
done
ASYNC_PROFILER=4.2
./mvnw -q dependency:copy -Dartifact=tools.profiler:async-profiler:$ASYNC_PROFILER -DoutputDirectory=target/bench
unzip -qo target/bench/async-profiler-$ASYNC_PROFILER.jar 'linux-x64/*' -d target/bench/async-profiler
library=$PWD/target/bench/async-profiler/linux-x64/libasyncProfiler.so
source bench/dev-stacks.sh
stamp=$(date -u +%Y-%m-%dT%H%MZ)
names=(off on) ports=(8090 8092)
boot profile 8090 target/continents.war RATELIMIT_ENABLED=false
boot profile 8092 target/continents.war RATELIMIT_LIMIT=1000000000 RATELIMIT_WINDOW=3600
if [ -n "${BASELINE:-}" ]; then
    bench/baseline-war.sh "$BASELINE"
    boot profile 8093 target/bench/baseline.war RATELIMIT_LIMIT=1000000000 RATELIMIT_WINDOW=3600
    names+=(before) ports+=(8093)
fi
export BENCH_AUTH="Basic $(printf 'b-fw:EXAMPLE_PASSWORD' | base64 -w0)"
load() { # port, seconds: the BENCH line of wrk
    wrk -t2 -c"$CONNECTIONS" -d"$2"s -s bench/wrk.lua "http://127.0.0.1:$1" | grep '^BENCH'
}
for _ in $(seq 1 $((WARMUP / 30))); do for port in "${ports[@]}"; do load "$port" 30 > /dev/null; done; done

payara() { # stack index: the pid of its Payara Micro, a child of its DevStack
    local pid
    for pid in $(pgrep -P "${pids[$1]}"); do [[ $(ps -o comm= -p "$pid") == java* ]] && { echo "$pid"; return; }; done
}
ticks() { sed 's/.*) //' "/proc/$1/stat" | cut -d' ' -f12,13 | tr ' ' + | bc; }
hz=$(getconf CLK_TCK)
summary=bench/results/$stamp-flame.txt
printf 'stack\trequests\tseconds\trps\tpayara_cpu_us_per_request\tsamples_interval\n' | tee "$summary"
for stack in "${!names[@]}"; do
    name=${names[$stack]} port=${ports[$stack]} pid=$(payara "$stack")
    "$JAVA_HOME/bin/jcmd" "$pid" JVMTI.agent_load "$library" "\"start,event=cpu,interval=$INTERVAL\"" > /dev/null
    before=$(ticks "$pid")
    out=$(load $port "$DURATION")
    after=$(ticks "$pid")
    "$JAVA_HOME/bin/jcmd" "$pid" JVMTI.agent_load "$library" "\"dump,collapsed,file=$PWD/bench/results/$stamp-flame-$name.collapsed\"" > /dev/null
    "$JAVA_HOME/bin/jcmd" "$pid" JVMTI.agent_load "$library" "\"stop,flamegraph,file=$PWD/bench/results/$stamp-flame-$name.html\"" > /dev/null
    requests=$(sed 's/.* requests=\([0-9]*\).*/\1/' <<< "$out")
    printf '%s\t%s\t%s\t%s\t%.1f\t%s\n' "$name" "$requests" "$(sed 's/.* seconds=\([0-9.]*\).*/\1/' <<< "$out")" \
        "$(sed 's/.* rps=\([0-9.]*\).*/\1/' <<< "$out")" "$(echo "($after - $before) * 1000000 / $hz / $requests" | bc -l)" "$INTERVAL" | tee -a "$summary"
done
python3 bench/flame-components.py "bench/results/$stamp-flame" | tee "bench/results/$stamp-flame-components.txt"
