# Shared helpers: logging, timing one client run, checking what it downloaded.
# Needs: WORK (this run's scratch directory), MEASUREMENTS (the TSV every run appends to).

log() {
  printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2
}

die() {
  log "error: $*"
  exit 1
}

# measure SUITE DATASET TOOL REP BYTES COMMAND...
# Runs COMMAND once under GNU time and appends one row to $MEASUREMENTS: wall seconds, user and
# system CPU seconds and peak RSS (KiB) of the command's process tree. GNU time reports the
# largest single process's RSS, which for the JVM and Python clients is the client itself.
# Returns the command's exit status; its output is kept in $WORK/last.out / last.err.
# COMMAND may be a shell function exported with `export -f`: it then runs in a child bash.
# With MEASURE_ALSO_PID set, that process (a resident one the command hands its work to) counts
# too: its CPU during the run is added, and its peak RSS during the run (the kernel's peak is
# reset as the run starts) taken when larger.
measure() {
  local suite="$1" dataset="$2" tool="$3" rep="$4" bytes="$5"
  shift 5
  if declare -F "$1" >/dev/null; then
    set -- bash -c '"$@"' bash "$@"
  fi
  local timing="$WORK/time.txt" start end status=0 also_before=
  if [ -n "${MEASURE_ALSO_PID:-}" ]; then
    echo 5 >"/proc/$MEASURE_ALSO_PID/clear_refs" # resets VmHWM to the current RSS
    also_before=$(cpu_ticks_of "$MEASURE_ALSO_PID")
  fi
  start=$(date +%s.%N)
  /usr/bin/time -f '%U %S %M' -o "$timing" "$@" >"$WORK/last.out" 2>"$WORK/last.err" || status=$?
  end=$(date +%s.%N)
  # On failure GNU time writes a "Command exited with..." line first; the numbers are the last line.
  local user sys rss
  read -r user sys rss < <(tail -n 1 "$timing")
  if [ -n "$also_before" ]; then
    local ticks_per_s also_after also_sys also_sys_before also_rss
    ticks_per_s=$(getconf CLK_TCK)
    read -r also_after also_sys < <(cpu_ticks_of "$MEASURE_ALSO_PID")
    read -r also_before also_sys_before <<<"$also_before"
    user=$(echo "$user + ($also_after - $also_before) / $ticks_per_s" | bc -l)
    sys=$(echo "$sys + ($also_sys - $also_sys_before) / $ticks_per_s" | bc -l)
    also_rss=$(awk '/^VmHWM:/ {print $2}' "/proc/$MEASURE_ALSO_PID/status")
    [ "${also_rss:-0}" -le "$rss" ] || rss=$also_rss
  fi
  local wall
  wall=$(echo "$end - $start" | bc -l)
  printf '%s\t%s\t%s\t%s\t%.3f\t%s\t%s\t%s\t%s\t%s\n' "$suite" "$dataset" "$tool" "$rep" "$wall" \
    "$user" "$sys" "$rss" "$bytes" "$([ $status -eq 0 ] && echo ok || echo "exit-$status")" >>"$MEASUREMENTS"
  if [ $status -ne 0 ]; then
    log "$tool on $dataset (rep $rep) failed with exit $status:"
    tail -n 5 "$WORK/last.err" >&2
  fi
  return $status
}

# cpu_ticks_of PID: "USER SYSTEM" CPU of a running process, in clock ticks (/proc/PID/stat).
cpu_ticks_of() {
  # The command name, in parentheses, may hold spaces: count fields after its closing one.
  sed 's/.*) //' "/proc/$1/stat" | awk '{print $12, $13}'
}

# count_and_bytes DIR: prints "FILES BYTES" for the regular files under DIR. (%.0f, not %d:
# mawk caps %d at 2^31-1, which would make a 2 GiB download look like a shorter one.)
count_and_bytes() {
  find "$1" -type f -printf '%s\n' | awk '{n++; b+=$1} END {printf "%d %.0f\n", n, b}'
}

# verify_download TOOL DIR MANIFEST: checks DIR holds as many bytes (and files) as MANIFEST lists,
# and that the first and last objects' MD5 match. Files are matched by name (unique within a
# data set), since clients lay out prefixes differently; an object fetched as ranged part files
# (NAME.part-NN, the curl ceiling) is checked as the concatenation of its parts. Prints one line
# for the report and fails when something does not match.
verify_download() {
  local tool="$1" dir="$2" manifest="$3"
  local want_files want_bytes got_files got_bytes
  read -r want_files want_bytes < <(awk -F'\t' '{n++; b+=$2} END {printf "%d %.0f\n", n, b}' "$manifest")
  read -r got_files got_bytes < <(count_and_bytes "$dir")
  if [ "$got_bytes" != "$want_bytes" ] || { [ "$got_files" != "$want_files" ] &&
      [ -z "$(find "$dir" -type f -name '*.part-*' -print -quit)" ]; }; then
    echo "FAILED: $tool wrote $got_files files, $got_bytes bytes; expected $want_files files, $want_bytes bytes"
    return 1
  fi
  local line key size md5 name file actual checked=0
  for line in "$(head -n 1 "$manifest")" "$(tail -n 1 "$manifest")"; do
    IFS=$'\t' read -r key size md5 <<<"$line"
    name=$(basename "$key")
    file=$(find "$dir" -type f -name "$name" | head -n 1)
    if [ -n "$file" ]; then
      actual=$(md5sum <"$file" | cut -d' ' -f1)
    elif [ -n "$(find "$dir" -type f -name "$name.part-*" -print -quit)" ]; then
      actual=$(find "$dir" -type f -name "$name.part-*" | sort | xargs cat | md5sum | cut -d' ' -f1)
    else
      echo "FAILED: $tool: no local file for $key"
      return 1
    fi
    if [ "$actual" != "$md5" ]; then
      echo "FAILED: $tool: $key has MD5 $actual, expected $md5"
      return 1
    fi
    checked=$((checked + 1))
  done
  echo "ok: $tool: $got_files files, $got_bytes bytes, MD5 of first and last object match"
}

# daemon_start / daemon_stop: the `tableload daemon` that the tableload-daemon tool hands its
# commands to, in the environment of the suite, as a user would start it (DAEMON_PID: its JVM).
daemon_start() {
  TABLELOAD_DAEMON= "$ROOT/tableload" daemon --idle-timeout 2h >"$WORK/daemon.out" 2>"$WORK/daemon.err" &
  DAEMON_PID=$!
  local i
  for ((i = 0; i < 600; i++)); do
    [ ! -s "$WORK/daemon.out" ] || { log "tableload daemon at $(cat "$WORK/daemon.out")"; return; }
    kill -0 "$DAEMON_PID" 2>/dev/null || die "tableload daemon did not start: $(cat "$WORK/daemon.err")"
    sleep 0.1
  done
  die "tableload daemon did not listen within 60 s"
}

daemon_stop() {
  [ -n "${DAEMON_PID:-}" ] || return 0
  TABLELOAD_DAEMON= "$ROOT/tableload" daemon --stop >/dev/null 2>&1 || kill "$DAEMON_PID" 2>/dev/null || true
  wait "$DAEMON_PID" 2>/dev/null || true
  DAEMON_PID=
}
