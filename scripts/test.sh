#!/usr/bin/env bash
# Install everything the project needs from its own files, then run the whole test suite.
# Works on a fresh machine; .ci/run calls exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/pip install -q --upgrade pip
.venv/bin/pip install -q -e '.[test]'

.venv/bin/ruff check coach api evals tests benchmarks
.venv/bin/mypy
.venv/bin/pytest "$@"
