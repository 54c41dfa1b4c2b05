# Suite "compare" (issue 6): tableload against the other ways of getting the same table data,
# on the same local stack, in the same run: a SQL engine's Hive connector (Spark SQL, local
# mode), PyArrow and Polars reading S3 directly, plain S3 copies (awscli, the Transfer Manager,
# parallel curl), and tableload's command line and Java API.
#
# Data: `./tableload sandbox --bench-tables` (database `bench`, generated once and kept under
# $TABLE_CACHE/bench-tables). Workloads (COMPARE_WORKLOADS):
#   part8         one 1 GiB partition in 8 files (bench.events_8, dt=2024-01-01)
#   part1000      one 1 GiB partition in 1,000 files (bench.events_1000, dt=2024-01-01)
#   prune20k      4 partitions out of 20,000 (bench.events_20k)
#   where5        part8 filtered to ~5% of its rows (category = 'c07') and written to Parquet
#   concurrent30  30 loads at once, one per country of bench.sales_30: separate processes, and
#                 for Spark 30 queries at once in one session (a shared engine); tableload-one
#                 loads the 30 partitions in one run instead
#
# tableload-daemon runs the same `tableload` commands as tableload, handed to a `tableload daemon`
# that starts before the workloads and stops after them (the other tableload runs keep to their
# own processes: bench/run sets TABLELOAD_DAEMON=off for everything else).
#
# Needs: the lib/*.sh helpers, BENCH, ROOT, WORK, SHM, REPS, TABLE_CACHE, COMPARE_TOOLS,
# COMPARE_WORKLOADS, PY (the benchmark's Python with pyarrow and polars), TM_CLASSPATH.

COMPARE_BUCKET=bench

# compare_workload NAME: sets W_TABLE, W_LOCATION, W_SPECS (one SPEC per line), W_WHERE
# (COLUMN=VALUE or empty) and W_KIND (load, extract or concurrent).
compare_workload() {
  W_WHERE=
  W_KIND=load
  case "$1" in
    part8) W_TABLE=bench.events_8; W_SPECS="dt=2024-01-01" ;;
    part1000) W_TABLE=bench.events_1000; W_SPECS="dt=2024-01-01" ;;
    prune20k)
      W_TABLE=bench.events_20k
      W_SPECS=$'country=FI,dt=2024-01-01\ncountry=SE,dt=2024-04-10\ncountry=US,dt=2024-07-19\ncountry=DE,dt=2024-10-27' ;;
    where5) W_TABLE=bench.events_8; W_SPECS="dt=2024-01-01"; W_WHERE="category=c07"; W_KIND=extract ;;
    concurrent30)
      W_TABLE=bench.sales_30; W_KIND=concurrent
      W_SPECS=$("$ROOT/tableload" partitions --table bench.sales_30 | grep -o 'country=[A-Z]*' | sort -u)
      [ "$(wc -l <<<"$W_SPECS")" -eq 30 ] || die "bench.sales_30 should have 30 countries, has: $W_SPECS" ;;
    *) die "unknown workload $1 (known: part8 part1000 prune20k where5 concurrent30)" ;;
  esac
  W_LOCATION="s3://$COMPARE_BUCKET/${W_TABLE#bench.}"
  export W_TABLE W_LOCATION W_SPECS W_WHERE W_KIND
}

# Which tools take part in a workload: plain copies only where the partition is one prefix.
compare_tools_for() {
  local tool
  for tool in $COMPARE_TOOLS; do
    case "$1:$tool" in
      *:tableload-one) [ "$1" != concurrent30 ] || echo "$tool" ;;
      part8:* | part1000:*) echo "$tool" ;;
      prune20k:awscli | prune20k:tm-crt | prune20k:curl) ;;
      prune20k:*) echo "$tool" ;;
      where5:tableload | where5:tableload-daemon | where5:spark | where5:pyarrow | where5:polars) echo "$tool" ;;
      concurrent30:tableload | concurrent30:tableload-daemon | concurrent30:spark | concurrent30:pyarrow \
        | concurrent30:polars) echo "$tool" ;;
    esac
  done
}

# SPECs as SQL: "a=1,b=2" lines into "(a = '1' AND b = '2') OR (...)".
specs_as_sql() {
  awk -F, '{
    s = "";
    for (i = 1; i <= NF; i++) { split($i, kv, "="); s = s (i > 1 ? " AND " : "") kv[1] " = '\''" kv[2] "'\''" }
    printf "%s(%s)", (NR > 1 ? " OR " : ""), s
  }' <<<"$1"
}

partition_args() {
  local spec
  while IFS= read -r spec; do printf -- '--partition\n%s\n' "$spec"; done <<<"$1"
}

