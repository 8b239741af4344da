#!/usr/bin/env bash
# What JWT authentication costs: one Portico with two routes to the same nginx upstream,
#   plain  /plain/bytes -> /bytes, no auth
#   jwt    /jwt/bytes   -> /bytes, auth: { jwt: bench, scopes: [bench:read] } (RS256, 2048-bit key)
# measured in one run, alternating, both with the same Authorization header (the plain route ignores it),
# so the only difference is the auth filter: token extraction, the verified-token cache (a SHA-256 and a
# lookup after the first request), the revocation check and the scope check. Target: jwt >= 0.85 x plain.
#
# Then (MICRO=1) a JMH run of the verifier alone: a repeated token, its SHA-256, and what the cache saves.
#
#   bench/jwt.sh                          # ~4 minutes with the defaults
#   DURATION=3s ROUNDS=2 JIT_WARMUP=20s MICRO=0 bench/jwt.sh
set -euo pipefail

DURATION=${DURATION:-5s}
WARMUP=${WARMUP:-2s}
ROUNDS=${ROUNDS:-8}               # odd rounds plain then jwt, even rounds jwt then plain
CONNS=${CONNS:-64}
PORT_BASE=${BENCH_PORT_BASE:-18180}
PROXY_CPU=${PROXY_CPU:-0}
LOAD_CPU=${LOAD_CPU:-1}
PORTICO_JAVA_OPTS=${PORTICO_JAVA_OPTS:--Xms64m -Xmx256m -XX:+UseParallelGC}
JIT_WARMUP=${JIT_WARMUP:-60s}     # split between the two routes, discarded
MICRO=${MICRO:-1}                 # 1: also measure the in-process cost with JMH (needs mvn; ~1 minute)
PORTICO_JAR=${PORTICO_JAR:-}
KEEP_WORK=${KEEP_WORK:-0}

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$BENCH_DIR/.." && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/portico-jwt-bench.XXXXXX")
RESULTS="$WORK/results.tsv"       # route, round, rps, p50_us, p99_us, errors, cpu_us
: > "$RESULTS"
UP_PORT=$PORT_BASE
PORTICO_PORT=$((PORT_BASE + 1))
PORTICO_ADMIN=$((PORT_BASE + 2))
ISSUER=https://bench.portico.test
AUDIENCE=bench
PIDS=()
PORTICO_PID=""

log() { printf '[jwt-bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [ "$KEEP_WORK" = 1 ]; then log "work files kept in $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

for tool in wrk nginx curl taskset java; do
  command -v "$tool" >/dev/null || [ -x "/usr/sbin/$tool" ] || die "$tool is needed (bench/README.md lists how to get it)"
done
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for p in "$UP_PORT" "$PORTICO_PORT" "$PORTICO_ADMIN"; do
  port_busy "$p" && die "port $p is in use (set BENCH_PORT_BASE to move the three ports $PORT_BASE..$((PORT_BASE + 2)))"
done

wait_http() { # URL PID SECONDS [HEADER]: until URL answers 200
  local i
  for ((i = 0; i < $3 * 10; i++)); do
    kill -0 "$2" 2>/dev/null || return 2
    [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 ${4:+-H "$4"} "$1" || true)" = 200 ] && return 0
    sleep 0.1
  done
  return 1
}

dur_s() { case $1 in *ms) echo 1 ;; *s) echo "${1%s}" ;; *m) echo $((${1%m} * 60)) ;; *) echo "$1" ;; esac; }

cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null || echo 0; }

# ---------------------------------------------------------------------------------------------
# Upstream: nginx answering GET /bytes with exactly 1,024 bytes, as in bench/run.sh.

mkdir -p "$WORK/upstream/tmp" "$WORK/upstream/logs"
BODY=$(head -c 1024 /dev/zero | tr '\0' 'x')
cat > "$WORK/upstream/nginx.conf" <<NGINX
worker_processes 1;
daemon off;
pid $WORK/upstream/nginx.pid;
worker_rlimit_nofile 16384;
events { worker_connections 8192; }
http {
  access_log off;
  client_body_temp_path $WORK/upstream/tmp/body;
  proxy_temp_path $WORK/upstream/tmp/proxy;
  fastcgi_temp_path $WORK/upstream/tmp/fastcgi;
  uwsgi_temp_path $WORK/upstream/tmp/uwsgi;
  scgi_temp_path $WORK/upstream/tmp/scgi;
  keepalive_requests 10000000;
  keepalive_timeout 300s;
  server {
    listen 127.0.0.1:$UP_PORT backlog=4096;
    location = /bytes { default_type application/octet-stream; return 200 "$BODY"; }
  }
}
NGINX
taskset -c "$LOAD_CPU" "$NGINX" -p "$WORK/upstream/" -c "$WORK/upstream/nginx.conf" -e "$WORK/upstream/logs/error.log" &
PIDS+=("$!")
wait_http "http://127.0.0.1:$UP_PORT/bytes" "$!" 10 || die "the upstream nginx did not start"

