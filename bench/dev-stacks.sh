# bench/dev-stacks.sh, sourced by bench/paired.sh and bench/profile.sh: builds the WAR and the dev stack's classpath;
# `boot <name> <port> <war> [VAR=value...]` starts a dev stack (stack/DevStack: its own MariaDB and Redis, Payara
# Micro on <port>, user b-fw) logging to target/bench/<name>-<port>.log, and returns once it answers. One after the
# other: MariaDB installs started side by side clash over their /tmp tables. Every stack stops when the script exits.
./mvnw -o -q -DskipTests package
./mvnw -o -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench/classpath.txt
classpath=target/test-classes:target/classes:$(cat target/bench/classpath.txt)
pids=()
trap 'kill "${pids[@]}" 2>/dev/null; wait 2>/dev/null' EXIT

boot() {
    local name=$1 port=$2 war=$3; shift 3
    local log=target/bench/$name-$port.log
    env DEV_USERS=b-fw: "$@" HTTP_PORT="$port" "$JAVA_HOME/bin/java" -cp "$classpath" \
        -Dpayara.microJar=target/payara-micro.jar -Dstack.basedir=. -Dstack.dir="target/bench/$name-$port" \
        -Dstack.war="$war" com.continentsapi.stack.DevStack > "$log" 2>&1 &
    pids+=($!)
    until grep -q 'Ctrl-C stops it' "$log"; do
        kill -0 "${pids[-1]}" 2>/dev/null || { echo "the stack did not start: $log" >&2; exit 1; }
        sleep 1
    done
}
