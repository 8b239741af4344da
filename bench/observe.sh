#!/usr/bin/env bash
# What traces and access logs cost: the same GET 1 KiB proxy route on two Portico instances,
#   off  no tracing section, accessLog: { enabled: false }
#   on   tracing at 10% exported over OTLP/HTTP to a local receiver that accepts and discards
#        (nginx "return 200"), and the access log on, to a file, with every field
# measured in one run, alternating. Each request on "on" gets a SERVER and a CLIENT span (1 in 10
# recorded and exported) and one access-log line. Target: on >= 0.9 x off.
#
# Then (MICRO=1) a JMH run of the same work in-process: the two spans (at 10% and 100%) and the
# formatting of one access-log line, in ns/op, which a busy machine disturbs far less than wrk.
#
#   bench/observe.sh                                   # ~3 minutes with the defaults
#   DURATION=5s ROUNDS=4 JIT_WARMUP=20s bench/observe.sh
set -euo pipefail

BENCH_NAME=observe-bench
DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-2s}
ROUNDS=${ROUNDS:-4}
CONNS=${CONNS:-64}
PORT_BASE=${BENCH_PORT_BASE:-18380}
PROXY_CPU=${PROXY_CPU:-0}
LOAD_CPU=${LOAD_CPU:-1}
PORTICO_JAVA_OPTS=${PORTICO_JAVA_OPTS:--Xms64m -Xmx256m -XX:+UseParallelGC}
JIT_WARMUP=${JIT_WARMUP:-60s}
SAMPLING=${SAMPLING:-10%}
MICRO=${MICRO:-1}                 # 1: also measure the in-process cost with JMH (needs mvn; ~1 minute)

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$BENCH_DIR/.." && pwd)
# shellcheck source=bench/lib.sh
. "$BENCH_DIR/lib.sh"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/portico-observe-bench.XXXXXX")
RESULTS="$WORK/results.tsv"
: > "$RESULTS"
trap bench_cleanup EXIT
trap 'exit 130' INT TERM

UP_PORT=$PORT_BASE
SINK_PORT=$((PORT_BASE + 1))
OFF_PORT=$((PORT_BASE + 2)); OFF_ADMIN=$((PORT_BASE + 3))
ON_PORT=$((PORT_BASE + 4)); ON_ADMIN=$((PORT_BASE + 5))

require_tools wrk nginx curl taskset java
for p in "$UP_PORT" "$SINK_PORT" "$OFF_PORT" "$OFF_ADMIN" "$ON_PORT" "$ON_ADMIN"; do
  port_busy "$p" && die "port $p is in use (set BENCH_PORT_BASE to move the six ports from $PORT_BASE)"
done

start_upstream_nginx "$UP_PORT"

# The OTLP receiver: accepts POST /v1/traces and discards it, as a collector that keeps up would.
mkdir -p "$WORK/sink/tmp" "$WORK/sink/logs"
cat > "$WORK/sink/nginx.conf" <<NGINX
worker_processes 1;
daemon off;
pid $WORK/sink/nginx.pid;
events { worker_connections 1024; }
http {
  access_log $WORK/sink/logs/access.log;
  client_body_temp_path $WORK/sink/tmp/body;
  proxy_temp_path $WORK/sink/tmp/proxy;
  fastcgi_temp_path $WORK/sink/tmp/fastcgi;
  uwsgi_temp_path $WORK/sink/tmp/uwsgi;
  scgi_temp_path $WORK/sink/tmp/scgi;
  client_max_body_size 64m;
  server {
    listen 127.0.0.1:$SINK_PORT;
    location = /v1/traces { default_type application/x-protobuf; return 200 ""; }
    location = /ping { return 200 "ok"; }
  }
}
NGINX
NGINX_BIN=$(command -v nginx || echo /usr/sbin/nginx)
taskset -c "$LOAD_CPU" "$NGINX_BIN" -p "$WORK/sink/" -c "$WORK/sink/nginx.conf" -e "$WORK/sink/logs/error.log" &
BENCH_PIDS+=("$!")
wait_http "http://127.0.0.1:$SINK_PORT/ping" "$!" 10 || die "the OTLP sink nginx did not start"

