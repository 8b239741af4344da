#!/usr/bin/env bash
# Portico benchmark: the same requests, in one run and alternating, against
#   direct   the upstream itself (the limit),
#   nginx    nginx as a keep-alive reverse proxy,
#   portico  Portico (and a second Portico with 10,000 routes),
# then one table of req/s, p50, p99 and the ratios to direct and to nginx.
# See bench/README.md. Everything listens on 127.0.0.1 and stops at exit.
#
#   bench/run.sh                      # ~10 minutes with the defaults
#   DURATION=3s ROUNDS=1 bench/run.sh # a quick look
set -euo pipefail

DURATION=${DURATION:-10s}          # one measured wrk run
WARMUP=${WARMUP:-2s}               # discarded wrk run before each measured one
ROUNDS=${ROUNDS:-2}                # rounds per scenario; odd rounds go forward, even ones backward
CONNS=${CONNS:-64}
MANY_CONNS=${MANY_CONNS:-1000}
MANY_ROUTES=${MANY_ROUTES:-10000}
PORT_BASE=${BENCH_PORT_BASE:-18080}
PROXY_CPU=${PROXY_CPU:-0}          # the proxy under test (nginx proxy, Portico)
LOAD_CPU=${LOAD_CPU:-1}            # wrk and the upstream nginx
PORTICO_JAVA_OPTS=${PORTICO_JAVA_OPTS:--Xms64m -Xmx256m -XX:+UseParallelGC}
PORTICO_JIT_WARMUP=${PORTICO_JIT_WARMUP:-60s}
SKIP_PORTICO=${SKIP_PORTICO:-0}
PORTICO_JAR=${PORTICO_JAR:-}       # default: target/portico.jar, built if missing
KEEP_WORK=${KEEP_WORK:-0}
NGINX_KEEPALIVE=${NGINX_KEEPALIVE:-64}  # idle upstream connections the nginx proxy keeps
PACED_WARMUP_RUNS=${PACED_WARMUP_RUNS:-5}  # discarded WARMUP runs before each paced measurement

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$BENCH_DIR/.." && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/portico-bench.XXXXXX")
RESULTS="$WORK/results.tsv"        # scenario, target, round, rps, p50_us, p99_us, errors, extra, cpu_us, other_pct
: > "$RESULTS"

UP_PORT=$PORT_BASE
NGINX_PORT=$((PORT_BASE + 1))
PORTICO_PORT=$((PORT_BASE + 2))
PORTICO_ADMIN=$((PORT_BASE + 3))
PORTICO_MANY_PORT=$((PORT_BASE + 4))
PORTICO_MANY_ADMIN=$((PORT_BASE + 5))

