# Python for the Python package's tests (test/python/pytest.test.ts runs python/tests with it): a venv with
# the pinned python/requirements-ci.txt (gymnasium, pytest, torch CPU, transformers, trl, datasets,
# tokenizers), test/mcp/requirements.txt when that file exists, and ./python itself. Exports LAMSIM_PYTHON.
# The venv is kept under ~/.cache/lamsim-ci keyed by the requirement files' hash, so a rerun on the same
# machine skips the install. Sourced by .ci/run.
lamsim_python_setup() {
  local python="${PYTHON:-python3}"
  if ! "$python" -c 'import venv, ensurepip' 2>/dev/null; then
    apt-get update -qq && apt-get install -y -qq python3 python3-venv python3-pip > /dev/null
    python=python3
  fi
  local reqs=(python/requirements-ci.txt)
  [ -f test/mcp/requirements.txt ] && reqs+=(test/mcp/requirements.txt)
  local key
  key="$("$python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')-$(cat "${reqs[@]}" | sha256sum | cut -c1-16)"
  local venv="${LAMSIM_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/lamsim-ci/venv-$key}"
  # No retries against an unreachable default index: pip moves on to the configured one at once.
  local pip=("$venv/bin/python" -m pip --disable-pip-version-check --quiet --retries 0 --timeout 10)
  local started=$SECONDS
  _lamsim_quiet_pip() {
    local log status=0
    log="$(mktemp)"
    "${pip[@]}" "$@" > "$log" 2>&1 || status=$?
    grep -vE "^WARNING: (Location|Retrying)|NewConnectionError|^\s*$" "$log" >&2 || true
    rm -f "$log"
    return "$status"
  }
  if [ ! -f "$venv/.complete" ]; then
    rm -rf "$venv"
    "$python" -m venv "$venv"
    local req
    for req in "${reqs[@]}"; do
      echo "pip install -r $req"
      _lamsim_quiet_pip install --no-compile -r "$req" || { echo "30-python.sh: pip install -r $req failed" >&2; return 1; }
    done
    touch "$venv/.complete"
  fi
  # The package itself, installed as users install it (not editable), built with the venv's pinned setuptools.
  _lamsim_quiet_pip install --no-compile --no-deps --no-build-isolation --force-reinstall ./python || { echo "30-python.sh: pip install ./python failed" >&2; return 1; }
  "$venv/bin/python" -c 'import lamsim, gymnasium, trl, pytest' || { echo "30-python.sh: the venv at $venv is broken" >&2; return 1; }
  export LAMSIM_PYTHON="$venv/bin/python"
  echo "python: $("$LAMSIM_PYTHON" --version) at $venv ($((SECONDS - started)) s)"
}
lamsim_python_setup
