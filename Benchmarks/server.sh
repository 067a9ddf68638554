#!/usr/bin/env bash
# Load test: `kb serve --no-build` against nginx on the same 20 KB page, both on loopback only.
# Prints requests/s and p99 latency side by side. Target: kb at least half of nginx's requests/s.
# The machine may be shared, so the two servers are measured in alternating rounds and the best round of each
# is reported (every round is printed too).
# Usage: Benchmarks/server.sh    (env: DURATION=10s CONNECTIONS=100 THREADS=2 ROUNDS=3)
set -euo pipefail
cd "$(dirname "$0")/.."

duration=${DURATION:-10s}
connections=${CONNECTIONS:-100}
threads=${THREADS:-2}
rounds=${ROUNDS:-3}

command -v wrk >/dev/null 2>&1 || { echo "server.sh: wrk is not installed (Debian: apt-get install wrk)" >&2; exit 1; }
nginx_bin=$(command -v nginx || true)
[ -n "$nginx_bin" ] || { [ -x /usr/sbin/nginx ] && nginx_bin=/usr/sbin/nginx; }
[ -n "$nginx_bin" ] || { echo "server.sh: nginx is not installed (Debian: apt-get install nginx-light)" >&2; exit 1; }

echo "Building kb (release)..." >&2
swift build -c release --product kb >/dev/null
kb="$(swift build -c release --show-bin-path)/kb"

work=$(mktemp -d)
kb_pid=""
nginx_pid=""
cleanup() {
  [ -n "$kb_pid" ] && kill -INT "$kb_pid" 2>/dev/null && wait "$kb_pid" 2>/dev/null || true
  [ -n "$nginx_pid" ] && kill -QUIT "$nginx_pid" 2>/dev/null && wait "$nginx_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# A 20 KB (20,480-byte) page.
site="$work/site"
mkdir -p "$site"
{
  printf '<!doctype html><html><head><meta charset="utf-8"><title>502 Bad Gateway</title></head><body>\n'
  for i in $(seq 1 400); do
    printf '<p>Paragraph %03d: a 502 means a gateway got an invalid answer from the server behind it.</p>\n' "$i"
  done
} | head -c 20465 > "$site/index.html"
printf '</body></html>\n' >> "$site/index.html"
# nginx workers started by root run as an unprivileged user; let them read the page.
chmod 755 "$work" "$site"
chmod 644 "$site/index.html"

# A free loopback port, starting from $1 (a connection attempt that fails means nobody listens).
free_port() {
  local port=$1
  while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
  echo "$port"
}

wait_for() {
  for _ in $(seq 1 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.1
  done
  echo "server.sh: nothing listens on port $1" >&2
  exit 1
}

kb_port=$(free_port 18080)
"$kb" serve --no-build --output "$site" --port "$kb_port" >/dev/null 2>"$work/kb.log" &
kb_pid=$!
wait_for "$kb_port"

nginx_port=$(free_port $((kb_port + 1)))
mkdir -p "$work/nginx"
cat > "$work/nginx/nginx.conf" <<CONF
worker_processes auto;
daemon off;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log;
events { worker_connections 4096; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  client_body_temp_path $work/nginx/body;
  proxy_temp_path $work/nginx/proxy;
  fastcgi_temp_path $work/nginx/fastcgi;
  types { text/html html; }
  default_type application/octet-stream;
  server {
    listen 127.0.0.1:$nginx_port;
    root $site;
    add_header Cache-Control no-cache;
  }
}
CONF
"$nginx_bin" -c "$work/nginx/nginx.conf" -p "$work/nginx" 2>"$work/nginx/stderr.log" &
nginx_pid=$!
wait_for "$nginx_port"

for port in "$kb_port" "$nginx_port"; do
  size=$(curl -s "http://127.0.0.1:$port/index.html" | wc -c)
  [ "$size" -eq 20480 ] || { echo "server.sh: port $port served $size bytes, expected 20480" >&2; exit 1; }
done

# Prints "requests/s p99" for one server.
measure() {
  wrk -t2 -c10 -d2s "http://127.0.0.1:$1/index.html" >/dev/null # warm-up
  local out
  out=$(wrk -t"$threads" -c"$connections" -d"$duration" --latency "http://127.0.0.1:$1/index.html")
  local rps p99
  rps=$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  echo "$rps $p99"
}

echo "wrk -t$threads -c$connections -d$duration --latency, 20 KB index.html, $(nproc) cores, $rounds rounds" >&2
kb_best="0 -"
nginx_best="0 -"
better() { awk -v a="${1%% *}" -v b="${2%% *}" 'BEGIN { exit !(a > b) }'; }
for round in $(seq 1 "$rounds"); do
  kb_result=$(measure "$kb_port")
  nginx_result=$(measure "$nginx_port")
  echo "round $round: kb $kb_result | nginx $nginx_result" >&2
  if better "$kb_result" "$kb_best"; then kb_best=$kb_result; fi
  if better "$nginx_result" "$nginx_best"; then nginx_best=$nginx_result; fi
done
read -r kb_rps kb_p99 <<<"$kb_best"
read -r nginx_rps nginx_p99 <<<"$nginx_best"

printf '%-10s %14s %10s\n' "server" "requests/s" "p99"
printf '%-10s %14s %10s\n' "kb serve" "$kb_rps" "$kb_p99"
printf '%-10s %14s %10s\n' "nginx" "$nginx_rps" "$nginx_p99"
awk -v a="$kb_rps" -v b="$nginx_rps" 'BEGIN { printf "kb/nginx requests/s ratio: %.2f (target >= 0.50)\n", a / b }'