PIDS=()
PORTICO_PID=""
NGINX_PROXY_PID=""
PORTICO_MANY_PID=""
STARTED_PID=""
BUSY_BEFORE=0
PORTICO_IDLE_RSS=""
BUSY_NOTE=""
UPSTREAM_READS_BODY=unknown
NGINX=nginx

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${PIDS[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  if [ "$KEEP_WORK" = 1 ]; then
    log "work files kept in $WORK"
  else
    rm -rf "$WORK"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------------------------------------
# Tools

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    die "need root to run: $*"
  fi
}

APT_UPDATED=0
apt_install() {
  if [ "$APT_UPDATED" = 0 ]; then
    as_root apt-get update -qq
    APT_UPDATED=1
  fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@"
}

ensure_tools() {
  command -v wrk >/dev/null || apt_install wrk
  if ! command -v nginx >/dev/null && [ ! -x /usr/sbin/nginx ]; then
    apt_install nginx-light || apt_install nginx
  fi
  command -v curl >/dev/null || apt_install curl
  command -v taskset >/dev/null || apt_install util-linux
  # The echo module lets the upstream read POST bodies for real; without it nginx discards them.
  if [ ! -f /usr/lib/nginx/modules/ngx_http_echo_module.so ]; then
    apt_install libnginx-mod-http-echo || log "no nginx echo module: /echo will discard the body"
  fi
  NGINX=$(command -v nginx || echo /usr/sbin/nginx)
}

# ---------------------------------------------------------------------------------------------
# Processes

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# wait_http URL PID SECONDS: until URL answers 200, the process dies, or time runs out.
wait_http() {
  local url=$1 pid=$2 tries=$(($3 * 10)) i
  for ((i = 0; i < tries; i++)); do
    kill -0 "$pid" 2>/dev/null || return 2
    [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "$url" || true)" = 200 ] && return 0
    sleep 0.1
  done
  return 1
}

# wait_port PORT PID SECONDS: until something accepts on PORT.
wait_port() {
  local port=$1 pid=$2 tries=$(($3 * 10)) i
  for ((i = 0; i < tries; i++)); do
    kill -0 "$pid" 2>/dev/null || return 2
    port_busy "$port" && return 0
    sleep 0.1
  done
  return 1
}

nginx_common() { # $1 = instance dir
  cat <<EOF
worker_processes 1;
daemon off;
pid $1/nginx.pid;
worker_rlimit_nofile 16384;
events { worker_connections 8192; }
http {
  access_log off;
  client_body_temp_path $1/tmp/body;
  proxy_temp_path $1/tmp/proxy;
  fastcgi_temp_path $1/tmp/fastcgi;
  uwsgi_temp_path $1/tmp/uwsgi;
  scgi_temp_path $1/tmp/scgi;
  keepalive_requests 10000000;
  keepalive_timeout 300s;
EOF
}

start_nginx() { # name cpu config-body
  local name=$1 cpu=$2 dir="$WORK/$1"
  mkdir -p "$dir/tmp" "$dir/logs"
  printf '%s\n' "$3" > "$dir/nginx.conf"
  taskset -c "$cpu" "$NGINX" -p "$dir/" -c "$dir/nginx.conf" -e "$dir/logs/error.log" &
  local pid=$!
  PIDS+=("$pid")
  [ "$name" = nginx-proxy ] && NGINX_PROXY_PID=$pid
  wait_port "$4" "$pid" 10 || { cat "$dir/logs/error.log" >&2 || true; die "$name did not start"; }
}

start_upstream() {
  local dir="$WORK/upstream" body load_echo="" echo_body
  body=$(head -c 1024 /dev/zero | tr '\0' 'x')
  if [ -f /usr/lib/nginx/modules/ngx_http_echo_module.so ]; then
    load_echo="load_module /usr/lib/nginx/modules/ngx_http_echo_module.so;"
    echo_body='echo_read_request_body; echo "ok";'
    UPSTREAM_READS_BODY=yes
  else
    echo_body='return 200 "ok\n";'
    UPSTREAM_READS_BODY="no (discarded by nginx)"
  fi
  start_nginx upstream "$LOAD_CPU" "$load_echo
$(nginx_common "$dir")
  server {
    listen 127.0.0.1:$UP_PORT backlog=4096;
    location = /bytes { default_type application/octet-stream; return 200 \"$body\"; }
    location = /echo {
      client_body_buffer_size 32k;
      client_max_body_size 64k;
      client_body_in_single_buffer on;
      default_type text/plain;
      $echo_body
    }
  }
}" "$UP_PORT"
}

start_nginx_proxy() {
  local dir="$WORK/nginx-proxy"
  start_nginx nginx-proxy "$PROXY_CPU" "$(nginx_common "$dir")
  upstream backend {
    server 127.0.0.1:$UP_PORT;
    keepalive $NGINX_KEEPALIVE;
    keepalive_requests 10000000;
  }
  server {
    listen 127.0.0.1:$NGINX_PORT backlog=4096;
    client_body_buffer_size 32k;
    client_max_body_size 1m;
    location / {
      proxy_pass http://backend;
      proxy_http_version 1.1;
      proxy_set_header Connection \"\";
    }
  }
}" "$NGINX_PORT"
}

# portico_config FILE PORT ADMIN ROUTES ACCESS_LOG_OFF: ROUTES-1 decoys /svc{i}/** and the measured
# route /** last, so a first-match scan would walk them all.
portico_config() {
  local file=$1 port=$2 admin=$3 routes=$4 quiet=$5
  {
    echo "listen: { port: $port }"
    echo "admin: { port: $admin }"
    [ "$quiet" = 1 ] && echo "accessLog: { enabled: false }"
    echo "upstreams:"
    echo "  bench: { targets: [http://127.0.0.1:$UP_PORT], timeout: 5s }"
    echo "routes:"
    awk -v n="$((routes - 1))" 'BEGIN {
      for (i = 1; i <= n; i++)
        printf "  - { id: svc%d, match: { path: \"/svc%d/**\", methods: [GET, POST] }, upstream: bench }\n", i, i
    }'
    echo "  - { id: all, match: { path: \"/**\", methods: [GET, POST] }, upstream: bench }"
  } > "$file"
}

