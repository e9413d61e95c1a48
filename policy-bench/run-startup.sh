#!/bin/sh
# The start-up benchmark: builds the application and the benchmark jar (unless
# SKIP_BUILD=1), generates the 100,000-rule tree once (policy-bench/target/tree-100000),
# then runs every program cold many times and prints Markdown tables: each program's
# wall and CPU medians (and the reference's, with --reference DIR), and the cold loads
# with and without the loader's parallel prefetch.
#   policy-bench/run-startup.sh [--runs N] [--reference QUBES_CORE_QREXEC_CHECKOUT]
set -eu
here=$(cd "$(dirname "$0")" && pwd -P)
repo=$(dirname "$here")

if [ "${SKIP_BUILD:-}" != 1 ]; then
    (cd "$repo" && mvn -B -q -Pbench package -DskipTests -pl policy-bench -am)
fi
java=""
for candidate in "${JAVA_HOME:+$JAVA_HOME/bin/java}" /usr/lib/jvm/*/bin/java; do
    if [ -z "$java" ] && [ -x "$candidate" ] && [ -f "${candidate%/bin/java}/release" ] &&
            grep -q '^JAVA_VERSION="\(2[5-9]\|[3-9][0-9]\)' "${candidate%/bin/java}/release"; then
        java=$candidate
    fi
done
tree="$here/target/tree-100000"
if [ ! -d "$tree/run" ]; then
    "$java" -cp "$here/target/benchmarks.jar" dev.qrexec.bench.PolicyGenerator "$tree" 100000 >/dev/null
fi
exec "$java" --enable-native-access=ALL-UNNAMED -cp "$here/target/benchmarks.jar" \
    dev.qrexec.bench.startup.StartupBenchmark --repo "$repo" --tree "$tree" "$@"
