#!/usr/bin/env bash
# Portico TLS benchmark: what terminating TLS costs, in one run and alternating, against
#   http       Portico, cleartext listener,
#   https      Portico, TLS listener (OpenSSL through Netty's BoringSSL when it loads),
#   https-jdk  Portico, TLS listener forced to JDK TLS (-Dportico.tls.engine=jdk),
# all three proxying to the same nginx upstream (GET /bytes = 1 KiB). Two scenarios:
#   keep-alive  wrk's connections stay open: the cost of encrypting requests and responses,
#   new conn    "Connection: close" on every request: a full TLS handshake per request.
# Reports req/s, p50, p99, Portico CPU microseconds per request, and each ratio to http.
# Everything listens on 127.0.0.1 and stops at exit. The setup (nginx upstream, pinning, JIT
# warm-up, CPU accounting) follows bench/run.sh; see bench/README.md.
#
#   bench/tls.sh                      # ~8 minutes with the defaults
#   DURATION=3s ROUNDS=1 PORTICO_JIT_WARMUP=15s bench/tls.sh   # a quick look
set -euo pipefail

DURATION=${DURATION:-10s}          # one measured wrk run
WARMUP=${WARMUP:-2s}               # discarded wrk run before each measured one
ROUNDS=${ROUNDS:-2}                # odd rounds go forward through the targets, even ones backward
CONNS=${CONNS:-64}
CLOSE_CONNS=${CLOSE_CONNS:-16}     # connections of the new-connection-per-request scenario
PORT_BASE=${BENCH_PORT_BASE:-18180}
PROXY_CPU=${PROXY_CPU:-0}          # Portico
LOAD_CPU=${LOAD_CPU:-1}            # wrk and the upstream nginx
PORTICO_JAVA_OPTS=${PORTICO_JAVA_OPTS:--Xms64m -Xmx256m -XX:+UseParallelGC}
PORTICO_JIT_WARMUP=${PORTICO_JIT_WARMUP:-30s}
PORTICO_JAR=${PORTICO_JAR:-}       # default: target/portico.jar, built if missing
SKIP_JDK=${SKIP_JDK:-0}            # 1 = leave out the JDK TLS target
KEEP_WORK=${KEEP_WORK:-0}

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$BENCH_DIR/.." && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/portico-tls-bench.XXXXXX")
RESULTS="$WORK/results.tsv"        # scenario, target, round, rps, p50_us, p99_us, errors, cpu_us
: > "$RESULTS"

UP_PORT=$PORT_BASE
HTTP_PORT=$((PORT_BASE + 1))
HTTP_ADMIN=$((PORT_BASE + 2))
HTTPS_PORT=$((PORT_BASE + 3))
HTTPS_ADMIN=$((PORT_BASE + 4))
JDK_PORT=$((PORT_BASE + 5))
JDK_ADMIN=$((PORT_BASE + 6))

PIDS=()
declare -A PID_OF=()
TARGETS=()
ENGINE_NOTE=""
BUSY_BEFORE=0
NGINX=nginx

log() { printf '[tls-bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [ "$KEEP_WORK" = 1 ]; then log "work files kept in $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

ensure_tools() {
  local tool
  for tool in wrk curl taskset openssl java; do
    command -v "$tool" >/dev/null || die "$tool is not installed (bench/run.sh installs wrk, nginx, curl and taskset)"
  done
  NGINX=$(command -v nginx || echo /usr/sbin/nginx)
  [ -x "$NGINX" ] || die "nginx is not installed"
}

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_http() { # url pid seconds
  local url=$1 pid=$2 tries=$(($3 * 10)) i
  for ((i = 0; i < tries; i++)); do
    kill -0 "$pid" 2>/dev/null || return 2
    [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "$url" || true)" = 200 ] && return 0
    sleep 0.1
  done
  return 1
}

start_upstream() {
  local dir="$WORK/upstream" body pid
  mkdir -p "$dir/tmp" "$dir/logs"
  body=$(head -c 1024 /dev/zero | tr '\0' 'x')
  cat > "$dir/nginx.conf" <<EOF
worker_processes 1;
daemon off;
pid $dir/nginx.pid;
worker_rlimit_nofile 16384;
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
    location = /bytes { default_type application/octet-stream; return 200 "$body"; }
  }
}
EOF
  taskset -c "$LOAD_CPU" "$NGINX" -p "$dir/" -c "$dir/nginx.conf" -e "$dir/logs/error.log" &
  pid=$!
  PIDS+=("$pid")
  wait_http "http://127.0.0.1:$UP_PORT/bytes" "$pid" 10 || { cat "$dir/logs/error.log" >&2; die "upstream nginx did not start"; }
}