find_jar() {
  local jar
  for jar in "$ROOT"/target/portico.jar; do
    case $jar in *-sources.jar | *-tests.jar | *-javadoc.jar) continue ;; esac
    [ -f "$jar" ] && { echo "$jar"; return 0; }
  done
  return 1
}

# start_portico NAME PORT ADMIN ROUTES: sets STARTED_PID, or fails with the log's tail.
start_portico() {
  local name=$1 port=$2 admin=$3 routes=$4 quiet=1 attempt rc pid cfg
  for attempt in 1 2; do
    cfg="$WORK/$name.yaml"
    portico_config "$cfg" "$port" "$admin" "$routes" "$quiet"
    # shellcheck disable=SC2086 # PORTICO_JAVA_OPTS is a list of flags
    taskset -c "$PROXY_CPU" java $PORTICO_JAVA_OPTS -jar "$PORTICO_JAR" run -c "$cfg" \
      > "$WORK/$name.log" 2>&1 &
    pid=$!
    PIDS+=("$pid")
    rc=0
    wait_http "http://127.0.0.1:$admin/ready" "$pid" 30 || rc=$?
    if [ "$rc" = 1 ]; then
      log "$name: /ready on :$admin never answered 200 in 30s; waiting for the listen port instead"
      rc=0
      wait_port "$port" "$pid" 30 || rc=$?
    fi
    if [ "$rc" = 0 ]; then
      STARTED_PID=$pid
      return 0
    fi
    kill "$pid" 2>/dev/null || true
    if [ "$rc" = 2 ] && [ "$quiet" = 1 ] && grep -q accessLog "$WORK/$name.log"; then
      log "$name: this build does not take 'accessLog'; starting again without it"
      quiet=0
      continue
    fi
    log "$name did not start; last lines of its log:"
    tail -n 15 "$WORK/$name.log" >&2 || true
    return 1
  done
  return 1
}

