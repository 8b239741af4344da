#!/usr/bin/env bash
# What rate limiting costs: the plain proxy route against the same route with a local rate limit
# and with a Redis rate limit (one EVALSHA per request on a real redis-server), in one run,
# alternating. The limits are far above the offered load, so every request is allowed and the
# only difference is the decision. Target: local >= 0.9 x plain.
#
#   bench/ratelimit.sh                                  # ~5 minutes with the defaults
#   DURATION=5s ROUNDS=2 JIT_WARMUP=20s bench/ratelimit.sh
set -euo pipefail

BENCH_NAME=ratelimit-bench
DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-2s}
ROUNDS=${ROUNDS:-4}
CONNS=${CONNS:-64}
PORT_BASE=${BENCH_PORT_BASE:-18280}
PROXY_CPU=${PROXY_CPU:-0}
LOAD_CPU=${LOAD_CPU:-1}
PORTICO_JAVA_OPTS=${PORTICO_JAVA_OPTS:--Xms64m -Xmx256m -XX:+UseParallelGC}
JIT_WARMUP=${JIT_WARMUP:-60s}

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$BENCH_DIR/.." && pwd)
# shellcheck source=bench/lib.sh
. "$BENCH_DIR/lib.sh"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/portico-ratelimit-bench.XXXXXX")
RESULTS="$WORK/results.tsv"
: > "$RESULTS"
trap bench_cleanup EXIT
trap 'exit 130' INT TERM

UP_PORT=$PORT_BASE
REDIS_PORT=$((PORT_BASE + 1))
LOCAL_PORT=$((PORT_BASE + 2)); LOCAL_ADMIN=$((PORT_BASE + 3))
SHARED_PORT=$((PORT_BASE + 4)); SHARED_ADMIN=$((PORT_BASE + 5))

require_tools wrk nginx curl taskset java redis-server
for p in "$UP_PORT" "$REDIS_PORT" "$LOCAL_PORT" "$LOCAL_ADMIN" "$SHARED_PORT" "$SHARED_ADMIN"; do
  port_busy "$p" && die "port $p is in use (set BENCH_PORT_BASE to move the six ports from $PORT_BASE)"
done

start_upstream_nginx "$UP_PORT"
taskset -c "$LOAD_CPU" redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no \
  --dir "$WORK" > "$WORK/redis.log" 2>&1 &
BENCH_PIDS+=("$!")

# The same routes on two instances; only the store differs. The limit is never reached.
write_config() { # file port admin store
  cat > "$1" <<YAML
listen: { port: $2 }
admin: { port: $3 }
accessLog: { enabled: false }
cluster:
  redis: { url: "redis://127.0.0.1:$REDIS_PORT" }
rateLimits: { store: $4, failMode: closed, timeout: 1s }
upstreams:
  bench: { targets: [http://127.0.0.1:$UP_PORT], timeout: 5s }
routes:
  - { id: plain, match: { path: /plain/**, methods: [GET] }, upstream: bench, rewrite: { stripPrefix: /plain } }
  - id: limited
    match: { path: /limited/**, methods: [GET] }
    upstream: bench
    rewrite: { stripPrefix: /limited }
    rateLimit: { per: ip, limit: 100000000/h }
YAML
}
write_config "$WORK/local.yaml" "$LOCAL_PORT" "$LOCAL_ADMIN" local
write_config "$WORK/shared.yaml" "$SHARED_PORT" "$SHARED_ADMIN" redis
start_portico "$WORK/local.yaml" "$LOCAL_ADMIN" "$WORK/local.log"; LOCAL_PID=$PORTICO_PID
start_portico "$WORK/shared.yaml" "$SHARED_ADMIN" "$WORK/shared.log"; SHARED_PID=$PORTICO_PID

declare -A URL=([plain]="http://127.0.0.1:$LOCAL_PORT/plain/bytes"
  [local]="http://127.0.0.1:$LOCAL_PORT/limited/bytes" [redis]="http://127.0.0.1:$SHARED_PORT/limited/bytes")
declare -A PID=([plain]=$LOCAL_PID [local]=$LOCAL_PID [redis]=$SHARED_PID)
for t in plain local redis; do
  got=$(curl -s -D - -o /dev/null --max-time 5 "${URL[$t]}" | tr -d '\r')
  grep -q '^HTTP/1.1 200' <<< "$got" || die "GET ${URL[$t]} did not answer 200"
  if [ "$t" != plain ]; then grep -qi '^RateLimit:' <<< "$got" || die "$t: no RateLimit header"; fi
done

third=$(($(dur_s "$JIT_WARMUP") / 3))s
log "JIT warm-up: $third on each target (discarded)"
for t in plain local redis; do run_wrk "$CONNS" "$third" "${URL[$t]}" > /dev/null; done

for ((round = 1; round <= ROUNDS; round++)); do
  if ((round % 2 == 1)); then order="plain local redis"; else order="redis local plain"; fi
  for t in $order; do measure "$t" "$round" "${URL[$t]}" "${PID[$t]}"; done
done

mkdir -p "$BENCH_DIR/results"
file="$BENCH_DIR/results/ratelimit_$(date +%Y-%m-%d_%H%M%S).txt"
{
  echo "Portico rate-limit benchmark, $(date '+%Y-%m-%d %H:%M:%S %Z')"
  machine_line
  echo "portico: JVM flags $PORTICO_JAVA_OPTS, pinned to cpu $PROXY_CPU; wrk, nginx and redis-server on cpu $LOAD_CPU"
  echo "runs: $ROUNDS x $DURATION per target after $WARMUP warm-up, alternating; wrk -t1 -c$CONNS, GET 1 KiB"
  echo
  summary_table plain local redis
  awk -F'\t' '{ n[$1]++; r[$1] += $3 } END { if (n["plain"] && n["local"]) {
      x = (r["local"] / n["local"]) / (r["plain"] / n["plain"]);
      printf "\nlocal / plain throughput: %.3f (target >= 0.9): %s\n", x, (x >= 0.9 ? "met" : "NOT met") } }' "$RESULTS"
} | tee "$file"
log "written to $file"
