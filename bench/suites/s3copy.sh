# Suite "s3copy" (issue 2): the same objects downloaded from S3Proxy into tmpfs by tableload's
# engine and by the other clients in lib/tools.sh, interleaved, after a warm-up run that also
# verifies each client's bytes.
#
# Needs: the lib/*.sh helpers, WORK, SHM (tmpfs scratch), REPS, QUICK, S3COPY_TOOLS, S3COPY_DATASETS.

BUCKET=bench

# dataset_shape NAME: prints "COUNT SIZE_BYTES" of a data set; quick mode shrinks them.
dataset_shape() {
  local mib=$((1024 * 1024))
  case "$1:$QUICK" in
    big16:0) echo "16 $((128 * mib))" ;;
    big16:1) echo "16 $((16 * mib))" ;;
    small2000:0) echo "2000 $mib" ;;
    small2000:1) echo "200 $mib" ;;
    one2g:0) echo "1 $((2048 * mib))" ;;
    one2g:1) echo "1 $((256 * mib))" ;;
    *) die "unknown data set $1 (known: big16 small2000 one2g)" ;;
  esac
}

# seed_dataset NAME: writes the objects straight into the store (see lib/seed_store.py) from an
# AES-CTR keystream, which is incompressible and much faster to make than /dev/urandom.
seed_dataset() {
  local name="$1" count size dir
  read -r count size < <(dataset_shape "$name")
  dir="$STORE/$BUCKET/$name"
  mkdir -p "$dir"
  # openssl dies of SIGPIPE when head has had enough: that is the normal end here.
  { openssl enc -aes-128-ctr -nosalt -pbkdf2 -pass "pass:$name" -in /dev/zero 2>/dev/null || true; } \
    | head -c $((count * size)) | split -b "$size" -d -a 4 - "$dir/obj-"
  python3 "$BENCH/lib/seed_store.py" "$STORE/$BUCKET" "$name" >"$WORK/manifest-$name.tsv"
  [ "$(wc -l <"$WORK/manifest-$name.tsv")" -eq "$count" ] || die "seeding $name made the wrong number of objects"
}

run_s3copy() {
  STORE="$SHM/store"
  mkdir -p "$STORE/$BUCKET"
  s3proxy_start "$STORE"
  log "S3Proxy at $S3_ENDPOINT, store $STORE"
  export S3_ENDPOINT S3_REGION BUCKET
  export AWS_ACCESS_KEY_ID="$S3_ACCESS_KEY" AWS_SECRET_ACCESS_KEY="$S3_SECRET_KEY" AWS_REGION="$S3_REGION"
  if [ "$TLS" = 1 ]; then
    # Every client checks the certificate, as against S3, trusting only this one.
    export S3_CA_PEM AWS_CA_BUNDLE="$S3_CA_PEM" TABLELOAD_JAVA_OPTS="-Djavax.net.ssl.trustStore=$S3_TRUST_STORE \
-Djavax.net.ssl.trustStoreType=PKCS12 -Djavax.net.ssl.trustStorePassword=$S3_TRUST_PASSWORD"
  fi
  # tableload-daemon hands its commands to one daemon, started in the same environment, so that
  # the warm-up warms it; its CPU and peak RSS during each run are counted with the command's.
  case " $S3COPY_TOOLS " in *" tableload-daemon "*) daemon_start ;; esac

  local dataset tool rep i bytes count size dest="$SHM/dest"
  for dataset in $S3COPY_DATASETS; do
    read -r count size < <(dataset_shape "$dataset")
    bytes=$((count * size))
    log "s3copy/$dataset: seeding $count x $size bytes"
    seed_dataset "$dataset"
    printf '%s\t%s\t%s\n' "$dataset" "$count" "$size" >>"$WORK/s3copy-datasets.tsv"

    # Warm-up: every client once (JIT-free, but page tables, tmpfs pages, S3Proxy's JIT and
    # connection pools warm), and the only run whose bytes are checked in full.
    for tool in $S3COPY_TOOLS; do
      rm -rf "$dest" && mkdir -p "$dest"
      log "s3copy/$dataset: warm-up $tool"
      if MEASURE_ALSO_PID=$(daemon_pid_for "$tool") measure s3copy "$dataset" "$tool" 0 "$bytes" "tool_${tool//-/_}" "$dataset" "$dest"; then
        verify_download "$tool" "$dest" "$WORK/manifest-$dataset.tsv" | tee -a "$WORK/verified-$dataset.txt" >&2 || true
      else
        echo "FAILED: $tool exited non-zero: $(tail -n 1 "$WORK/last.err")" >>"$WORK/verified-$dataset.txt"
      fi
    done

    # Measured runs, interleaved, the order rotated each round so no client always goes first.
    local -a tools=($S3COPY_TOOLS)
    for ((rep = 1; rep <= REPS; rep++)); do
      for ((i = 0; i < ${#tools[@]}; i++)); do
        tool=${tools[$(((i + rep) % ${#tools[@]}))]}
        rm -rf "$dest" && mkdir -p "$dest"
        MEASURE_ALSO_PID=$(daemon_pid_for "$tool") measure s3copy "$dataset" "$tool" "$rep" "$bytes" "tool_${tool//-/_}" \
          "$dataset" "$dest" || true
        # Sizes on every run, so a fast-but-wrong run cannot count.
        if [ "$(count_and_bytes "$dest" | cut -d' ' -f2)" != "$bytes" ]; then
          log "s3copy/$dataset: $tool rep $rep wrote the wrong number of bytes"
          sed -i '$ s/\tok$/\twrong-bytes/' "$MEASUREMENTS"
        fi
      done
      log "s3copy/$dataset: round $rep of $REPS done"
    done
    rm -rf "$dest" "${STORE:?}/$BUCKET/$dataset"
  done
  daemon_stop
  s3proxy_stop
  rm -rf "$STORE"
}

# daemon_pid_for TOOL: the daemon's pid for tableload-daemon, else nothing.
daemon_pid_for() {
  [ "$1" != tableload-daemon ] || echo "$DAEMON_PID"
}