start_porticos() {
  if [ "$SKIP_PORTICO" = 1 ]; then
    log "Portico skipped (SKIP_PORTICO=1)"
    return
  fi
  if [ -n "$PORTICO_JAR" ]; then
    [ -f "$PORTICO_JAR" ] || { log "Portico skipped: PORTICO_JAR=$PORTICO_JAR is not a file"; return; }
  elif ! PORTICO_JAR=$(find_jar); then
    log "no target/portico.jar: building it (mvn -q -B -DskipTests package)"
    (cd "$ROOT" && mvn -q -B -DskipTests package) >&2 || log "the build failed"
    PORTICO_JAR=$(find_jar) || {
      log "Portico skipped: no target/portico.jar"
      PORTICO_JAR=""
      return
    }
  fi
  command -v java >/dev/null || { log "Portico skipped: no java on PATH"; PORTICO_JAR=""; return; }
  log "starting Portico ($PORTICO_JAR) with 10 routes, JVM flags: $PORTICO_JAVA_OPTS"
  start_portico portico "$PORTICO_PORT" "$PORTICO_ADMIN" 10 || {
    log "Portico skipped: it did not start (is the gateway built yet?)"
    return
  }
  PORTICO_PID=$STARTED_PID
  if ! check_target portico "http://127.0.0.1:$PORTICO_PORT"; then
    log "Portico skipped: it does not proxy /bytes and /echo correctly"
    PORTICO_PID=""
    return
  fi
  log "starting Portico with $MANY_ROUTES routes"
  if start_portico portico-many "$PORTICO_MANY_PORT" "$PORTICO_MANY_ADMIN" "$MANY_ROUTES" \
    && check_target portico-many "http://127.0.0.1:$PORTICO_MANY_PORT"; then
    PORTICO_MANY_PID=$STARTED_PID
  else
    log "the $MANY_ROUTES-route Portico is left out"
  fi
  PORTICO_IDLE_RSS="$(rss_mib "$PORTICO_PID") MiB with 10 routes"
  [ -z "$PORTICO_MANY_PID" ] || PORTICO_IDLE_RSS+=", $(rss_mib "$PORTICO_MANY_PID") MiB with $MANY_ROUTES routes"
  log "JIT warm-up: $PORTICO_JIT_WARMUP of GET and of POST on each Portico, alternating 5 s runs (discarded)"
  jit_warmup "http://127.0.0.1:$PORTICO_PORT"
  if [ -n "$PORTICO_MANY_PID" ]; then
    jit_warmup "http://127.0.0.1:$PORTICO_MANY_PORT"
  fi
}

# jit_warmup BASE_URL: PORTICO_JIT_WARMUP each of GET and POST, alternating in 5 s runs, so both
# instances compile with the same mixed profile (a block of POST last biases the GET runs after it).
# Each run opens and closes its connections, so the JIT also compiles those paths now: left for the
# measured runs, their first use deoptimises hot event-loop code, and recompiling shows in p99.
jit_warmup() {
  local base=$1 left
  left=$(dur_s "$PORTICO_JIT_WARMUP")
  while [ "$left" -gt 0 ]; do
    run_wrk "$CONNS" "$((left < 5 ? left : 5))s" "$base/echo" -s "$BENCH_DIR/post16k.lua" > /dev/null
    run_wrk "$CONNS" "$((left < 5 ? left : 5))s" "$base/bytes" > /dev/null
    left=$((left - 5))
  done
}

rss_mib() { awk '/^VmRSS:/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status" 2>/dev/null || echo "?"; }

# check_target NAME BASE_URL: GET /bytes is 200 with 1024 bytes, POST /echo of 16 KiB is 200.
check_target() {
  local got
  got=$(curl -s -o /dev/null -w '%{http_code} %{size_download}' --max-time 5 "$2/bytes" || true)
  [ "$got" = "200 1024" ] || { log "$1: GET $2/bytes gave '$got' (expected: 200 1024)"; return 1; }
  got=$(head -c 16384 /dev/zero | tr '\0' 'p' | curl -s -o /dev/null -w '%{http_code}' --max-time 5 \
    -H 'Content-Type: application/octet-stream' --data-binary @- "$2/echo" || true)
  [ "$got" = 200 ] || { log "$1: POST $2/echo gave '$got' (expected: 200)"; return 1; }
}

# ---------------------------------------------------------------------------------------------
# Measuring

run_wrk() { # conns duration url [wrk args...]
  local conns=$1 duration=$2 url=$3
  shift 3
  # The URL goes before the script's own arguments (after "--").
  taskset -c "$LOAD_CPU" wrk -t1 -c"$conns" -d"$duration" --timeout 5s --latency "$url" "$@" 2>&1 || true
}

# parse_wrk < output: "rps p50_us p99_us errors"
parse_wrk() {
  awk '
    function us(v) {
      if (v ~ /us$/) return v + 0
      if (v ~ /ms$/) return (v + 0) * 1000
      if (v ~ /m$/) return (v + 0) * 60000000
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

# cpu_ticks PID: user+system clock ticks of the process and its children (nginx master and worker).
cpu_ticks() {
  local total=0 p
  for p in "$1" $(pgrep -P "$1" 2>/dev/null); do
    total=$((total + $(awk '{ print $14 + $15 }' "/proc/$p/stat" 2>/dev/null || echo 0)))
  done
  echo "$total"
}

# core_busy_ticks CPU: clock ticks that core spent busy (user, nice, system, irq, softirq, steal).
core_busy_ticks() {
  awk -v c="cpu$1" '$1 == c { print $2 + $3 + $4 + $7 + $8 + $9 }' /proc/stat
}

# target_pid TARGET: the process whose CPU the target's requests cost (none for direct).
target_pid() {
  case $1 in
    nginx) echo "$NGINX_PROXY_PID" ;;
    portico) echo "$PORTICO_PID" ;;
    portico-*) echo "$PORTICO_MANY_PID" ;;
    *) echo "" ;;
  esac
}

