#!/bin/sh
# The policy daemon's load test: builds the application, the benchmark jar and the
# minimal C server, then measures the C server (the machine's limit), the daemon
# with system information from a file, and the daemon asking the qubesd stand-in,
# at 1, 16 and 64 concurrent clients (one connection per request), and prints a table.
#   policy-bench/run-daemon-load.sh [--clients 1,16,64] [--warmup SECONDS] [--seconds SECONDS]
set -eu
here=$(cd "$(dirname "$0")" && pwd -P)
repo=$(dirname "$here")
: "${JAVA_HOME:=/usr/lib/jvm/temurin-25-jdk-amd64}"
export JAVA_HOME
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"

if [ "${SKIP_BUILD:-}" != 1 ]; then
    (cd "$repo" && mvn -B -q -Pbench package -DskipTests -pl policy-bench -am)
fi
mkdir -p "$here/target"
cc -O2 -Wall -o "$here/target/const-server" "$here/src/main/c/const_server.c"
exec "$JAVA_HOME/bin/java" -XX:+UseParallelGC -cp "$here/target/benchmarks.jar" dev.qrexec.bench.load.DaemonLoad \
    --repo "$repo" --c-server "$here/target/const-server" "$@"
