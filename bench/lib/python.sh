# The benchmark's own Python: a virtual environment with PyArrow, Polars (the compare suite's
# dataframe clients) and matplotlib (the chart), kept under $TABLE_CACHE/venv.
#
# Needs: TABLE_CACHE, log/die.

PYTHON_PACKAGES="pyarrow==25.0.1 polars==1.44.2 matplotlib==3.11.2"

# python_env: creates the environment once (or when the pins change) and sets PY to its python.
python_env() {
  local venv="$TABLE_CACHE/venv"
  PY="$venv/bin/python"
  if [ -x "$PY" ] && [ "$(cat "$venv/pins.txt" 2>/dev/null)" = "$PYTHON_PACKAGES" ]; then
    return
  fi
  log "creating the Python environment $venv ($PYTHON_PACKAGES)"
  rm -rf "$venv"
  python3 -m venv "$venv" || die "python3 -m venv failed (Debian: apt-get install python3-venv)"
  # shellcheck disable=SC2086
  "$venv/bin/pip" install --quiet --disable-pip-version-check $PYTHON_PACKAGES \
    || die "pip could not install $PYTHON_PACKAGES"
  echo "$PYTHON_PACKAGES" >"$venv/pins.txt"
}
