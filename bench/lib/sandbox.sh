# The local stack for the table and compare suites: `./tableload sandbox` (S3Proxy and a Hive
# Metastore in one JVM) in the background, its data kept in a directory so that generating it
# happens once.
#
# Needs: ROOT, WORK, and log/die/free_port.

# sandbox_start DIR [SANDBOX OPTIONS...]: starts the sandbox on free ports with its data in DIR,
# waits until it is up (a first start generates the data: minutes), and exports the settings
# it prints: TABLELOAD_METASTORE, AWS_ENDPOINT_URL_S3, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,
# AWS_REGION (its built-in test credentials). Sets SANDBOX_PID.
sandbox_start() {
  local dir="$1" s3_port metastore_port i
  shift
  s3_port=$(free_port)
  metastore_port=$(free_port)
  mkdir -p "$dir"
  "$ROOT/tableload" sandbox --dir "$dir" --s3-port "$s3_port" --metastore-port "$metastore_port" "$@" \
    >"$WORK/sandbox.log" 2>&1 &
  SANDBOX_PID=$!
  log "sandbox in $dir ($*; a first start generates its data, once)"
  for ((i = 0; i < 3600; i++)); do
    grep -q "The sandbox is running" "$WORK/sandbox.log" && break
    kill -0 "$SANDBOX_PID" 2>/dev/null || { tail -n 20 "$WORK/sandbox.log" >&2; die "the sandbox stopped"; }
    sleep 1
  done
  grep -q "The sandbox is running" "$WORK/sandbox.log" || die "the sandbox did not come up in an hour"
  eval "$(grep -E '^ *export (TABLELOAD_METASTORE|AWS_ENDPOINT_URL_S3|AWS_ACCESS_KEY_ID|AWS_SECRET_ACCESS_KEY|AWS_REGION)=' "$WORK/sandbox.log")"
  export TABLELOAD_METASTORE AWS_ENDPOINT_URL_S3 AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_REGION
}

sandbox_stop() {
  if [ -n "${SANDBOX_PID:-}" ]; then
    kill "$SANDBOX_PID" 2>/dev/null || true
    wait "$SANDBOX_PID" 2>/dev/null || true
    SANDBOX_PID=
  fi
}

# bench_sandbox_start: the sandbox with the benchmark tables (database `bench`), started once
# for the table and compare suites. Quick runs get a scaled-down copy in their own directory.
bench_sandbox_start() {
  [ -z "${SANDBOX_PID:-}" ] || return 0
  if [ "$QUICK" = 1 ]; then
    sandbox_start "$TABLE_CACHE/bench-tables-quick" --bench-tables --bench-scale 0.0625
  else
    sandbox_start "$TABLE_CACHE/bench-tables" --bench-tables
  fi
}
