#!/usr/bin/env bash
# How many pytest-xdist workers make test and .ci/run use: one per core, at most four
# (PYTEST_WORKERS in the environment wins; 0 runs the tests in one process).
if [ -n "${PYTEST_WORKERS:-}" ]; then
  echo "$PYTEST_WORKERS"
  exit 0
fi
n=$(nproc 2>/dev/null || echo 2)
[ "$n" -gt 4 ] && n=4
echo "$n"