# measure SCENARIO TARGET ROUND CONNS URL [wrk args...]
# With RSS_PID set, VmRSS of that process is sampled while the measured run goes.
measure() {
  local scenario=$1 target=$2 round=$3 conns=$4 url=$5 out wrk_pid rss max_rss=0 extra="-"
  shift 5
  out="$WORK/wrk-$(echo "$scenario-$target-$round" | tr -c 'a-zA-Z0-9-' '_').txt"
  local piece
  for ((piece = 0; piece < ${WARMUP_RUNS:-1}; piece++)); do
    run_wrk "$conns" "$WARMUP" "$url" "$@" > /dev/null
  done
  local cpu_pid ticks0=0 ticks1=0 core0 core1
  cpu_pid=$(target_pid "$target")
  [ -n "$cpu_pid" ] && ticks0=$(cpu_ticks "$cpu_pid")
  core0=$(core_busy_ticks "$PROXY_CPU")
  if [ -n "${RSS_PID:-}" ]; then
    run_wrk "$conns" "$DURATION" "$url" "$@" > "$out" &
    wrk_pid=$!
    while kill -0 "$wrk_pid" 2>/dev/null; do
      rss=$(awk '/^VmRSS:/ { print $2 }' "/proc/$RSS_PID/status" 2>/dev/null || echo 0)
      [ "${rss:-0}" -gt "$max_rss" ] && max_rss=$rss
      sleep 0.2
    done
    wait "$wrk_pid" || true
    extra="rss_kb=$max_rss"
  else
    run_wrk "$conns" "$DURATION" "$url" "$@" > "$out"
  fi
  if grep -q '^PACED' "$out"; then
    extra=$(grep '^PACED' "$out" | sed 's/^PACED //; s/ /,/g')
  fi
  core1=$(core_busy_ticks "$PROXY_CPU")
  local parsed cpu_us=- other_pct
  parsed=$(parse_wrk < "$out")
  set -- $parsed
  if [ -n "$cpu_pid" ]; then
    # CPU microseconds of the proxy per request: its cost per core, whoever else limited the rate.
    ticks1=$(cpu_ticks "$cpu_pid")
    cpu_us=$(awk -v t=$((ticks1 - ticks0)) -v hz="$(getconf CLK_TCK)" -v rps="$1" -v d="$(dur_s "$DURATION")" \
      'BEGIN { n = rps * d; if (n > 0) printf "%.1f", t * 1e6 / hz / n; else print "-" }')
  fi
  # The proxy core's time that went to anything but the measured proxy: other processes on a
  # shared machine. Above a few percent the run's numbers are disturbed.
  other_pct=$(awk -v busy=$((core1 - core0)) -v own=$((ticks1 - ticks0)) -v hz="$(getconf CLK_TCK)" \
    -v d="$(dur_s "$DURATION")" 'BEGIN { o = (busy - own) * 100 / (hz * d); printf "%.0f", o < 0 ? 0 : o }')
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$scenario" "$target" "$round" "$(echo "$parsed" | tr ' ' '\t')" "$extra" \
    "$cpu_us" "$other_pct" >> "$RESULTS"
  log "  $scenario | $target | round $round: $1 req/s, p50 $(fmt_ms "$2"), p99 $(fmt_ms "$3"), errors $4," \
    "other load on cpu $PROXY_CPU ${other_pct}% ${extra/-/}"
}

