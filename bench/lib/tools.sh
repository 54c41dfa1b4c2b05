# The download clients compared by the s3copy suite. Each tool_NAME takes a data set's prefix
# (a directory of the bucket $BUCKET) and an empty destination directory, downloads everything
# under the prefix into it and exits non-zero on failure. To add a client, add a function here
# and its name to the tool list in bench/run (or --tools).
#
# Needs: ROOT, S3_ENDPOINT, S3_REGION, BUCKET, TM_CLASSPATH; credentials in AWS_ACCESS_KEY_ID /
# AWS_SECRET_ACCESS_KEY. Over HTTPS (bench/run --tls) the server's certificate is trusted through
# S3_CA_PEM (curl), AWS_CA_BUNDLE (awscli) and TABLELOAD_JAVA_OPTS's trust store (tableload),
# which suites/s3copy.sh sets.

# tableload's engine through its command line, with its defaults.
tool_tableload() {
  "$ROOT/tableload" s3 get --recursive "s3://$BUCKET/$1/" --dest "$2" \
    --endpoint "$S3_ENDPOINT" --path-style --region "$S3_REGION" >/dev/null
}

# The same command, handed to the `tableload daemon` the suite started (a warm JVM).
tool_tableload_daemon() {
  TABLELOAD_DAEMON=on tool_tableload "$@"
}

# awscli v1 with its defaults (10 concurrent requests, 8 MiB multipart threshold and chunks).
tool_awscli() {
  aws s3 cp --recursive "s3://$BUCKET/$1/" "$2" --endpoint-url "$S3_ENDPOINT" \
    --only-show-errors --no-progress
}

# The AWS SDK v2 S3 Transfer Manager's downloadDirectory on the CRT-based client (what its
# documentation recommends), defaults otherwise.
tool_tm_crt() {
  java -cp "$TM_CLASSPATH" bench.DownloadDirectory crt "$S3_ENDPOINT" "$BUCKET" "$1/" "$2"
}

# The same on the Java-based async client with multipart downloads enabled.
tool_tm_java() {
  java -cp "$TM_CLASSPATH" bench.DownloadDirectory java "$S3_ENDPOINT" "$BUCKET" "$1/" "$2"
}

# The ceiling: 16 curl processes at once. Many objects are shared out among them (each curl
# reuses its connection for its share); a single object is fetched as 16 ranges, each into its
# own file, so there is no reassembly cost at all. curl 7.88 does not send the payload hash
# S3Proxy requires, hence the explicit header (the SHA-256 of an empty body).
CURL_PARALLEL=16
tool_curl() {
  local prefix="$1" dest="$2" manifest="$WORK/manifest-$1.tsv"
  local -a sign=(-s --fail -H "x-amz-content-sha256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    --aws-sigv4 "aws:amz:$S3_REGION:s3" --user "$AWS_ACCESS_KEY_ID:$AWS_SECRET_ACCESS_KEY")
  [ -z "${S3_CA_PEM:-}" ] || sign+=(--cacert "$S3_CA_PEM")
  local count
  count=$(wc -l <"$manifest")
  if [ "$count" -eq 1 ]; then
    local key size part
    IFS=$'\t' read -r key size _ <"$manifest"
    part=$(( (size + CURL_PARALLEL - 1) / CURL_PARALLEL ))
    for ((i = 0; i < CURL_PARALLEL; i++)); do
      local last=$(( (i + 1) * part - 1 < size - 1 ? (i + 1) * part - 1 : size - 1 ))
      printf -- '-r %d-%d -o %s/%s.part-%02d %s\n' $((i * part)) "$last" "$dest" "$(basename "$key")" "$i" \
        "$S3_ENDPOINT/$BUCKET/$key"
    done | xargs -P "$CURL_PARALLEL" -L 1 curl "${sign[@]}" || return 1
    # Belt and braces: every range must have arrived whole.
    [ "$(count_and_bytes "$dest")" = "$CURL_PARALLEL $size" ]
  else
    local per=$(( (count + CURL_PARALLEL - 1) / CURL_PARALLEL ))
    cut -f1 "$manifest" | sed "s|^|$S3_ENDPOINT/$BUCKET/|" \
      | xargs -P "$CURL_PARALLEL" -n "$per" curl "${sign[@]}" --remote-name-all --output-dir "$dest"
  fi
}