# cmp_TOOL DEST: one run of a tool on the current workload, its rows or files under DEST.
cmp_tableload() {
  local -a parts
  mapfile -t parts < <(partition_args "$W_SPECS")
  if [ "$W_KIND" = extract ]; then
    "$ROOT/tableload" --table "$W_TABLE" "${parts[@]}" --where "${W_WHERE%%=*} = '${W_WHERE#*=}'" \
      --output "$1/out.parquet" --path-style >/dev/null
  else
    "$ROOT/tableload" --table "$W_TABLE" "${parts[@]}" --dest "$1" --path-style >/dev/null
  fi
}

# The same command, run by the daemon (daemon_start).
cmp_tableload_daemon() {
  TABLELOAD_DAEMON=on cmp_tableload "$1"
}

cmp_tableload_api() {
  local -a specs
  mapfile -t specs <<<"$W_SPECS"
  java -cp "$ROOT/cli/target/tableload.jar:$WORK/stream-records" StreamRecords "$W_TABLE" "${specs[@]}" >"$1/rows.txt"
}

cmp_tableload_api_any() {
  local -a specs
  mapfile -t specs <<<"$W_SPECS"
  java -cp "$ROOT/cli/target/tableload.jar:$WORK/stream-records" StreamRecords --any-order "$W_TABLE" "${specs[@]}" \
    >"$1/rows.txt"
}

cmp_spark() {
  local sql="SELECT * FROM $W_TABLE WHERE ($(specs_as_sql "$W_SPECS"))"
  [ -z "$W_WHERE" ] || sql="$sql AND ${W_WHERE%%=*} = '${W_WHERE#*=}'"
  "$BENCH/sql-engine/extract" --metastore "$TABLELOAD_METASTORE" --endpoint "$AWS_ENDPOINT_URL_S3" \
    --sql "$sql" --out "$1/spark"
}

cmp_python() {
  local client="$1" dest="$2"
  local -a parts args=()
  mapfile -t parts < <(partition_args "$W_SPECS")
  [ -z "$W_WHERE" ] || args+=(--where "$W_WHERE")
  [ "$W_KIND" != extract ] || args+=(--output "$dest/out.parquet")
  "$PY" "$BENCH/lib/pyclients.py" "$client" --table "$W_LOCATION" "${parts[@]}" "${args[@]}" >"$dest/rows.txt"
}
cmp_pyarrow() { cmp_python pyarrow "$1"; }
cmp_polars() { cmp_python polars "$1"; }

# The plain copies: the partition's prefix, with the s3copy suite's clients.
cmp_copy() {
  local tool="$1" dest="$2"
  BUCKET=$COMPARE_BUCKET S3_ENDPOINT=$AWS_ENDPOINT_URL_S3 S3_REGION=$AWS_REGION \
    "tool_${tool//-/_}" "${W_LOCATION#s3://$COMPARE_BUCKET/}/$W_SPECS" "$dest"
}
cmp_awscli() { cmp_copy awscli "$1"; }
cmp_tm_crt() { cmp_copy tm-crt "$1"; }
cmp_curl() { cmp_copy curl "$1"; }

# 30 loads at once. tableload, PyArrow and Polars: one process per country; Spark: one session
# running the 30 queries concurrently, as a shared engine would.
cmp_concurrent() {
  local tool="$1" dest="$2" spec status=0
  local -a pids=()
  if [ "$tool" = tableload-one ]; then
    # For comparison: the same 30 partitions in one tableload run (one JVM), each partition in
    # its own directory under the destination, where one job per country would pick it up.
    W_KIND=load cmp_tableload "$dest"
    return
  fi
  if [ "$tool" = spark ]; then
    local -a queries=()
    while IFS= read -r spec; do
      queries+=(--sql "SELECT * FROM $W_TABLE WHERE $(specs_as_sql "$spec")")
    done <<<"$W_SPECS"
    "$BENCH/sql-engine/extract" --concurrent --metastore "$TABLELOAD_METASTORE" \
      --endpoint "$AWS_ENDPOINT_URL_S3" --out "$dest/spark" "${queries[@]}"
    return
  fi
  while IFS= read -r spec; do
    mkdir -p "$dest/$spec"
    (W_SPECS="$spec" W_KIND=load "cmp_${tool//-/_}" "$dest/$spec") &
    pids+=($!)
  done <<<"$W_SPECS"
  for pid in "${pids[@]}"; do wait "$pid" || status=1; done
  return $status
}