# cpu_busy_pct: how busy all cores are over one second, in percent (0 when idle).
cpu_busy_pct() {
  local a b
  a=$(awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9, $5 + $6 }' /proc/stat)
  sleep 1
  b=$(awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9, $5 + $6 }' /proc/stat)
  awk -v a="$a" -v b="$b" 'BEGIN { split(a, x, " "); split(b, y, " "); busy = y[1] - x[1]; idle = y[2] - x[2]
    printf "%.0f", ((busy + idle) > 0 ? 100 * busy / (busy + idle) : 0) }'
}

dur_s() { # 10s, 1m, 500ms -> whole seconds (at least 1)
  case $1 in
    *ms) echo 1 ;;
    *s) echo "${1%s}" ;;
    *m) echo $((${1%m} * 60)) ;;
    *) echo "$1" ;;
  esac
}

fmt_ms() { awk -v us="$1" 'BEGIN { printf "%.2fms", us / 1000 }'; }

# set_targets PATH [with_many]: TARGETS becomes the "name url" pairs of the targets that are up.
TARGETS=()
set_targets() {
  TARGETS=("direct http://127.0.0.1:$UP_PORT$1" "nginx http://127.0.0.1:$NGINX_PORT$1")
  [ -n "$PORTICO_PID" ] && TARGETS+=("portico http://127.0.0.1:$PORTICO_PORT$1")
  if [ "${2:-}" = with_many ] && [ -n "$PORTICO_MANY_PID" ]; then
    TARGETS+=("portico-${MANY_ROUTES}r http://127.0.0.1:$PORTICO_MANY_PORT$1")
  fi
  return 0
}