cat > "$WORK/off.yaml" <<YAML
listen: { port: $OFF_PORT }
admin: { port: $OFF_ADMIN }
accessLog: { enabled: false }
upstreams:
  bench: { targets: [http://127.0.0.1:$UP_PORT], timeout: 5s }
routes:
  - { id: plain, match: { path: /plain/**, methods: [GET] }, upstream: bench, rewrite: { stripPrefix: /plain } }
YAML
cat > "$WORK/on.yaml" <<YAML
listen: { port: $ON_PORT }
admin: { port: $ON_ADMIN }
accessLog: { path: $WORK/access.log }
tracing:
  sampling: "$SAMPLING"
  otlp: { endpoint: "http://127.0.0.1:$SINK_PORT/v1/traces", timeout: 2s }
upstreams:
  bench: { targets: [http://127.0.0.1:$UP_PORT], timeout: 5s }
routes:
  - { id: plain, match: { path: /plain/**, methods: [GET] }, upstream: bench, rewrite: { stripPrefix: /plain } }
YAML
start_portico "$WORK/off.yaml" "$OFF_ADMIN" "$WORK/off.log"; OFF_PID=$PORTICO_PID
start_portico "$WORK/on.yaml" "$ON_ADMIN" "$WORK/on.log"; ON_PID=$PORTICO_PID

declare -A URL=([off]="http://127.0.0.1:$OFF_PORT/plain/bytes" [on]="http://127.0.0.1:$ON_PORT/plain/bytes")
declare -A PID=([off]=$OFF_PID [on]=$ON_PID)
for t in off on; do
  got=$(curl -s -o /dev/null -w '%{http_code} %{size_download}' --max-time 5 "${URL[$t]}")
  [ "$got" = "200 1024" ] || die "GET ${URL[$t]} gave '$got' (expected: 200 1024)"
done

half=$(($(dur_s "$JIT_WARMUP") / 2))s
log "JIT warm-up: $half on each instance (discarded)"
for t in off on; do run_wrk "$CONNS" "$half" "${URL[$t]}" > /dev/null; done

# Exports and log lines of the measured rounds only.
exports_before=$(wc -l < "$WORK/sink/logs/access.log")
lines_before=$(wc -l < "$WORK/access.log")
for ((round = 1; round <= ROUNDS; round++)); do
  if ((round % 2 == 1)); then order="off on"; else order="on off"; fi
  for t in $order; do measure "$t" "$round" "${URL[$t]}" "${PID[$t]}"; done
done
sleep 2 # the last batch (the exporter sends every second)
exports=$(($(wc -l < "$WORK/sink/logs/access.log") - exports_before))
lines=$(($(wc -l < "$WORK/access.log") - lines_before))
failed_exports=$(grep -c 'could not export' "$WORK/on.log" || true)

mkdir -p "$BENCH_DIR/results"
file="$BENCH_DIR/results/observe_$(date +%Y-%m-%d_%H%M%S).txt"
{
  echo "Portico tracing + access-log benchmark, $(date '+%Y-%m-%d %H:%M:%S %Z')"
  machine_line
  echo "portico: JVM flags $PORTICO_JAVA_OPTS, both instances pinned to cpu $PROXY_CPU; wrk and both nginx on cpu $LOAD_CPU"
  echo "runs: $ROUNDS x $DURATION per instance after $WARMUP warm-up, alternating; wrk -t1 -c$CONNS, GET 1 KiB"
  echo "on: tracing sampling $SAMPLING, OTLP/HTTP to nginx (discards); access log to a file, every field"
  echo
  summary_table off on
  awk -F'\t' '{ n[$1]++; r[$1] += $3 } END { if (n["off"] && n["on"]) {
      x = (r["on"] / n["on"]) / (r["off"] / n["off"]);
      printf "\non / off throughput: %.3f (target >= 0.9): %s\n", x, (x >= 0.9 ? "met" : "NOT met") } }' "$RESULTS"
  echo "during the measured rounds: $lines access-log lines written, $exports OTLP export requests received by the sink,"
  echo "  $failed_exports export-failure warnings in the gateway's log"
} | tee "$file"

if [ "$MICRO" = 1 ]; then
  log "in-process cost (JMH, ns/op)"
  (cd "$ROOT" && mvn -q -B -o test-compile && mvn -q -B -o dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile=target/bench.classpath) >&2 || die "could not build the test classes for JMH"
  CP="$ROOT/target/test-classes:$ROOT/target/classes:$(cat "$ROOT/target/bench.classpath")"
  {
    echo
    echo "in-process, JMH average time (taskset cpu $PROXY_CPU):"
    # Other JMH runs on a shared machine hold /tmp/jmh.lock; without ignoreLock this one would print nothing.
    taskset -c "$PROXY_CPU" java -Djmh.ignoreLock=true -cp "$CP" org.openjdk.jmh.Main 'dev.portico.observe.trace.TracingBenchmark' 2>&1 \
      | grep -E '^(Benchmark|TracingBenchmark)' || true
  } | tee -a "$file"
fi
log "written to $file"
