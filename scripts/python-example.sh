#!/usr/bin/env bash
# The Python consumer: installs the wheel built from this checkout
# (dist/python, written by `npx projen build` / `npx projen package:python`)
# and projen's Python package (pinned) into a virtual environment, runs
# examples/qm-nmr-calc-py/.projenrc.py, and fails unless the workflow it writes
# is byte for byte the TypeScript example's. The one line allowed to differ is
# projen's marker, which names the projenrc to edit (.projenrc.py).
#
# Usage: scripts/python-example.sh      (Python 3 with venv, and Node)
set -Eeuo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
EXAMPLE_DIR="${REPO_ROOT}/examples/qm-nmr-calc-py"
TS_WORKFLOW="${REPO_ROOT}/examples/qm-nmr-calc/.github/workflows/publish-images.yml"
PY_WORKFLOW="${EXAMPLE_DIR}/.github/workflows/publish-images.yml"
VENV="${EXAMPLE_DIR}/.venv"

log() { printf '[python-example] %s\n' "$*" >&2; }

shopt -s nullglob
wheels=("${REPO_ROOT}"/dist/python/projen_multiarch_publisher-*.whl)
if [ "${#wheels[@]}" -ne 1 ]; then
  log "expected one wheel in dist/python, found ${#wheels[@]}; run 'npx projen build' (or 'npx projen compile && npx projen package:python') first"
  exit 1
fi

if [ ! -x "${VENV}/bin/python" ]; then
  log "creating ${VENV#"${REPO_ROOT}"/}"
  python3 -m venv "${VENV}"
fi
# Pinned tools first, then this checkout's wheel (reinstalled: its version number does not change between builds).
"${VENV}/bin/python" -m pip install --quiet --disable-pip-version-check -r "${EXAMPLE_DIR}/requirements.txt"
"${VENV}/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps --force-reinstall "${wheels[0]}"

log "synthesizing with python .projenrc.py"
(cd "${EXAMPLE_DIR}" && JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION=1 "${VENV}/bin/python" .projenrc.py)

expected="$(mktemp)"
trap 'rm -f "${expected}"' EXIT
sed '1s/edit \.projenrc\.ts and/edit .projenrc.py and/' "${TS_WORKFLOW}" > "${expected}"
if ! cmp -s "${expected}" "${PY_WORKFLOW}"; then
  log "the Python example's workflow differs from the TypeScript example's:"
  diff "${expected}" "${PY_WORKFLOW}" >&2 || true
  exit 1
fi
log "examples/qm-nmr-calc-py writes the same workflow as examples/qm-nmr-calc ($(wc -c < "${PY_WORKFLOW}" | tr -d ' ') bytes)"
