#!/usr/bin/env bash
# Router micro-benchmark (JMH): lookup cost at 10 and 10,000 routes, in ns/op.
# Usage: bench/router.sh [extra JMH args, e.g. -wi 2 -i 3 -f 1]
set -euo pipefail
cd "$(dirname "$0")/.."
MVN_OFFLINE=${MVN_OFFLINE:-}
mvn -q -B $MVN_OFFLINE test-compile
mvn -q -B $MVN_OFFLINE dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
CP="target/test-classes:target/classes:$(cat target/bench.classpath)"
mkdir -p bench/results
java -cp "$CP" org.openjdk.jmh.Main 'dev.portico.routing.RouteTableBenchmark' \
  -rf json -rff bench/results/router.json "$@" \
  | tee bench/results/router.txt \
  | grep -E '^(Benchmark|RouteTableBenchmark)' || true
