# S3Proxy as its own process, its filesystem store in a directory (tmpfs for the benchmarks),
# so the server's CPU and memory are not counted as the client's.
# Needs: ROOT (repository root), WORK (this run's scratch directory).

S3_ACCESS_KEY=bench-access
S3_SECRET_KEY=bench-secret-0123456789
S3_REGION=us-east-1

# Prints a free loopback port.
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# s3proxy_start STORE_DIR: starts the server, sets S3_ENDPOINT and S3PROXY_PID.
s3proxy_start() {
  local store="$1" port props
  port="$(free_port)"
  props="$WORK/s3proxy.properties"
  mkdir -p "$store"
  # ignore-unknown-headers: Trino's S3 client asks ListObjectsV2 for x-amz-optional-object-
  # attributes, which S3Proxy 4.1 otherwise refuses (bench/sql-engine/README.md).
  cat >"$props" <<PROPS
s3proxy.endpoint=http://127.0.0.1:$port
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=$S3_ACCESS_KEY
s3proxy.credential=$S3_SECRET_KEY
s3proxy.ignore-unknown-headers=true
jclouds.provider=filesystem
jclouds.filesystem.basedir=$store
PROPS
  # logback, not slf4j-simple (FACTS.md: StackOverflowError in Main with slf4j-simple).
  java -Dlogback.configurationFile="$BENCH/lib/logback-s3proxy.xml" \
    -cp "$(cat "$ROOT/samples/target/runtime-classpath.txt")" \
    org.gaul.s3proxy.Main --properties "$props" >"$WORK/s3proxy.log" 2>&1 &
  S3PROXY_PID=$!
  S3_ENDPOINT="http://127.0.0.1:$port"
  local i
  for i in $(seq 1 100); do
    if curl -s -o /dev/null "$S3_ENDPOINT/"; then
      return 0
    fi
    kill -0 "$S3PROXY_PID" 2>/dev/null || break
    sleep 0.2
  done
  echo "bench: S3Proxy did not start; see $WORK/s3proxy.log" >&2
  tail -20 "$WORK/s3proxy.log" >&2
  return 1
}

s3proxy_stop() {
  if [ -n "${S3PROXY_PID:-}" ]; then
    kill "$S3PROXY_PID" 2>/dev/null || true
    wait "$S3PROXY_PID" 2>/dev/null || true
    S3PROXY_PID=
  fi
}
