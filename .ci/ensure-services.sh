# Sourced by .ci/run: makes sure the services the tests need are reachable, starting or
# installing them when this machine lacks them. Only loopback is ever used.
export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379}"

redis_ping() {
  node -e '
    const url = new URL(process.argv[1]);
    const socket = require("node:net").connect(Number(url.port || 6379), url.hostname);
    const fail = () => process.exit(1);
    socket.setTimeout(2000, fail).on("error", fail);
    socket.on("connect", () => socket.write("PING\r\n"));
    socket.on("data", (data) => process.exit(String(data).startsWith("+PONG") ? 0 : 1));
  ' "$1"
}

if ! redis_ping "$REDIS_URL"; then
  if ! command -v redis-server >/dev/null 2>&1; then
    echo "redis-server not found: installing Debian's redis-server"
    (apt-get update -qq && apt-get install -y -qq redis-server) >/dev/null 2>&1 || echo "could not install redis-server"
  fi
  if command -v redis-server >/dev/null 2>&1; then
    redis-server --daemonize yes --bind 127.0.0.1 --port 6390 --save '' --appendonly no >/dev/null
    export REDIS_URL="redis://127.0.0.1:6390"
    for _ in 1 2 3 4 5 6 7 8 9 10; do redis_ping "$REDIS_URL" && break; sleep 0.5; done
  fi
fi
if redis_ping "$REDIS_URL"; then echo "redis: $REDIS_URL"; else echo "redis: unreachable at $REDIS_URL (Redis tests will fail)"; fi

# The audit's HTML report is tested in a real headless Chromium (Debian's package; no browser
# download at run time).
if [ ! -x /usr/bin/chromium ]; then
  echo "chromium not found: installing Debian's chromium"
  (apt-get update -qq && apt-get install -y -qq chromium) >/dev/null 2>&1 || echo "could not install chromium (the audit HTML test will say so)"
fi
[ -x /usr/bin/chromium ] && echo "chromium: $(/usr/bin/chromium --version 2>/dev/null | head -1)"
