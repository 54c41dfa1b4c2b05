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

# With TLS=1 the server speaks HTTPS only, with a fresh self-signed certificate for 127.0.0.1
# (RSA 2048, as S3's), made by the JDK's keytool. S3_CA_PEM is that certificate for curl and
# awscli, S3_TRUST_STORE a PKCS12 trust store holding it for JVMs (password S3_TRUST_PASSWORD).
S3_TRUST_PASSWORD=bench-trust

# tls_material: makes the key store, the PEM and the trust store in WORK.
tls_material() {
  local keytool pass=bench-keystore
  keytool="$(dirname "$(readlink -f "$(command -v java)")")/keytool"
  rm -f "$WORK/s3proxy-key.p12" "$WORK/s3proxy-trust.p12"
  "$keytool" -genkeypair -alias s3proxy -keyalg RSA -keysize 2048 -validity 2 -storetype PKCS12 \
    -dname CN=localhost -ext SAN=ip:127.0.0.1,dns:localhost \
    -keystore "$WORK/s3proxy-key.p12" -storepass "$pass" -keypass "$pass" >/dev/null 2>&1
  "$keytool" -exportcert -rfc -alias s3proxy -keystore "$WORK/s3proxy-key.p12" -storepass "$pass" \
    >"$WORK/s3proxy.pem" 2>/dev/null
  "$keytool" -importcert -noprompt -alias s3proxy -file "$WORK/s3proxy.pem" -storetype PKCS12 \
    -keystore "$WORK/s3proxy-trust.p12" -storepass "$S3_TRUST_PASSWORD" >/dev/null 2>&1
  [ -s "$WORK/s3proxy-trust.p12" ] || { echo "bench: keytool could not make the certificates" >&2; return 1; }
  S3_CA_PEM="$WORK/s3proxy.pem" S3_TRUST_STORE="$WORK/s3proxy-trust.p12"
  S3_KEY_STORE="$WORK/s3proxy-key.p12" S3_KEY_PASSWORD="$pass"
}

# s3proxy_start STORE_DIR: starts the server, sets S3_ENDPOINT and S3PROXY_PID.
s3proxy_start() {
  local store="$1" port props listen
  port="$(free_port)"
  props="$WORK/s3proxy.properties"
  mkdir -p "$store"
  S3_ENDPOINT="http://127.0.0.1:$port"
  listen="s3proxy.endpoint=$S3_ENDPOINT"
  if [ "${TLS:-0}" = 1 ]; then
    tls_material || return 1
    S3_ENDPOINT="https://127.0.0.1:$port"
    listen="s3proxy.secure-endpoint=$S3_ENDPOINT
s3proxy.keystore-path=$S3_KEY_STORE
s3proxy.keystore-password=$S3_KEY_PASSWORD"
  fi
  # ignore-unknown-headers: Trino's S3 client asks ListObjectsV2 for x-amz-optional-object-
  # attributes, which S3Proxy 4.1 otherwise refuses (bench/sql-engine/README.md).
  cat >"$props" <<PROPS
$listen
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
  local i
  for i in $(seq 1 100); do
    if curl -s ${S3_CA_PEM:+--cacert "$S3_CA_PEM"} -o /dev/null "$S3_ENDPOINT/"; then
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
