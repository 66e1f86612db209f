# Sourced by .ci/run. The package installs as users install it, each giving a working `lamsim`:
#   a clone + `npm ci` (the `prepare` script builds dist), a git URL, and an `npm pack` tarball,
# the last two into a fresh project. Packages come from npm's cache where it has them.
install_check_dir="$(mktemp -d)"
install_check_cleanup() { rm -rf "$install_check_dir"; }
on_exit install_check_cleanup

install_check() {
  local repo="$PWD" dir="$install_check_dir" npm_flags=(--prefer-offline --no-audit --no-fund --loglevel=error)
  git clone -q "$repo" "$dir/clone"
  (cd "$dir/clone" && npm ci "${npm_flags[@]}" > /dev/null && npx --no-install lamsim --help > /dev/null) \
    || { echo "install check: npm ci in a clone gives no working lamsim" >&2; return 1; }
  echo "install check: clone + npm ci -> lamsim ok"

  (cd "$dir/clone" && npm pack --ignore-scripts --silent --pack-destination "$dir" > /dev/null)
  mkdir "$dir/from-tarball" "$dir/from-git"
  (cd "$dir/from-tarball" && npm init -y > /dev/null && npm install "${npm_flags[@]}" "$dir"/lamsim-*.tgz > /dev/null && npx --no-install lamsim --help > /dev/null) \
    || { echo "install check: the npm pack tarball gives no working lamsim" >&2; return 1; }
  echo "install check: npm pack tarball -> npx lamsim ok"

  (cd "$dir/from-git" && npm init -y > /dev/null && npm install "${npm_flags[@]}" "git+file://$dir/clone" > /dev/null && npx --no-install lamsim --help > /dev/null) \
    || { echo "install check: installing from a git URL gives no working lamsim" >&2; return 1; }
  echo "install check: git URL -> npx lamsim ok"
}
in_background "install check" install_check