# ---------------------------------------------------------------------------------------------
# Token and Portico

java "$BENCH_DIR/MintJwt.java" "$WORK" "$ISSUER" "$AUDIENCE"
TOKEN=$(cat "$WORK/token.txt")
AUTH="Authorization: Bearer $TOKEN"

if [ -z "$PORTICO_JAR" ]; then
  PORTICO_JAR="$ROOT/target/portico.jar"
  if [ ! -f "$PORTICO_JAR" ]; then
    log "no target/portico.jar: building it (mvn -q -B -o -DskipTests package)"
    (cd "$ROOT" && mvn -q -B -o -DskipTests package) >&2 || die "the build failed"
  fi
fi
[ -f "$PORTICO_JAR" ] || die "no Portico jar at $PORTICO_JAR"

cat > "$WORK/portico.yaml" <<YAML
listen: { port: $PORTICO_PORT }
admin: { port: $PORTICO_ADMIN }
accessLog: { enabled: false }
upstreams:
  bench: { targets: [http://127.0.0.1:$UP_PORT], timeout: 5s }
auth:
  jwt:
    bench:
      issuer: $ISSUER
      audiences: [$AUDIENCE]
      algorithms: [RS256]
      keys: [ { pemFile: $WORK/public.pem, kid: bench } ]
routes:
  - { id: plain, match: { path: /plain/**, methods: [GET] }, upstream: bench, rewrite: { stripPrefix: /plain } }
  - id: jwt
    match: { path: /jwt/**, methods: [GET] }
    upstream: bench
    rewrite: { stripPrefix: /jwt }
    auth: { jwt: bench, scopes: [bench:read] }
YAML
# shellcheck disable=SC2086 # PORTICO_JAVA_OPTS is a list of flags
taskset -c "$PROXY_CPU" java $PORTICO_JAVA_OPTS -jar "$PORTICO_JAR" run -c "$WORK/portico.yaml" > "$WORK/portico.log" 2>&1 &
PORTICO_PID=$!
PIDS+=("$PORTICO_PID")
wait_http "http://127.0.0.1:$PORTICO_ADMIN/ready" "$PORTICO_PID" 30 || { tail -n 20 "$WORK/portico.log" >&2; die "Portico did not start"; }

# Both routes must answer 1,024 bytes with the token, and the JWT route must refuse without one.
for route in plain jwt; do
  got=$(curl -s -o /dev/null -w '%{http_code} %{size_download}' --max-time 5 -H "$AUTH" "http://127.0.0.1:$PORTICO_PORT/$route/bytes")
  [ "$got" = "200 1024" ] || die "GET /$route/bytes with the token gave '$got' (expected: 200 1024)"
done
got=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "http://127.0.0.1:$PORTICO_PORT/jwt/bytes")
[ "$got" = 401 ] || die "GET /jwt/bytes without a token gave $got (expected: 401)"

run_wrk() { # conns duration url
  taskset -c "$LOAD_CPU" wrk -t1 -c"$1" -d"$2" --timeout 5s --latency -H "$AUTH" "$3" 2>&1 || true
}

parse_wrk() { # -> rps p50_us p99_us errors
  awk '
    function us(v) {
      if (v ~ /us$/) return v + 0
      if (v ~ /ms$/) return (v + 0) * 1000
      if (v ~ /s$/) return (v + 0) * 1000000
      return v + 0
    }
    /^ +50%/ { p50 = us($2) }
    /^ +99%/ { p99 = us($2) }
    /^Requests\/sec:/ { rps = $2 + 0 }
    /Socket errors:/ { errors += $4 + $6 + $8 + $10 }
    /Non-2xx or 3xx responses:/ { errors += $NF }
    END { printf "%.0f %.0f %.0f %d\n", rps, p50, p99, errors }'
}

half=$(($(dur_s "$JIT_WARMUP") / 2))s
log "JIT warm-up: $half on each route (discarded)"
run_wrk "$CONNS" "$half" "http://127.0.0.1:$PORTICO_PORT/plain/bytes" > /dev/null
run_wrk "$CONNS" "$half" "http://127.0.0.1:$PORTICO_PORT/jwt/bytes" > /dev/null

measure() { # route round
  local url="http://127.0.0.1:$PORTICO_PORT/$1/bytes" t0 t1 out parsed cpu
  run_wrk "$CONNS" "$WARMUP" "$url" > /dev/null
  t0=$(cpu_ticks "$PORTICO_PID")
  out=$(run_wrk "$CONNS" "$DURATION" "$url")
  t1=$(cpu_ticks "$PORTICO_PID")
  parsed=$(parse_wrk <<< "$out")
  set -- "$1" "$2" $parsed
  cpu=$(awk -v t=$((t1 - t0)) -v hz="$(getconf CLK_TCK)" -v rps="$3" -v d="$(dur_s "$DURATION")" \
    'BEGIN { n = rps * d; if (n > 0) printf "%.1f", t * 1e6 / hz / n; else print "-" }')
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" "$5" "$6" "$cpu" >> "$RESULTS"
  log "  $1 round $2: $3 req/s, p50 $4 us, p99 $5 us, errors $6, cpu $cpu us/req"
}

for ((round = 1; round <= ROUNDS; round++)); do
  if ((round % 2 == 1)); then measure plain "$round"; measure jwt "$round"; else measure jwt "$round"; measure plain "$round"; fi
done

mkdir -p "$BENCH_DIR/results"
file="$BENCH_DIR/results/jwt_$(date +%Y-%m-%d_%H%M%S).txt"
{
  echo "Portico JWT benchmark, $(date '+%Y-%m-%d %H:%M:%S %Z')"
  echo "machine: $(nproc) cores ($(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)), load average $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "portico: $(basename "$PORTICO_JAR"), JVM flags: $PORTICO_JAVA_OPTS, pinned to cpu $PROXY_CPU; wrk and nginx on cpu $LOAD_CPU"
  echo "runs: $ROUNDS x $DURATION per route after $WARMUP warm-up, alternating; wrk -t1 -c$CONNS, GET 1 KiB, token of ${#TOKEN} bytes"
  echo
  awk -F'\t' '
    { n[$1]++; rps[$1] += $3; p50[$1] += $4; p99[$1] += $5; err[$1] += $6; if ($7 != "-") { cpu[$1] += $7; nc[$1]++ } }
    END {
      printf "%-8s %10s %9s %9s %11s %7s\n", "route", "req/s", "p50", "p99", "cpu us/req", "errors"
      split("plain jwt", order, " ")
      for (i = 1; i <= 2; i++) {
        r = order[i]
        if (!(r in n)) continue
        c = (nc[r] > 0) ? cpu[r] / nc[r] : 0
        printf "%-8s %10.0f %8.2fms %8.2fms %11.1f %7d\n", r, rps[r] / n[r], p50[r] / n[r] / 1000, p99[r] / n[r] / 1000, c, err[r]
      }
      if (n["plain"] && n["jwt"] && rps["plain"] > 0) {
        ratio = (rps["jwt"] / n["jwt"]) / (rps["plain"] / n["plain"])
        verdict = (ratio >= 0.85) ? "met" : "NOT met"
        printf "\njwt / plain throughput, mean of rounds: %.3f (target >= 0.85): %s\n", ratio, verdict
        if (nc["plain"] && nc["jwt"]) {
          printf "jwt - plain CPU on the proxy core: %+.1f us/req\n", cpu["jwt"] / nc["jwt"] - cpu["plain"] / nc["plain"]
        }
      }
    }' "$RESULTS"
  # Each round measures both routes back to back, so their ratio within a round is least disturbed by other load
  # on the machine; the median over rounds ignores rounds a burst of such load hit.
  awk -F'\t' '
    { r[$2, $1] = $3; if ($2 > rounds) rounds = $2 }
    END {
      for (i = 1; i <= rounds; i++) if (r[i, "plain"] > 0) ratios[++m] = r[i, "jwt"] / r[i, "plain"]
      for (i = 1; i <= m; i++) for (j = i + 1; j <= m; j++) if (ratios[j] < ratios[i]) { t = ratios[i]; ratios[i] = ratios[j]; ratios[j] = t }
      if (m > 0) {
        median = (m % 2) ? ratios[(m + 1) / 2] : (ratios[m / 2] + ratios[m / 2 + 1]) / 2
        printf "jwt / plain throughput, median of per-round ratios: %.3f (rounds: %d)\n", median, m
      }
    }' "$RESULTS"
  echo
  echo "per round:"
  awk -F'\t' '{ printf "  round %s %-6s %8s req/s  p50 %6.2fms  p99 %6.2fms  cpu %s us/req  errors %s\n", $2, $1, $3, $4 / 1000, $5 / 1000, $7, $6 }' "$RESULTS"
} | tee "$file"

if [ "$MICRO" = 1 ]; then
  log "in-process cost (JMH, ns/op)"
  (cd "$ROOT" && mvn -q -B -o test-compile && mvn -q -B -o dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile=target/bench.classpath) >&2 || die "could not build the test classes for JMH"
  CP="$ROOT/target/test-classes:$ROOT/target/classes:$(cat "$ROOT/target/bench.classpath")"
  {
    echo
    echo "in-process, JMH average time (taskset cpu $PROXY_CPU):"
    taskset -c "$PROXY_CPU" java -cp "$CP" org.openjdk.jmh.Main 'dev.portico.security.jwt.JwtVerifyBenchmark' 2>&1 \
      | grep -E '^(Benchmark|JwtVerifyBenchmark)' || true
  } | tee -a "$file"
fi
log "written to $file"
