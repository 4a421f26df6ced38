#!/usr/bin/env bash
# bench/bucket4j.sh [git revision]: JMH, the limiter's decisions (DecisionBatches with the defaults: batching on, 2
# lanes) beside Bucket4j at 16 threads for all four algorithms, then one caller's latency (1 thread, fixed window,
# p50 and p99), for the working tree and, given a revision, for that revision's limiter too (a worktree under
# target/bench, with the working tree's benchmark), one after the other. Read ours ÷ Bucket4j within one tree's run: Bucket4j is the same code in both,
# so what the machine's noise does to both cancels out. Writes bench/results/jmh/<UTC time>-bucket4j.txt. About 4
# minutes per tree here; run it on a quiet machine.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p bench/results/jmh
out=$PWD/bench/results/jmh/$(date -u +%Y-%m-%dT%H%MZ)-bucket4j.txt
jmh() { ./mvnw -o -q -Pbench test-compile exec:exec -Djmh.args="-wi 1 -w 3s -i 3 -r 3s $*"; }
run() { # the tree's name
    echo "== $1 ($(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src pom.xml || echo ', with uncommitted changes'))"
    jmh -p batching=on -p lanes=2 "'(continents|bucket4j)16\$'"
    jmh -bm sample -tu us -p algorithm=fixed-window -p batching=on -p lanes=2 "'continents1\$'"
}
{
    if [ $# -gt 0 ]; then
        rm -rf target/bench/jmh-baseline && git worktree prune && git worktree add -q --detach target/bench/jmh-baseline "$1"
        cp -r src/bench/. target/bench/jmh-baseline/src/bench/ # the same benchmark, over that revision's limiter
        (cd target/bench/jmh-baseline && run "baseline $1")
        git worktree remove --force target/bench/jmh-baseline
    fi
    run "working tree"
} 2>&1 | tee "$out"
echo "bench/bucket4j.sh: $out"
