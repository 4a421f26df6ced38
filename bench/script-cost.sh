#!/usr/bin/env bash
# bench/script-cost.sh [git revision...]: what the decision script costs Redis itself, without the app or Jedis.
# Puts the script together as DecisionScript does (each algorithm file up to its "-- Run alone" line, then
# decide.lua), from the working tree or from each revision given, loads it into a Redis of its own and drives
# it with redis-benchmark (16 clients, one key per algorithm, a limit never reached), beside two floors: a
# script that only returns, and a GET. Needs redis-server, redis-cli, redis-benchmark (apt-get install
# redis-server). Knobs: REQUESTS (300000), REDIS_PORT (6391).
set -euo pipefail
cd "$(dirname "$0")/.."
REQUESTS=${REQUESTS:-300000} REDIS_PORT=${REDIS_PORT:-6391}
dir=src/main/resources/ratelimit
redis="redis-cli -p $REDIS_PORT"
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes --logfile /dev/null
trap '$redis shutdown nosave > /dev/null 2>&1 || true' EXIT
until $redis ping > /dev/null 2>&1; do sleep 0.1; done

file() { # revision (empty: working tree), file name
    if [ -z "$1" ]; then cat "$dir/$2"; else git show "$1:$dir/$2"; fi
}
script() { # revision
    for algorithm in fixed-window sliding-window token-bucket gcra; do
        file "$1" "$algorithm.lua" | sed '/^-- Run alone$/,$d'
    done
    file "$1" decide.lua
}
rate() { # redis-benchmark arguments: requests per second
    redis-benchmark -p "$REDIS_PORT" -c 16 -n "$REQUESTS" -q "$@" | tr '\r' '\n' | tail -1 | awk '{ print $(NF - 5) }'
}

echo "redis-benchmark -c 16 -n $REQUESTS, $(redis-server --version | awk '{ print $3 }'), $(nproc) cores"
printf 'floor: EVALSHA of "return 1"\t%s\n' "$(rate evalsha "$($redis script load 'return 1')" 0)"
printf 'floor: GET\t%s\n' "$(rate get floor)"
for revision in "${@:-}"; do
    sha=$($redis script load "$(script "$revision")")
    name=${revision:-working tree}
    printf '%s fixed-window\t%s\n' "$name" "$(rate evalsha "$sha" 1 "rl:{fw}:$sha" fixed-window 1 2 1000000000 3600)"
    printf '%s sliding-window\t%s\n' "$name" "$(rate evalsha "$sha" 1 "rl:{sw}:$sha" sliding-window 1 2 1000000000 3600)"
    printf '%s token-bucket\t%s\n' "$name" "$(rate evalsha "$sha" 1 "rl:{tb}:$sha" token-bucket 1 3 1000000000 1000000000 3600)"
    printf '%s gcra\t%s\n' "$name" "$(rate evalsha "$sha" 1 "rl:{gcra}:$sha" gcra 1 3 999999999 1000000000 3600)"
done
