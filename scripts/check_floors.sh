#!/usr/bin/env bash
# Install the exact lower bounds of the runtime dependencies declared in pyproject.toml (with today's test
# tools) in a fresh virtualenv, and run the test suite there: the declared floors are the tested ones.
set -euo pipefail
cd "$(dirname "$0")/.."
venv="${FLOORS_VENV:-.venv-floors}"
python="${PYTHON:-python3}"
constraints="$(mktemp)"
trap 'rm -f "$constraints"' EXIT
"$python" - > "$constraints" <<'PY'
import re
import tomllib

for requirement in tomllib.load(open("pyproject.toml", "rb"))["project"]["dependencies"]:
    match = re.match(r"\s*([A-Za-z0-9_.-]+)\s*(?:\[[^]]*\])?\s*.*?>=\s*([^,;\s]+)", requirement)
    if not match:
        raise SystemExit(f"check_floors: {requirement!r} declares no lower bound")
    print(f"{match.group(1)}=={match.group(2)}")
PY
echo "check_floors: testing with $(tr '\n' ' ' < "$constraints")"
rm -rf "$venv"
"$python" -m venv "$venv"
"$venv/bin/pip" install -q -c "$constraints" -e '.[test]'
"$venv/bin/python" - "$constraints" <<'PY'
import sys
from importlib.metadata import version

for line in open(sys.argv[1]):
    name, wanted = line.strip().split("==")
    if version(name) != wanted:
        raise SystemExit(f"check_floors: {name} {version(name)} is installed, not the floor {wanted}")
PY
# The README's cfn-lint column is measured with today's cfn-lint (the main run checks it); at these floors pip
# picks an older cfn-lint, which knows fewer rules, so that one comparison is left to the main run.
"$venv/bin/python" -m pytest -q -p no:cacheprovider \
    --deselect tests/test_validate.py::test_checks_table_matches_a_fresh_cfn_lint_run "$@"
