#!/usr/bin/env bash
# Run the test suite under another Python (PYTHON=python3.12 bash scripts/check_python.sh), in a fresh
# virtualenv with today's releases of every dependency.
set -euo pipefail
cd "$(dirname "$0")/.."
python="${PYTHON:?set PYTHON to the interpreter to test, e.g. PYTHON=python3.12}"
venv=".venv-$("$python" -c 'import sys; print(f"py{sys.version_info[0]}{sys.version_info[1]}")')"
rm -rf "$venv"
"$python" -m venv "$venv"
"$venv/bin/pip" install -q -e '.[test]'
"$venv/bin/python" -m pytest -q -p no:cacheprovider "$@"
