#!/usr/bin/env bash
# Install everything the project needs from its own files, then run the whole test suite.
# Works on a fresh machine; .ci/run calls exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/pip install -q --upgrade pip
.venv/bin/pip install -q -e '.[test]'

# The browser tests (tests/api/web/browser) drive Debian's chromium through Playwright; never
# `playwright install` (it downloads a browser). Install chromium from the system package
# manager only when it is missing and we may: as root, or in CI with passwordless sudo.
if [ ! -x /usr/bin/chromium ] && command -v apt-get >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium
  elif [ -n "${CI:-}" ] && sudo -n true 2>/dev/null; then
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium
  fi
fi

.venv/bin/ruff check coach api cli evals tests benchmarks scripts
.venv/bin/mypy
.venv/bin/pytest "$@"
# The eval gate: every task in both languages on the rules engine, offline, compared with the
# committed baseline and held to evals/thresholds.yaml (docs/evals.md).
.venv/bin/mus-coach eval --check --out "${EVAL_OUT:-evals/out}"