# scenario NAME CONNS ROUNDS [wrk args...]: each round visits every target in TARGETS,
# forward in odd rounds and backward in even ones.
scenario() {
  local name=$1 conns=$2 rounds=$3 round i n=${#TARGETS[@]} t target url
  shift 3
  log "scenario: $name"
  for ((round = 1; round <= rounds; round++)); do
    for ((i = 0; i < n; i++)); do
      if ((round % 2 == 1)); then t=${TARGETS[$i]}; else t=${TARGETS[$((n - 1 - i))]}; fi
      target=${t%% *}
      url=${t#* }
      if [ "$target" = portico ] && [ "${SAMPLE_RSS:-0}" = 1 ]; then
        RSS_PID=$PORTICO_PID measure "$name" "$target" "$round" "$conns" "$url" "$@"
      else
        RSS_PID="" measure "$name" "$target" "$round" "$conns" "$url" "$@"
      fi
    done
  done
}

# ---------------------------------------------------------------------------------------------
# Report

report() {
  local file=$1
  {
    echo "Portico benchmark, $(date '+%Y-%m-%d %H:%M:%S %Z')"
    echo "machine: $(nproc) cores ($(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)), $(uname -sr)"
    echo "tools: $("$NGINX" -v 2>&1 | sed 's/^nginx version: //'), $(wrk -v 2>&1 | head -n 1 | awk '{ print "wrk " $2 }')," \
      "$(java -version 2>&1 | head -n 1 || echo 'no java')"
    echo "pinning: proxies on cpu $PROXY_CPU; wrk and the upstream nginx on cpu $LOAD_CPU"
    echo "background load before the run: ${BUSY_BEFORE}% of all cores busy${BUSY_NOTE}"
    echo "runs: $DURATION measured after $WARMUP warm-up, $ROUNDS round(s) in alternating order, mean of rounds;" \
      "wrk -t1, $CONNS connections unless said"
    echo "upstream: nginx, GET /bytes = 1024 B body, POST /echo reads the 16 KiB body: $UPSTREAM_READS_BODY"
    if [ -n "$PORTICO_PID" ]; then
      echo "portico: $(basename "$PORTICO_JAR"), JVM flags: $PORTICO_JAVA_OPTS; RSS after start: $PORTICO_IDLE_RSS"
    else
      echo "portico: not measured (no runnable target/portico.jar)"
    fi
    echo
    awk -F'\t' '
      {
        key = $1 SUBSEP $2
        if (!(key in n)) { order[++rows] = key; scen[key] = $1; targ[key] = $2 }
        n[key]++; rps[key] += $4; p50[key] += $5; p99[key] += $6; err[key] += $7
        if ($8 != "-") extra[key] = $8
        if ($9 != "-" && $9 != "") { cpu[key] += $9; ncpu[key]++ }
        if ($10 != "") { other[key] += $10; nother[key]++ }
      }
      END {
        printf "%-28s %-16s %10s %9s %9s %9s %9s %10s %s\n", "scenario", "target", "req/s", "p50", "p99", "vs direct", "vs nginx", "cpu us/req", "notes"
        for (r = 1; r <= rows; r++) {
          k = order[r]; s = scen[k]
          m_rps = rps[k] / n[k]; m50 = p50[k] / n[k]; m99 = p99[k] / n[k]
          d = s SUBSEP "direct"; g = s SUBSEP "nginx"
          paced = (s ~ /^GET paced/)
          if (paced) {  # at a fixed rate the latency is what matters: ratios of p99
            vd = (d in n && p99[d] > 0) ? sprintf("p99 %.2fx", m99 / (p99[d] / n[d])) : "-"
            vg = (g in n && p99[g] > 0) ? sprintf("p99 %.2fx", m99 / (p99[g] / n[g])) : "-"
          } else {
            vd = (d in n && rps[d] > 0) ? sprintf("%.2f", m_rps / (rps[d] / n[d])) : "-"
            vg = (g in n && rps[g] > 0) ? sprintf("%.2f", m_rps / (rps[g] / n[g])) : "-"
          }
          note = ""
          if (err[k] > 0) note = note sprintf("errors=%d ", err[k])
          if (k in extra) {
            e = extra[k]
            if (e ~ /^rss_kb=/) { sub(/^rss_kb=/, "", e); note = note sprintf("max RSS %.0f MiB ", e / 1024) }
            else if (e ~ /late_over_1ms=/) {
              split(e, kv, ","); late = 0; slots = 0; lp99 = 0
              for (i in kv) { split(kv[i], p, "="); if (p[1] == "late_over_1ms") late = p[2]; if (p[1] == "slots") slots = p[2]; if (p[1] == "late_p99_us") lp99 = p[2] }
              if (slots > 0 && late / slots > 0.01) note = note sprintf("RATE NOT HELD (%.1f%% sent >1ms late, p99 lateness %.1fms) ", 100 * late / slots, lp99 / 1000)
            }
          }
          if ((k in nother) && other[k] / nother[k] >= 5) note = note sprintf("other load %.0f%% ", other[k] / nother[k])
          cu = (k in ncpu) ? sprintf("%.1f", cpu[k] / ncpu[k]) : "-"
          printf "%-28s %-16s %10.0f %8.2fms %8.2fms %9s %9s %10s %s\n", s, targ[k], m_rps, m50 / 1000, m99 / 1000, vd, vg, cu, note
          if (paced && targ[k] != "direct" && d in n) {
            added[targ[k]] = sprintf("%s adds %.2fms at p99 over direct", targ[k], m99 / 1000 - p99[d] / n[d] / 1000)
          }
        }
        for (t in added) print "  " added[t]
      }' "$RESULTS"
    echo
    echo "req/s ratios are of throughput; on the paced rows they are ratios of p99. With $(nproc) cores wrk and the"
    echo "upstream share one core, so absolute numbers are modest: read the ratios. 'other load N%': share of the"
    echo "proxy core (cpu $PROXY_CPU) that other processes used during the run; above a few percent, distrust the row."
  } | tee "$file"
}

# ---------------------------------------------------------------------------------------------
# Main

main() {
  case $ROUNDS in '' | *[!0-9]* | 0) die "ROUNDS: '$ROUNDS' (expected: a positive integer)" ;; esac
  [ "$(nproc)" -ge 2 ] || log "warning: fewer than 2 cores; pinning to cpus $PROXY_CPU and $LOAD_CPU may fail"
  ensure_tools
  ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
  [ "$(ulimit -n)" = unlimited ] || [ "$(ulimit -n)" -gt $((MANY_CONNS + 200)) ] \
    || die "open files limit $(ulimit -n) is too low for $MANY_CONNS connections (raise ulimit -n)"

  local p
  for p in "$UP_PORT" "$NGINX_PORT" "$PORTICO_PORT" "$PORTICO_ADMIN" "$PORTICO_MANY_PORT" "$PORTICO_MANY_ADMIN"; do
    port_busy "$p" && die "port $p is in use (set BENCH_PORT_BASE to move the six ports $PORT_BASE..$((PORT_BASE + 5)))"
  done

  BUSY_BEFORE=$(cpu_busy_pct)
  BUSY_NOTE=""
  if [ "$BUSY_BEFORE" -gt 15 ]; then
    BUSY_NOTE=" (other processes were using the CPU: expect noisy numbers)"
    log "warning: the machine is already ${BUSY_BEFORE}% busy before the benchmark starts; results will be noisy"
  fi
  log "work dir $WORK; upstream nginx on :$UP_PORT (cpu $LOAD_CPU), nginx proxy on :$NGINX_PORT (cpu $PROXY_CPU)"
  start_upstream
  start_nginx_proxy
  check_target direct "http://127.0.0.1:$UP_PORT" || die "the upstream does not answer as expected"
  check_target nginx "http://127.0.0.1:$NGINX_PORT" || die "the nginx proxy does not answer as expected"
  start_porticos

  local per runs base=2 many=0
  [ -z "$PORTICO_PID" ] || base=3
  [ -z "$PORTICO_MANY_PID" ] || many=1
  per=$(($(dur_s "$WARMUP") + $(dur_s "$DURATION") + 1))
  runs=$((ROUNDS * (4 * base + many)))
  local extra_warmup=$((ROUNDS * base * (PACED_WARMUP_RUNS - 1) * $(dur_s "$WARMUP")))
  log "measuring: $runs runs of $WARMUP + $DURATION, about $(((runs * per + extra_warmup + 30) / 60)) min"
  set_targets /bytes with_many
  scenario "GET 1KiB c$CONNS" "$CONNS" "$ROUNDS"

  set_targets /echo
  scenario "POST 16KiB c$CONNS" "$CONNS" "$ROUNDS" -s "$BENCH_DIR/post16k.lua"

  set_targets /bytes
  SAMPLE_RSS=1 scenario "GET 1KiB c$MANY_CONNS" "$MANY_CONNS" "$ROUNDS"

  # Half of Portico's peak GET rate (of nginx's when Portico is absent), paced.
  local reference=portico peak rate
  [ -n "$PORTICO_PID" ] || reference=nginx
  peak=$(awk -F'\t' -v s="GET 1KiB c$CONNS" -v t="$reference" \
    '$1 == s && $2 == t { sum += $4; n++ } END { if (n) printf "%.0f", sum / n; else print 0 }' "$RESULTS")
  rate=$((peak / 2))
  if [ "$rate" -gt 0 ]; then
    [ "$reference" = portico ] || log "no Portico: pacing at half of nginx's peak instead"
    set_targets /bytes
    # A latency run takes more warm-up than a throughput one: at a new rate, branches and
    # connection paths not taken before get compiled, and that shows in p99.
    WARMUP_RUNS=$PACED_WARMUP_RUNS scenario "GET paced $rate/s" "$CONNS" "$ROUNDS" -s "$BENCH_DIR/paced.lua" -- "$rate"
  fi

  mkdir -p "$BENCH_DIR/results"
  local file
  file="$BENCH_DIR/results/$(date +%Y-%m-%d_%H%M%S).txt"
  echo
  report "$file"
  log "written to $file"
}

main "$@"
