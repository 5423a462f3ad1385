#!/usr/bin/env bash
# s3-test-server.sh — a real S3-compatible server on this machine for the
# media storage tests (internal/media/storage), so the S3 backend is tested
# against a server and not a mock.
#
#   scripts/s3-test-server.sh start    build SeaweedFS if needed, start it, wait until it answers
#   scripts/s3-test-server.sh url      print the s3:// URL for AKHBAR_TEST_S3
#   scripts/s3-test-server.sh stop     stop it and delete its data
#   scripts/s3-test-server.sh status   exit 0 if it is running and answers
#   scripts/s3-test-server.sh install  only build the binary (cached)
#
# Typical use (CI, or by hand):
#   scripts/s3-test-server.sh start
#   export AKHBAR_TEST_S3="$(scripts/s3-test-server.sh url)"
#   go test ./internal/media/storage/
#   scripts/s3-test-server.sh stop
#
# The server is SeaweedFS (Apache-2.0), `weed server -s3`: master, volume
# server, filer and S3 gateway in one process, all bound to 127.0.0.1. (MinIO's
# server is AGPL and is not used; only its Apache-2.0 Go client is.) It is
# built from source with the Go toolchain: the module comes from the Go module
# proxy, and the binary is cached in $AKHBAR_S3_CACHE (default
# ~/.cache/akhbar-s3), so only the first start on a machine pays for the
# build: 9-10 minutes on 2 cores with empty Go caches (about 2 GB of modules
# downloaded, ~10 CPU-minutes of compiling), under 6 when the modules are
# already downloaded. Starting takes about 2.5 s. `go install
# module@version` cannot be used: SeaweedFS's go.mod has a replace directive,
# so the module is downloaded and built as a main module instead.
#
# Only progress and errors are written, to stderr; `url` alone writes to
# stdout.
#
# Settings (environment):
#   AKHBAR_S3_PORT           S3 port on 127.0.0.1 (default 8333); SeaweedFS's
#                            internal ports are PORT+1100..1102 and, for gRPC,
#                            those plus 10000 (9433-9435, 19433-19435, 18333)
#   AKHBAR_S3_CACHE          where the weed binary is kept
#   AKHBAR_S3_RUN            state folder: pid, log, config, data
#                            (default ${TMPDIR:-/tmp}/akhbar-s3-test-PORT, wiped on start and stop)
#   AKHBAR_S3_START_TIMEOUT  seconds to wait for the server to answer (default 90)
set -euo pipefail

SEAWEEDFS_MODULE=github.com/seaweedfs/seaweedfs
SEAWEEDFS_VERSION=v0.0.0-20261109003541-7506e5f91cd6

PORT="${AKHBAR_S3_PORT:-8333}"
HOST=127.0.0.1
MASTER_PORT=$((PORT + 1100))
VOLUME_PORT=$((PORT + 1101))
FILER_PORT=$((PORT + 1102))
ACCESS_KEY=akhbar-test
SECRET_KEY=akhbar-test-secret-key
# The bucket in the URL is a stem: the tests make a fresh bucket per run
# from it and remove it afterwards.
BUCKET_STEM=akhbar-test

CACHE_DIR="${AKHBAR_S3_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/akhbar-s3}"
BIN="$CACHE_DIR/weed-$SEAWEEDFS_VERSION"
RUN_DIR="${AKHBAR_S3_RUN:-${TMPDIR:-/tmp}/akhbar-s3-test-$PORT}"
PID_FILE="$RUN_DIR/weed.pid"
LOG_FILE="$RUN_DIR/weed.log"
START_TIMEOUT="${AKHBAR_S3_START_TIMEOUT:-90}"

export PATH="$PATH:/usr/local/go/bin"

say() { printf 's3-test-server: %s\n' "$*" >&2; }
die() { say "error: $*"; exit 1; }

