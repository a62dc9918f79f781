#!/usr/bin/env bash
# Smoke-test a built Linux bundle offscreen: its version, the start-up self-test on a demo case file,
# a PDF imported through the bundle's worker processes (then found by its text), and the case file
# encrypted with the bundle's SQLCipher and read again with its passphrase.
#
#   packaging/smoke_test.sh [dist/casedesk/casedesk]
#
# Needs a Python with reportlab to write the test PDF ($PYTHON, default .venv/bin/python).
set -euo pipefail
cd "$(dirname "$0")/.."
bundle="${1:-dist/casedesk/casedesk}"
PYTHON="${PYTHON:-.venv/bin/python}"
export QT_QPA_PLATFORM=offscreen
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "-- $bundle --version"
"$bundle" --version | grep -q "^casedesk [0-9]"

echo "-- selftest on a demo case file"
"$bundle" demo --db "$work/demo.sqlite" --cases 20 --today 2026-11-21 >/dev/null
"$bundle" selftest --db "$work/demo.sqlite"

echo "-- importing a PDF (document reader workers inside the bundle)"
"$PYTHON" - "$work/record.pdf" <<'PY'
import sys
from reportlab.pdfgen import canvas

page = canvas.Canvas(sys.argv[1])
page.drawString(72, 720, "Discharge summary: cervical strain, smoketest")
page.save()
PY
case_number=$("$bundle" cases --db "$work/demo.sqlite" --json | "$PYTHON" -c "import json, sys; print(json.load(sys.stdin)[0]['number'])")
"$bundle" import --db "$work/demo.sqlite" --case "$case_number" "$work/record.pdf" --json > "$work/import.json"
"$PYTHON" - "$work/import.json" <<'PY'
import json, sys

(outcome,) = json.load(open(sys.argv[1], encoding="utf-8"))
assert outcome["status"] == "imported" and outcome["pages"] == 1, outcome
PY
"$bundle" search --db "$work/demo.sqlite" --json smoketest | "$PYTHON" -c "
import json, sys
hits = json.load(sys.stdin)['hits']
assert [hit['document'] for hit in hits] == ['record.pdf'], hits"

echo "-- encrypting the case file (SQLCipher inside the bundle)"
export CASEDESK_PASSPHRASE="smoke test passphrase"
"$bundle" encrypt --db "$work/demo.sqlite" >/dev/null
if grep -q "SQLite format 3" "$work/demo.sqlite"; then
  echo "the encrypted case file still has a plain SQLite header" >&2
  exit 1
fi
"$bundle" search --db "$work/demo.sqlite" --json smoketest | "$PYTHON" -c "
import json, sys
hits = json.load(sys.stdin)['hits']
assert [hit['document'] for hit in hits] == ['record.pdf'], hits"
if CASEDESK_PASSPHRASE="wrong" "$bundle" cases --db "$work/demo.sqlite" >/dev/null 2>&1; then
  echo "a wrong passphrase opened the encrypted case file" >&2
  exit 1
fi
echo "-- bundle smoke test passed"