# compare_run WORKLOAD TOOL REP DEST BYTES: one measured run.
compare_run() {
  local workload="$1" tool="$2" rep="$3" dest="$4" bytes="$5"
  rm -rf "$dest" && mkdir -p "$dest"
  local MEASURE_ALSO_PID=
  [ "$tool" != tableload-daemon ] || MEASURE_ALSO_PID=$DAEMON_PID
  if [ "$W_KIND" = concurrent ]; then
    measure compare "$workload" "$tool" "$rep" "$bytes" cmp_concurrent "$tool" "$dest"
  else
    measure compare "$workload" "$tool" "$rep" "$bytes" "cmp_${tool//-/_}" "$dest"
  fi
}

# rows_of DEST: the rows a run produced, counted the same way for every tool: the printed count,
# else the rows of the Parquet files it wrote.
rows_of() {
  if [ -n "$(find "$1" -name rows.txt -print -quit)" ]; then
    find "$1" -name rows.txt -exec tail -n 1 {} \; | awk '{s += $1} END {print s}'
  else
    "$PY" -c 'import sys, pyarrow.dataset as ds; print(ds.dataset(sys.argv[1], format="parquet", exclude_invalid_files=True, ignore_prefixes=[".", "_"]).count_rows())' "$1"
  fi
}

run_compare() {
  bench_sandbox_start
  mkdir -p "$WORK/stream-records"
  javac -cp "$ROOT/cli/target/tableload.jar" -d "$WORK/stream-records" "$BENCH/lib/StreamRecords.java"
  export PY
  export -f compare_workload specs_as_sql partition_args cmp_tableload cmp_tableload_api cmp_tableload_api_any cmp_spark \
    cmp_python cmp_pyarrow cmp_polars cmp_copy cmp_awscli cmp_tm_crt cmp_curl cmp_concurrent cmp_tableload_daemon
  export COMPARE_BUCKET
  case " $COMPARE_TOOLS " in *" tableload-daemon "*) daemon_start ;; esac

  local workload tool rep i bytes files plan dest="$SHM/compare" rows
  for workload in $COMPARE_WORKLOADS; do
    compare_workload "$workload"
    local -a parts
    mapfile -t parts < <(partition_args "$W_SPECS")
    plan=$("$ROOT/tableload" --table "$W_TABLE" "${parts[@]}" --dry-run --json --path-style)
    read -r files bytes < <(python3 -c 'import json,sys; p=json.load(sys.stdin); print(len(p["files"]), p["bytes"])' <<<"$plan")
    # The copies' curl needs a manifest of the partition's objects, named like its prefix.
    if [ "$W_KIND" = load ] && [ "$(wc -l <<<"$W_SPECS")" -eq 1 ]; then
      local manifest="$WORK/manifest-${W_LOCATION#s3://$COMPARE_BUCKET/}/$W_SPECS.tsv"
      mkdir -p "$(dirname "$manifest")"
      python3 -c 'import json,sys; [print(f["url"].split("/",3)[3]+"\t"+str(f["size"])+"\t-") for f in json.load(sys.stdin)["files"]]' \
        <<<"$plan" >"$manifest"
    fi
    printf '%s\t%s\t%s\t%s\t%s\n' "$workload" "$W_TABLE" "$(tr '\n' ' ' <<<"$W_SPECS" | sed 's/ $//')" "$files" "$bytes" \
      >>"$WORK/compare-workloads.tsv"
    log "compare/$workload: $W_TABLE, $files files, $bytes bytes"

    local -a tools
    mapfile -t tools < <(compare_tools_for "$workload")
    # Warm-up, and the check that every tool got the same rows (or, for copies, the same bytes).
    for tool in "${tools[@]}"; do
      log "compare/$workload: warm-up $tool"
      if compare_run "$workload" "$tool" 0 "$dest" "$bytes"; then
        case "$tool" in
          awscli | tm-crt | curl) echo "$tool: $(count_and_bytes "$dest" | awk '{print $1 " files, " $2 " bytes"}')" ;;
          tableload | tableload-daemon) if [ "$W_KIND" = extract ]; then echo "$tool: $(rows_of "$dest") rows"
                     else echo "$tool: $(data_files_and_bytes "$dest" | awk '{print $1 " files, " $2 " bytes"}')"; fi ;;
          *) echo "$tool: $(rows_of "$dest") rows" ;;
        esac >>"$WORK/verified-compare-$workload.txt"
      else
        echo "$tool: FAILED: $(tail -n 1 "$WORK/last.err")" >>"$WORK/verified-compare-$workload.txt"
      fi
    done
    cat "$WORK/verified-compare-$workload.txt" >&2

    for ((rep = 1; rep <= REPS; rep++)); do
      for ((i = 0; i < ${#tools[@]}; i++)); do
        tool=${tools[$(((i + rep) % ${#tools[@]}))]}
        compare_run "$workload" "$tool" "$rep" "$dest" "$bytes" || true
      done
      log "compare/$workload: round $rep of $REPS done"
    done
    rm -rf "$dest"
  done
  daemon_stop
}
