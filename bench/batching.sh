#!/usr/bin/env bash
# bench/batching.sh: JMH, one decision through the limiter's DecisionBatches on an embedded Redis, batching off and
# on (1 and 2 lanes), at 1, 16 and 64 threads, beside Bucket4j: throughput for every algorithm, then latency
# (p50, p99) for the fixed window. Each iteration also prints, from the client's own count and Redis's INFO, the
# decisions per round trip, the EVALSHAs and Redis's CPU per decision ("[decisions]" lines).
# Writes bench/results/jmh/<UTC time>-batching.txt. About 12 minutes here; run it on a quiet machine.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p bench/results/jmh
out=bench/results/jmh/$(date -u +%Y-%m-%dT%H%MZ)-batching.txt
jmh() { ./mvnw -q -Pbench test-compile exec:exec -Djmh.args="-wi 1 -w 3s -i 2 -r 3s $*"; }
{
    jmh -p batching=off -p lanes=1
    jmh -p batching=on -p lanes=1,2 "'continents(1|16|64)\$'"
    jmh -bm sample -tu us -p algorithm=fixed-window -p batching=off,on -p lanes=1,2 "'continents(1|16|64)\$'"
} 2>&1 | tee "$out"
echo "bench/batching.sh: $out"
