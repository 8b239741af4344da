# Shared helpers of the bench/ scripts that measure one feature against the plain proxy route
# (ratelimit.sh, and the pattern jwt.sh follows). Source it; it expects `set -euo pipefail`.

log() { printf '[%s %s] %s\n' "${BENCH_NAME:-bench}" "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

BENCH_PIDS=()
bench_cleanup() {
  local pid
  for pid in "${BENCH_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${BENCH_PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [ "${KEEP_WORK:-0}" = 1 ]; then log "work files kept in $WORK"; else rm -rf "$WORK"; fi
}

require_tools() {
  local tool
  for tool in "$@"; do
    command -v "$tool" >/dev/null || [ -x "/usr/sbin/$tool" ] || [ -x "/usr/bin/$tool" ] \
      || die "$tool is needed (bench/README.md lists how to get it)"
  done
}

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

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

# nginx on LOAD_CPU answering GET /bytes with exactly 1,024 bytes, as in bench/run.sh.
start_upstream_nginx() { # port
  local nginx dir body
  nginx=$(command -v nginx || echo /usr/sbin/nginx)
  dir="$WORK/upstream"
  mkdir -p "$dir/tmp" "$dir/logs"
  body=$(head -c 1024 /dev/zero | tr '\0' 'x')
  cat > "$dir/nginx.conf" <<NGINX
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
    listen 127.0.0.1:$1 backlog=4096;
    location = /bytes { default_type application/octet-stream; return 200 "$body"; }
  }
}
NGINX
  taskset -c "$LOAD_CPU" "$nginx" -p "$dir/" -c "$dir/nginx.conf" -e "$dir/logs/error.log" &
  BENCH_PIDS+=("$!")
  wait_http "http://127.0.0.1:$1/bytes" "$!" 10 || die "the upstream nginx did not start"
}

portico_jar() {
  local jar=${PORTICO_JAR:-$ROOT/target/portico.jar}
  if [ ! -f "$jar" ]; then
    log "no $jar: building it (mvn -q -B -DskipTests package)"
    (cd "$ROOT" && mvn -q -B -DskipTests package) >&2 || die "the build failed"
  fi
  echo "$jar"
}

start_portico() { # yaml-file admin-port log-file -> sets PORTICO_PID
  # shellcheck disable=SC2086 # PORTICO_JAVA_OPTS is a list of flags
  taskset -c "$PROXY_CPU" java $PORTICO_JAVA_OPTS -jar "$(portico_jar)" run -c "$1" > "$3" 2>&1 &
  PORTICO_PID=$!
  BENCH_PIDS+=("$PORTICO_PID")
  wait_http "http://127.0.0.1:$2/ready" "$PORTICO_PID" 30 || { tail -n 20 "$3" >&2; die "Portico did not start"; }
}

run_wrk() { # conns duration url [header]
  taskset -c "$LOAD_CPU" wrk -t1 -c"$1" -d"$2" --timeout 5s --latency ${4:+-H "$4"} "$3" 2>&1 || true
}

parse_wrk() { # stdin: wrk output -> rps p50_us p99_us errors
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

# One measured run of a target into $RESULTS: name round url pid [header]
measure() {
  local name=$1 round=$2 url=$3 pid=$4 header=${5:-} t0 t1 out parsed cpu
  run_wrk "$CONNS" "$WARMUP" "$url" "$header" > /dev/null
  t0=$(cpu_ticks "$pid")
  out=$(run_wrk "$CONNS" "$DURATION" "$url" "$header")
  t1=$(cpu_ticks "$pid")
  parsed=$(parse_wrk <<< "$out")
  set -- $parsed
  cpu=$(awk -v t=$((t1 - t0)) -v hz="$(getconf CLK_TCK)" -v rps="$1" -v d="$(dur_s "$DURATION")" \
    'BEGIN { n = rps * d; if (n > 0) printf "%.1f", t * 1e6 / hz / n; else print "-" }')
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$round" "$1" "$2" "$3" "$4" "$cpu" >> "$RESULTS"
  log "  $name round $round: $1 req/s, p50 $2 us, p99 $3 us, errors $4, cpu $cpu us/req"
}

# The table of means per target, in the given order, with each target's ratio to the first.
summary_table() { # targets...
  awk -F'\t' -v order="$*" '
    { n[$1]++; rps[$1] += $3; p50[$1] += $4; p99[$1] += $5; err[$1] += $6; if ($7 != "-") { cpu[$1] += $7; nc[$1]++ } }
    END {
      split(order, names, " ")
      printf "%-10s %10s %8s %9s %9s %11s %7s\n", "target", "req/s", "ratio", "p50", "p99", "cpu us/req", "errors"
      base = rps[names[1]] / n[names[1]]
      for (i = 1; i in names; i++) {
        r = names[i]
        if (!(r in n)) continue
        c = (nc[r] > 0) ? cpu[r] / nc[r] : 0
        printf "%-10s %10.0f %8.3f %8.2fms %8.2fms %11.1f %7d\n", r, rps[r] / n[r], (rps[r] / n[r]) / base,
          p50[r] / n[r] / 1000, p99[r] / n[r] / 1000, c, err[r]
      }
    }' "$RESULTS"
}

machine_line() {
  echo "machine: $(nproc) cores ($(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)), load average $(cut -d' ' -f1-3 /proc/loadavg)"
}