# A self-signed EC P-256 certificate for localhost, as a real deployment would have a CA-issued one.
make_certificate() {
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj /CN=localhost \
    -addext subjectAltName=DNS:localhost,IP:127.0.0.1 -keyout "$WORK/tls.key" -out "$WORK/tls.crt" 2>/dev/null \
    || die "openssl could not make a certificate"
}

find_jar() {
  [ -n "$PORTICO_JAR" ] && { [ -f "$PORTICO_JAR" ] || die "PORTICO_JAR=$PORTICO_JAR is not a file"; return; }
  PORTICO_JAR="$ROOT/target/portico.jar"
  if [ ! -f "$PORTICO_JAR" ]; then
    log "no target/portico.jar: building it (mvn -q -B -DskipTests package)"
    (cd "$ROOT" && mvn -q -B -DskipTests package) >&2 || die "the build failed"
  fi
}

# start_portico NAME PORT ADMIN TLS(0/1) [extra JVM flags]
start_portico() {
  local name=$1 port=$2 admin=$3 tls=$4 extra=${5:-} cfg="$WORK/$1.yaml" pid rc=0
  {
    if [ "$tls" = 1 ]; then
      echo "listen: { port: $port, tls: { certFile: $WORK/tls.crt, keyFile: $WORK/tls.key } }"
    else
      echo "listen: { port: $port }"
    fi
    echo "admin: { port: $admin }"
    echo "accessLog: { enabled: false }"
    echo "upstreams:"
    echo "  bench: { targets: [http://127.0.0.1:$UP_PORT], timeout: 5s }"
    echo "routes:"
    echo "  - { id: all, match: { path: \"/**\", methods: [GET] }, upstream: bench }"
  } > "$cfg"
  # shellcheck disable=SC2086 # flag lists
  taskset -c "$PROXY_CPU" java $PORTICO_JAVA_OPTS $extra -jar "$PORTICO_JAR" run -c "$cfg" > "$WORK/$name.log" 2>&1 &
  pid=$!
  PIDS+=("$pid")
  wait_http "http://127.0.0.1:$admin/ready" "$pid" 60 || rc=$?
  if [ "$rc" != 0 ]; then
    tail -n 15 "$WORK/$name.log" >&2 || true
    die "$name did not start"
  fi
  PID_OF[$name]=$pid
  local scheme=http
  [ "$tls" = 1 ] && scheme=https
  local got
  got=$(curl -sk -o /dev/null -w '%{http_code} %{size_download}' --max-time 5 "$scheme://127.0.0.1:$port/bytes" || true)
  [ "$got" = "200 1024" ] || die "$name: GET /bytes gave '$got' (expected: 200 1024)"
  TARGETS+=("$name $scheme://127.0.0.1:$port/bytes")
  if [ "$tls" = 1 ]; then
    ENGINE_NOTE+="$name: $(grep -o 'TLS on the listener with [^:]*' "$WORK/$name.log" | head -n 1 | sed 's/TLS on the listener with //'); "
  fi
}

run_wrk() { # conns duration url [wrk args...]
  local conns=$1 duration=$2 url=$3
  shift 3
  taskset -c "$LOAD_CPU" wrk -t1 -c"$conns" -d"$duration" --timeout 5s --latency "$@" "$url" 2>&1 || true
}