# http_status PORT PATH prints the HTTP status code of GET http://127.0.0.1:PORT/PATH,
# or nothing when nothing answers. It uses bash's /dev/tcp so that neither
# curl nor wget is needed.
http_status() {
  # shellcheck disable=SC2016 # expanded by the inner bash, from its arguments
  timeout 3 bash -c '
    exec 3<>"/dev/tcp/$0/$1" || exit 1
    printf "GET %s HTTP/1.0\r\nHost: %s:%s\r\n\r\n" "$2" "$0" "$1" >&3
    IFS=" " read -r _ code _ <&3 && printf "%s" "$code"
  ' "$HOST" "$1" "$2" 2>/dev/null || true
}

running_pid() {
  [ -f "$PID_FILE" ] || return 1
  local pid
  pid="$(cat "$PID_FILE" 2>/dev/null)" || return 1
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 1
  # Make sure the pid was not reused by some other program: ours names
  # this run's config file on its command line.
  case "$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null)" in
    *"-s3.config=$RUN_DIR/s3.json"*) printf '%s' "$pid" ;;
    *) return 1 ;;
  esac
}

ready() {
  [ "$(http_status "$VOLUME_PORT" /healthz)" = 200 ] &&
    [ "$(http_status "$FILER_PORT" /healthz)" = 200 ] &&
    [ "$(http_status "$PORT" /healthz)" = 200 ]
}

install_weed() {
  if [ -x "$BIN" ]; then
    return 0
  fi
  command -v go >/dev/null || die "the Go toolchain is needed to build SeaweedFS (looked in PATH and /usr/local/go/bin)"
  mkdir -p "$CACHE_DIR"
  # One build at a time when several starts race.
  if command -v flock >/dev/null; then
    exec 9>"$CACHE_DIR/.lock"
    flock 9
    if [ -x "$BIN" ]; then
      exec 9>&-
      return 0
    fi
  fi
  local t0 work dir
  t0=$(date +%s)
  work="$(mktemp -d "$CACHE_DIR/build.XXXXXX")"
  # shellcheck disable=SC2064
  trap "rm -rf '$work'" EXIT
  say "building SeaweedFS $SEAWEEDFS_VERSION into $BIN (first time only: 6-10 min on 2 cores, about 2 GB of modules)"
  say "downloading $SEAWEEDFS_MODULE@$SEAWEEDFS_VERSION from the Go module proxy"
  # Run outside any Go module, so the caller's go.mod is not involved.
  dir="$(cd "$work" && GOWORK=off GOFLAGS=-mod=mod go mod download -json "$SEAWEEDFS_MODULE@$SEAWEEDFS_VERSION" |
    sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p')" || true
  if [ -z "$dir" ] || [ ! -d "$dir/weed" ]; then
    die "could not download $SEAWEEDFS_MODULE@$SEAWEEDFS_VERSION"
  fi
  cp -R "$dir" "$work/src"
  chmod -R u+w "$work/src"
  say "compiling weed (go build ./weed)"
  (cd "$work/src" && GOWORK=off GOFLAGS=-buildvcs=false go build -o "$work/weed" ./weed) ||
    die "go build of SeaweedFS failed"
  mv "$work/weed" "$BIN"
  rm -rf "$work"
  trap - EXIT
  exec 9>&- # release the lock (and keep it out of the server's inherited files)
  say "built $BIN in $(( $(date +%s) - t0 ))s"
}

