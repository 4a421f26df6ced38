#!/usr/bin/env bash
# bench/baseline-war.sh <git revision>: builds that revision's WAR in a worktree under target/bench and copies it to
# target/bench/baseline.war, so that a benchmark can run it beside the working tree's: before and after a change.
set -euo pipefail
cd "$(dirname "$0")/.."
rm -rf target/bench/baseline && git worktree prune && git worktree add -q --detach target/bench/baseline "$1"
(cd target/bench/baseline && ./mvnw -o -q -DskipTests package)
cp target/bench/baseline/target/continents.war target/bench/baseline.war
git worktree remove --force target/bench/baseline