parse_wrk() { # "rps p50_us p99_us errors"
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

cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null || echo 0; }

dur_s() { case $1 in *ms) echo 1 ;; *s) echo "${1%s}" ;; *m) echo $((${1%m} * 60)) ;; *) echo "$1" ;; esac; }

measure() { # scenario target round conns url [wrk args...]
  local scenario=$1 target=$2 round=$3 conns=$4 url=$5 out pid t0 t1 parsed cpu_us
  shift 5
  out="$WORK/wrk-$(echo "$scenario-$target-$round" | tr -c 'a-zA-Z0-9-' '_').txt"
  run_wrk "$conns" "$WARMUP" "$url" "$@" > /dev/null
  pid=${PID_OF[$target]}
  t0=$(cpu_ticks "$pid")
  run_wrk "$conns" "$DURATION" "$url" "$@" > "$out"
  t1=$(cpu_ticks "$pid")
  parsed=$(parse_wrk < "$out")
  set -- $parsed
  cpu_us=$(awk -v t=$((t1 - t0)) -v hz="$(getconf CLK_TCK)" -v rps="$1" -v d="$(dur_s "$DURATION")" \
    'BEGIN { n = rps * d; if (n > 0) printf "%.1f", t * 1e6 / hz / n; else print "-" }')
  printf '%s\t%s\t%s\t%s\t%s\n' "$scenario" "$target" "$round" "$(echo "$parsed" | tr ' ' '\t')" "$cpu_us" >> "$RESULTS"
  log "  $scenario | $target | round $round: $1 req/s, p50 $(awk -v u="$2" 'BEGIN { printf "%.2fms", u / 1000 }'),"\
" p99 $(awk -v u="$3" 'BEGIN { printf "%.2fms", u / 1000 }'), errors $4, $cpu_us us CPU/req"
}

scenario() { # name conns [wrk args...]
  local name=$1 conns=$2 round i n=${#TARGETS[@]} t
  shift 2
  log "scenario: $name"
  for ((round = 1; round <= ROUNDS; round++)); do
    for ((i = 0; i < n; i++)); do
      if ((round % 2 == 1)); then t=${TARGETS[$i]}; else t=${TARGETS[$((n - 1 - i))]}; fi
      measure "$name" "${t%% *}" "$round" "$conns" "${t#* }" "$@"
    done
  done
}

cpu_busy_pct() {
  local a b
  a=$(awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9, $5 + $6 }' /proc/stat)
  sleep 1
  b=$(awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9, $5 + $6 }' /proc/stat)
  awk -v a="$a" -v b="$b" 'BEGIN { split(a, x, " "); split(b, y, " "); busy = y[1] - x[1]; idle = y[2] - x[2]
    printf "%.0f", ((busy + idle) > 0 ? 100 * busy / (busy + idle) : 0) }'
}

