# Suite "table" (issue 4): the whole `tableload --table sales --partition country=US` run against
# the engine alone fetching the same files (`tableload s3 get --recursive` of the partitions'
# prefix). The difference is what the metastore lookup and planning cost.
#
# Runs `./tableload sandbox` (S3Proxy + Hive Metastore in one JVM) in the background. Its data
# is generated once (about 5 MB/s per core) and kept under $TABLE_CACHE for later runs.
#
# Needs: the lib/*.sh helpers, ROOT, WORK, SHM, REPS, TABLE_SIZE_MB, TABLE_CACHE.

TABLE_PARTITION="country=US"

# Data files and bytes under a load's destination: the load also leaves its own small marker
# file (.tableload, what tableload may replace on the next load), which is not table data.
data_files_and_bytes() {
  find "$1" -type f ! -name .tableload -printf '%s\n' | awk '{n++; b+=$1} END {printf "%d %.0f\n", n, b}'
}

sandbox_start() {
  local dir="$TABLE_CACHE/table-${TABLE_SIZE_MB}" s3_port metastore_port i
  s3_port=$(free_port)
  metastore_port=$(free_port)
  mkdir -p "$dir"
  "$ROOT/tableload" sandbox --dir "$dir" --s3-port "$s3_port" --metastore-port "$metastore_port" \
    --size-mb "$TABLE_SIZE_MB" >"$WORK/sandbox.log" 2>&1 &
  SANDBOX_PID=$!
  log "table: sandbox in $dir (first start generates ${TABLE_SIZE_MB} MB of sample data, once)"
  # Generating the full data takes minutes; starting a kept one takes seconds.
  for ((i = 0; i < 3600; i++)); do
    grep -q "The sandbox is running" "$WORK/sandbox.log" && break
    kill -0 "$SANDBOX_PID" 2>/dev/null || { tail -n 20 "$WORK/sandbox.log" >&2; die "the sandbox stopped"; }
    sleep 1
  done
  grep -q "The sandbox is running" "$WORK/sandbox.log" || die "the sandbox did not come up in an hour"
  # The sandbox prints the settings to use (its built-in test credentials): take them from there.
  eval "$(grep -E '^ *export (TABLELOAD_METASTORE|AWS_ENDPOINT_URL_S3|AWS_ACCESS_KEY_ID|AWS_SECRET_ACCESS_KEY|AWS_REGION)=' "$WORK/sandbox.log")"
}

sandbox_stop() {
  if [ -n "${SANDBOX_PID:-}" ]; then
    kill "$SANDBOX_PID" 2>/dev/null || true
    wait "$SANDBOX_PID" 2>/dev/null || true
    SANDBOX_PID=
  fi
}

# The whole product run: metastore lookup, partition listing, planning, fetch.
table_load() {
  "$ROOT/tableload" --table sales --partition "$TABLE_PARTITION" --dest "$1" --path-style >/dev/null
}

# The engine alone on the same files: one recursive listing of the partitions' common prefix.
table_engine() {
  "$ROOT/tableload" s3 get --recursive "s3://warehouse/sales/$TABLE_PARTITION/" --dest "$1" --path-style >/dev/null
}

# Lookup and planning only (--dry-run): JVM start, metastore calls, listing, no download.
table_plan() {
  "$ROOT/tableload" --table sales --partition "$TABLE_PARTITION" --dry-run --path-style >/dev/null
}

run_table() {
  sandbox_start
  export TABLELOAD_METASTORE AWS_ENDPOINT_URL_S3 AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_REGION TABLE_PARTITION
  export -f table_load table_engine table_plan

  local plan bytes files dest="$SHM/dest" dataset="sales-$TABLE_PARTITION" tool rep i
  plan=$("$ROOT/tableload" --table sales --partition "$TABLE_PARTITION" --dry-run --json --path-style)
  read -r files bytes < <(python3 -c 'import json,sys; p=json.load(sys.stdin); print(len(p["files"]), p["bytes"])' <<<"$plan")
  log "table: $dataset is $files files, $bytes bytes"
  echo "$dataset	$files	$bytes" >>"$WORK/table-dataset.tsv"

  # Warm-up, and check both runs fetch the same bytes.
  local got_load got_engine
  rm -rf "$dest"
  measure table "$dataset" load 0 "$bytes" table_load "$dest" || die "the table load failed"
  got_load=$(data_files_and_bytes "$dest")
  rm -rf "$dest" && mkdir -p "$dest"
  measure table "$dataset" engine 0 "$bytes" table_engine "$dest" || die "the engine run failed"
  got_engine=$(data_files_and_bytes "$dest")
  measure table "$dataset" plan 0 0 table_plan || die "the dry run failed"
  if [ "$got_load" = "$files $bytes" ] && [ "$got_engine" = "$files $bytes" ]; then
    echo "ok: load and engine each wrote $files files, $bytes bytes, as planned" >"$WORK/verified-$dataset.txt"
  else
    echo "FAILED: planned $files $bytes, load wrote $got_load, engine wrote $got_engine" >"$WORK/verified-$dataset.txt"
  fi
  cat "$WORK/verified-$dataset.txt" >&2

  local -a tools=(load engine plan)
  for ((rep = 1; rep <= REPS; rep++)); do
    for ((i = 0; i < ${#tools[@]}; i++)); do
      tool=${tools[$(((i + rep) % ${#tools[@]}))]}
      rm -rf "$dest"
      [ "$tool" = load ] || mkdir -p "$dest"
      measure table "$dataset" "$tool" "$rep" "$([ "$tool" = plan ] && echo 0 || echo "$bytes")" "table_$tool" "$dest" || true
    done
    log "table: round $rep of $REPS done"
  done
  rm -rf "$dest"
  sandbox_stop
}