start() {
  install_weed
  local pid
  if pid="$(running_pid)"; then
    if ready; then
      say "already running (pid $pid) on $HOST:$PORT"
      return 0
    fi
    say "a server (pid $pid) is running but does not answer: restarting it"
    stop
  fi
  local p
  for p in "$PORT" "$MASTER_PORT" "$VOLUME_PORT" "$FILER_PORT" \
    $((PORT + 10000)) $((MASTER_PORT + 10000)) $((VOLUME_PORT + 10000)) $((FILER_PORT + 10000)); do
    if (exec 3<>"/dev/tcp/$HOST/$p") 2>/dev/null; then
      die "port $HOST:$p is already in use by another program; set AKHBAR_S3_PORT to use other ports"
    fi
  done

  rm -rf "$RUN_DIR"
  mkdir -p "$RUN_DIR/data"
  cat >"$RUN_DIR/s3.json" <<EOF
{
  "identities": [
    {
      "name": "akhbar_test",
      "credentials": [{"accessKey": "$ACCESS_KEY", "secretKey": "$SECRET_KEY"}],
      "actions": ["Admin", "Read", "List", "Tagging", "Write"]
    }
  ]
}
EOF
  local t0
  t0=$(date +%s%N)
  say "starting SeaweedFS S3 on $HOST:$PORT (data in $RUN_DIR/data, log in $LOG_FILE)"
  # setsid: its own session, so it outlives this script and the caller's
  # terminal; stop kills it by pid. -volume.max=0 sizes the volume count from
  # the free disk space; small volumes suit a test's many short-lived buckets.
  # -volume.preStopSeconds=0: no 10-second grace period before shutdown.
  (
    cd "$RUN_DIR"
    exec setsid "$BIN" server \
      -dir="$RUN_DIR/data" \
      -ip="$HOST" -ip.bind="$HOST" \
      -master.port="$MASTER_PORT" -volume.port="$VOLUME_PORT" -filer.port="$FILER_PORT" \
      -master.telemetry=false \
      -master.volumeSizeLimitMB=64 -volume.max=0 -volume.preStopSeconds=0 \
      -filer.localSocket="$RUN_DIR/filer.sock" \
      -s3 -s3.port="$PORT" -s3.config="$RUN_DIR/s3.json" \
      -s3.localSocket="$RUN_DIR/s3.sock" \
      -s3.port.iceberg=0 -s3.port.lance=0
  ) </dev/null >"$LOG_FILE" 2>&1 &
  pid=$!
  echo "$pid" >"$PID_FILE"

  local deadline=$(( $(date +%s) + START_TIMEOUT ))
  until ready; do
    if ! kill -0 "$pid" 2>/dev/null; then
      say "SeaweedFS exited during start-up; last lines of $LOG_FILE:"
      tail -n 30 "$LOG_FILE" >&2 || true
      rm -f "$PID_FILE"
      exit 1
    fi
    if [ "$(date +%s)" -ge "$deadline" ]; then
      say "SeaweedFS did not answer on $HOST:$PORT within ${START_TIMEOUT}s; last lines of $LOG_FILE:"
      tail -n 30 "$LOG_FILE" >&2 || true
      stop
      exit 1
    fi
    sleep 0.2
  done
  local ms=$(( ($(date +%s%N) - t0) / 1000000 ))
  say "ready after $((ms / 1000)).$(printf '%03d' $((ms % 1000)))s (pid $pid); export AKHBAR_TEST_S3=\"\$($0 url)\""
}

stop() {
  local pid
  if ! pid="$(running_pid)"; then
    say "not running"
    rm -rf "$RUN_DIR"
    return 0
  fi
  say "stopping SeaweedFS (pid $pid)"
  # Its graceful shutdown can take half a minute (components retrying each
  # other); the data is thrown away, so after a short grace it is killed.
  kill -TERM "$pid" 2>/dev/null || true
  local _
  for _ in $(seq 1 50); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    kill -KILL "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
  fi
  # weed puts its local gRPC sockets in /tmp whatever -dir says.
  rm -f "/tmp/seaweedfs-master-grpc-$((MASTER_PORT + 10000)).sock" \
    "/tmp/seaweedfs-volume-grpc-$((VOLUME_PORT + 10000)).sock" \
    "/tmp/seaweedfs-filer-grpc-$((FILER_PORT + 10000)).sock" \
    "/tmp/seaweedfs-s3-grpc-$((PORT + 10000)).sock"
  rm -rf "$RUN_DIR"
  say "stopped"
}

url() {
  printf 's3://%s:%s@%s:%s/%s?tls=false\n' "$ACCESS_KEY" "$SECRET_KEY" "$HOST" "$PORT" "$BUCKET_STEM"
}

status() {
  local pid
  if pid="$(running_pid)" && ready; then
    say "running (pid $pid) on $HOST:$PORT"
    return 0
  fi
  say "not running"
  return 1
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  url) url ;;
  status) status ;;
  install) install_weed ;;
  *)
    echo "usage: $0 start|stop|url|status|install" >&2
    exit 2
    ;;
esac
