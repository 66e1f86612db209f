# Sourced by .ci/run. The queue tests (test/queue/) run real BullMQ against a real Redis: Debian's
# redis-server, installed when missing, started on a free loopback port with no persistence in a temp
# dir, exported as LAMSIM_REDIS_URL, and stopped on exit. (The Redis-restart test starts its own.)
lamsim_redis_setup() {
  if ! command -v redis-server > /dev/null 2>&1; then
    echo "installing redis-server"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server > /dev/null
  fi
  lamsim_redis_dir="$(mktemp -d)"
  local port
  port="$(node -e "const s = require('net').createServer().listen(0, '127.0.0.1', () => { console.log(s.address().port); s.close(); })")"
  redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --dir "$lamsim_redis_dir" \
    --daemonize yes --pidfile "$lamsim_redis_dir/redis.pid" --logfile "$lamsim_redis_dir/redis.log"
  local tries=0
  until redis-cli -p "$port" ping > /dev/null 2>&1; do
    tries=$((tries + 1))
    if [ "$tries" -gt 50 ]; then echo "40-redis.sh: redis-server did not start:" >&2; cat "$lamsim_redis_dir/redis.log" >&2; return 1; fi
    sleep 0.1
  done
  export LAMSIM_REDIS_URL="redis://127.0.0.1:$port"
  echo "redis: $(redis-server --version | cut -d' ' -f3) at $LAMSIM_REDIS_URL"
}
lamsim_redis_dir=""
lamsim_redis_stop() {
  [ -n "$lamsim_redis_dir" ] || return 0
  if [ -f "$lamsim_redis_dir/redis.pid" ]; then kill "$(cat "$lamsim_redis_dir/redis.pid")" 2> /dev/null || true; fi
  rm -rf "$lamsim_redis_dir"
}
on_exit lamsim_redis_stop
lamsim_redis_setup
