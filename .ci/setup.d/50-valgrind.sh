# Sourced by .ci/run. The `instructions` benchmark counts instructions under valgrind's callgrind (its
# quick mode runs in test/benchmarks/smoke.test.ts): Debian's valgrind, installed when missing.
if ! command -v valgrind > /dev/null 2>&1 || ! command -v callgrind_control > /dev/null 2>&1; then
  echo "installing valgrind"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq valgrind > /dev/null
fi
echo "valgrind: $(valgrind --version)"