report() {
  {
    echo "Portico TLS benchmark, $(date '+%Y-%m-%d %H:%M:%S %Z')"
    echo "machine: $(nproc) cores ($(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)), $(uname -sr)"
    echo "tools: $(wrk -v 2>&1 | head -n 1 | awk '{ print "wrk " $2 }'), $("$NGINX" -v 2>&1 | sed 's/^nginx version: //')," \
      "$(java -version 2>&1 | head -n 1)"
    echo "pinning: Portico on cpu $PROXY_CPU; wrk and the upstream nginx on cpu $LOAD_CPU"
    echo "background load before the run: ${BUSY_BEFORE}% of all cores busy"
    echo "runs: $DURATION measured after $WARMUP warm-up, $ROUNDS round(s) alternating, mean of rounds; wrk -t1;" \
      "Portico JIT warm-up $PORTICO_JIT_WARMUP per target"
    echo "TLS: EC P-256 certificate; ${ENGINE_NOTE}wrk negotiates TLS 1.3 with its OpenSSL"
    echo
    awk -F'\t' '
      {
        key = $1 SUBSEP $2
        if (!(key in n)) { order[++rows] = key; scen[key] = $1; targ[key] = $2 }
        n[key]++; rps[key] += $4; p50[key] += $5; p99[key] += $6; err[key] += $7
        if ($8 != "-") { cpu[key] += $8; ncpu[key]++ }
      }
      END {
        printf "%-24s %-10s %10s %9s %9s %8s %10s %9s %s\n", "scenario", "target", "req/s", "p50", "p99", "vs http", "cpu us/req", "cpu vs http", "notes"
        for (r = 1; r <= rows; r++) {
          k = order[r]; h = scen[k] SUBSEP "http"
          m = rps[k] / n[k]
          ratio = (h in n && rps[h] > 0) ? sprintf("%.2f", m / (rps[h] / n[h])) : "-"
          cu = (k in ncpu) ? cpu[k] / ncpu[k] : -1
          hu = (h in ncpu) ? cpu[h] / ncpu[h] : -1
          cr = (cu > 0 && hu > 0) ? sprintf("%.2fx", cu / hu) : "-"
          printf "%-24s %-10s %10.0f %8.2fms %8.2fms %8s %10s %9s %s\n", scen[k], targ[k], m, p50[k] / n[k] / 1000,
            p99[k] / n[k] / 1000, ratio, (cu >= 0 ? sprintf("%.1f", cu) : "-"), cr, (err[k] > 0 ? "errors=" err[k] : "")
        }
      }' "$RESULTS"
    echo
    echo "vs http: req/s of the target over the cleartext Portico's, same scenario, same run. With $(nproc) cores,"
    echo "wrk and the upstream share one core, so wrk's own TLS work can cap the https rows: the CPU microseconds"
    echo "Portico spends per request are the steadier figure. On a shared machine all of it is noisy."
  } | tee "$1"
}

main() {
  case $ROUNDS in '' | *[!0-9]* | 0) die "ROUNDS: '$ROUNDS' (expected: a positive integer)" ;; esac
  ensure_tools
  ulimit -n 65536 2>/dev/null || true
  local p
  for p in "$UP_PORT" "$HTTP_PORT" "$HTTP_ADMIN" "$HTTPS_PORT" "$HTTPS_ADMIN" "$JDK_PORT" "$JDK_ADMIN"; do
    port_busy "$p" && die "port $p is in use (set BENCH_PORT_BASE to move the seven ports $PORT_BASE..$((PORT_BASE + 6)))"
  done
  BUSY_BEFORE=$(cpu_busy_pct)
  [ "$BUSY_BEFORE" -le 15 ] || log "warning: the machine is already ${BUSY_BEFORE}% busy; results will be noisy"
  find_jar
  make_certificate
  start_upstream
  start_portico http "$HTTP_PORT" "$HTTP_ADMIN" 0
  start_portico https "$HTTPS_PORT" "$HTTPS_ADMIN" 1
  [ "$SKIP_JDK" = 1 ] || start_portico https-jdk "$JDK_PORT" "$JDK_ADMIN" 1 "-Dportico.tls.engine=jdk"

  local t
  for t in "${TARGETS[@]}"; do
    log "JIT warm-up: $PORTICO_JIT_WARMUP of GET on ${t%% *} (discarded)"
    run_wrk "$CONNS" "$PORTICO_JIT_WARMUP" "${t#* }" > /dev/null
  done
  scenario "GET 1KiB keep-alive c$CONNS" "$CONNS"
  scenario "GET 1KiB new conn c$CLOSE_CONNS" "$CLOSE_CONNS" -H "Connection: close"

  mkdir -p "$BENCH_DIR/results"
  local file
  file="$BENCH_DIR/results/tls_$(date +%Y-%m-%d_%H%M%S).txt"
  echo
  report "$file"
  log "written to $file"
}

main "$@"
