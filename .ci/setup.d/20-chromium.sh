# Sourced by .ci/run. The viewer tests load pages in a real headless Chromium (Debian's package,
# driven over the DevTools protocol through a pipe): install it when missing, and export its path.
if ! command -v chromium > /dev/null 2>&1; then
  echo "installing chromium"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium > /dev/null
fi
CHROMIUM="$(command -v chromium)"
export CHROMIUM
echo "chromium: $CHROMIUM"
