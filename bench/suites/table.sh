# Suite "table" (issue 4): the whole `tableload --table T --partition SPEC` run against the
# engine alone fetching the same files (`tableload s3 get --recursive` of the partition's
# prefix), and a dry run. The difference is what the metastore lookup and planning cost.
#
# Data: the benchmark tables of `./tableload sandbox --bench-tables` (lib/sandbox.sh): one
# partition of 1 GiB in 8 files, and one of 1 GiB in 1,000 files (more to list and plan).
#
# Needs: the lib/*.sh helpers, ROOT, WORK, SHM, REPS, TABLE_CACHE.

TABLE_CASES="bench.events_8:dt=2024-01-01 bench.events_1000:dt=2024-01-01"

# Data files and bytes under a load's destination: the load also leaves its own small marker
# file (.tableload, what tableload may replace on the next load), which is not table data.
data_files_and_bytes() {
  find "$1" -type f ! -name .tableload -printf '%s\n' | awk '{n++; b+=$1} END {printf "%d %.0f\n", n, b}'
}

# The whole product run: metastore lookup, partition listing, planning, fetch.
table_load() {
  "$ROOT/tableload" --table "$TABLE_NAME" --partition "$TABLE_PARTITION" --dest "$1" --path-style >/dev/null
}

# The engine alone on the same files: one recursive listing of the partition's prefix.
table_engine() {
  "$ROOT/tableload" s3 get --recursive "s3://bench/${TABLE_NAME#bench.}/$TABLE_PARTITION/" --dest "$1" \
    --path-style >/dev/null
}

# Lookup and planning only (--dry-run): JVM start, metastore calls, listing, no download.
table_plan() {
  "$ROOT/tableload" --table "$TABLE_NAME" --partition "$TABLE_PARTITION" --dry-run --path-style >/dev/null
}

run_table() {
  bench_sandbox_start
  export -f table_load table_engine table_plan

  local case plan bytes files dest="$SHM/dest" dataset tool rep i
  for case in $TABLE_CASES; do
    TABLE_NAME=${case%%:*} TABLE_PARTITION=${case#*:}
    export TABLE_NAME TABLE_PARTITION
    dataset="$TABLE_NAME-$TABLE_PARTITION"
    plan=$("$ROOT/tableload" --table "$TABLE_NAME" --partition "$TABLE_PARTITION" --dry-run --json --path-style)
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
      log "table: $dataset round $rep of $REPS done"
    done
    rm -rf "$dest"
  done
}
