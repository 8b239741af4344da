#!/usr/bin/env bash
# What aggregation adds: an aggregate of three parallel calls to fixed-latency upstream endpoints
# against one direct call to the same kind of endpoint (the slowest call, the floor of any aggregate),
# and against one proxied call, in one run, alternating. Target: aggregate p50 - direct p50 < 1 ms.
#
#   bench/aggregate.sh                                   # ~4 minutes with the defaults
#   DURATION=5s ROUNDS=2 JIT_WARMUP=20s bench/aggregate.sh
set -euo pipefail

BENCH_NAME=aggregate-bench
DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-2s}
ROUNDS=${ROUNDS:-4}
CONNS=${CONNS:-16}
LATENCY_MS=${LATENCY_MS:-20}
PORT_BASE=${BENCH_PORT_BASE:-18380}
PROXY_CPU=${PROXY_CPU:-0}
LOAD_CPU=${LOAD_CPU:-1}
PORTICO_JAVA_OPTS=${PORTICO_JAVA_OPTS:--Xms64m -Xmx256m -XX:+UseParallelGC}
JIT_WARMUP=${JIT_WARMUP:-60s}
ECHO_MODULE=${ECHO_MODULE:-/usr/lib/nginx/modules/ngx_http_echo_module.so}

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$BENCH_DIR/.." && pwd)
# shellcheck source=bench/lib.sh
. "$BENCH_DIR/lib.sh"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/portico-aggregate-bench.XXXXXX")
RESULTS="$WORK/results.tsv"
: > "$RESULTS"
trap bench_cleanup EXIT
trap 'exit 130' INT TERM

UP_PORT=$PORT_BASE
GW_PORT=$((PORT_BASE + 1)); GW_ADMIN=$((PORT_BASE + 2))

require_tools wrk nginx curl taskset java
[ -f "$ECHO_MODULE" ] || die "the nginx echo module is needed for fixed latencies (Debian: libnginx-mod-http-echo)"
for p in "$UP_PORT" "$GW_PORT" "$GW_ADMIN"; do
  port_busy "$p" && die "port $p is in use (set BENCH_PORT_BASE to move the three ports from $PORT_BASE)"
done

# The upstream: /slow/<name> answers a small JSON object after LATENCY_MS, without blocking nginx.
dir="$WORK/upstream"
mkdir -p "$dir/tmp" "$dir/logs"
sleep_s=$(awk -v ms="$LATENCY_MS" 'BEGIN { printf "%.3f", ms / 1000 }')
cat > "$dir/nginx.conf" <<NGINX
load_module $ECHO_MODULE;
worker_processes 1;
daemon off;
pid $dir/nginx.pid;
events { worker_connections 8192; }
http {
  access_log off;
  client_body_temp_path $dir/tmp/body;
  proxy_temp_path $dir/tmp/proxy;
  fastcgi_temp_path $dir/tmp/fastcgi;
  uwsgi_temp_path $dir/tmp/uwsgi;
  scgi_temp_path $dir/tmp/scgi;
  keepalive_requests 10000000;
  keepalive_timeout 300s;
  server {
    listen 127.0.0.1:$UP_PORT backlog=4096;
    location /slow/ {
      default_type application/json;
      echo_sleep $sleep_s;
      echo '{"id": 1, "name": "item", "price": 12.5, "tags": ["a", "b", "c"]}';
    }
  }
}
NGINX
nginx=$(command -v nginx || echo /usr/sbin/nginx)
taskset -c "$LOAD_CPU" "$nginx" -p "$dir/" -c "$dir/nginx.conf" -e "$dir/logs/error.log" &
BENCH_PIDS+=("$!")
wait_http "http://127.0.0.1:$UP_PORT/slow/x" "$!" 10 || die "the upstream nginx did not start"

cat > "$WORK/portico.yaml" <<YAML
listen: { port: $GW_PORT }
admin: { port: $GW_ADMIN }
accessLog: { enabled: false }
upstreams:
  bench: { targets: [http://127.0.0.1:$UP_PORT], timeout: 5s, maxConnectionsPerTarget: 256 }
routes:
  - { id: proxy, match: { path: /proxy/**, methods: [GET] }, upstream: bench, rewrite: { stripPrefix: /proxy } }
  - id: aggregate
    match: { path: /aggregate, methods: [GET] }
    aggregate:
      order:    { upstream: bench, path: /slow/order, required: true }
      customer: { upstream: bench, path: /slow/customer }
      products: { upstream: bench, path: /slow/products }
YAML
start_portico "$WORK/portico.yaml" "$GW_ADMIN" "$WORK/portico.log"

declare -A URL=([direct]="http://127.0.0.1:$UP_PORT/slow/order"
  [proxy]="http://127.0.0.1:$GW_PORT/proxy/slow/order" [aggregate]="http://127.0.0.1:$GW_PORT/aggregate")
declare -A PID=([direct]=$PORTICO_PID [proxy]=$PORTICO_PID [aggregate]=$PORTICO_PID)
got=$(curl -s --max-time 5 "${URL[aggregate]}")
grep -q '"products"' <<< "$got" && ! grep -q '_partial' <<< "$got" || die "the aggregate answered: $got"

half=$(($(dur_s "$JIT_WARMUP") / 2))s
log "JIT warm-up: $half on each gateway target (discarded)"
for t in proxy aggregate; do run_wrk "$CONNS" "$half" "${URL[$t]}" > /dev/null; done

for ((round = 1; round <= ROUNDS; round++)); do
  if ((round % 2 == 1)); then order="direct proxy aggregate"; else order="aggregate proxy direct"; fi
  for t in $order; do measure "$t" "$round" "${URL[$t]}" "${PID[$t]}"; done
done

mkdir -p "$BENCH_DIR/results"
file="$BENCH_DIR/results/aggregate_$(date +%Y-%m-%d_%H%M%S).txt"
{
  echo "Portico aggregation benchmark, $(date '+%Y-%m-%d %H:%M:%S %Z')"
  machine_line
  echo "portico: JVM flags $PORTICO_JAVA_OPTS, pinned to cpu $PROXY_CPU; wrk and nginx on cpu $LOAD_CPU"
  echo "runs: $ROUNDS x $DURATION per target after $WARMUP warm-up, alternating; wrk -t1 -c$CONNS"
  echo "upstream: every call answers after ${LATENCY_MS} ms; the aggregate makes three such calls in parallel"
  echo "(cpu us/req is Portico's; in the direct row Portico is idle, so that is its background noise)"
  echo
  summary_table direct proxy aggregate
  awk -F'\t' '{ n[$1]++; p[$1] += $4 } END { if (n["direct"] && n["aggregate"]) {
      d = (p["aggregate"] / n["aggregate"] - p["direct"] / n["direct"]) / 1000;
      printf "\naggregate p50 - direct p50: %.2f ms (target < 1 ms): %s\n", d, (d < 1 ? "met" : "NOT met") } }' "$RESULTS"
} | tee "$file"
log "written to $file"
