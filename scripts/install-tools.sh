#!/usr/bin/env bash
# Installs the pinned workflow-checking toolchain used by test/support/workflow-checks.ts:
#   - shellcheck (apt, used by actionlint for `run:` scripts)
#   - actionlint  -> <repo>/.tools/bin/actionlint   (go install)
#   - zizmor      -> <repo>/.tools/venv/bin/zizmor  (pip, in a venv)
# Idempotent: every step is skipped when the pinned version is already present.
# `.tools/` must be git-ignored.
set -euo pipefail

ACTIONLINT_VERSION="1.7.12"
ZIZMOR_VERSION="1.32.0"

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS_DIR="${REPO_ROOT}/.tools"
BIN_DIR="${TOOLS_DIR}/bin"
VENV_DIR="${TOOLS_DIR}/venv"

# shellcheck source=scripts/lib/apt-install.sh
source "${REPO_ROOT}/scripts/lib/apt-install.sh"

log() { printf '[install-tools] %s\n' "$*" >&2; }

mkdir -p "${BIN_DIR}"

# --- shellcheck and jq (Debian 12 packages) ---------------------------------------
# actionlint runs shellcheck on `run:` scripts; jq is what the generated
# scripts (and so the e2e runs) use. Debian 12 ships fixed versions.
missing=()
command -v shellcheck >/dev/null 2>&1 || missing+=(shellcheck)
command -v jq >/dev/null 2>&1 || missing+=(jq)
if [ "${#missing[@]}" -eq 0 ]; then
  log "shellcheck and jq already installed"
else
  log "installing ${missing[*]} from apt"
  apt_install "${missing[@]}"
fi

# --- actionlint ---------------------------------------------------------------
actionlint_ok() {
  [ -x "${BIN_DIR}/actionlint" ] &&
    "${BIN_DIR}/actionlint" -version 2>/dev/null | head -n1 | grep -qx "${ACTIONLINT_VERSION}\|v${ACTIONLINT_VERSION}"
}
if actionlint_ok; then
  log "actionlint ${ACTIONLINT_VERSION} already installed"
else
  command -v go >/dev/null 2>&1 || { log "ERROR: go is required to install actionlint"; exit 1; }
  log "installing actionlint v${ACTIONLINT_VERSION} with go install"
  GOBIN="${BIN_DIR}" go install "github.com/rhysd/actionlint/cmd/actionlint@v${ACTIONLINT_VERSION}"
  actionlint_ok || { log "ERROR: actionlint install did not produce version ${ACTIONLINT_VERSION}"; exit 1; }
fi

# --- shellcheck-dedupe -----------------------------------------------------------
# Replays shellcheck's answer for identical scripts within one actionlint batch.
if [ -x "${BIN_DIR}/shellcheck-dedupe" ] && [ "${BIN_DIR}/shellcheck-dedupe" -nt "${REPO_ROOT}/scripts/shellcheck-dedupe.go" ]; then
  log "shellcheck-dedupe up to date"
else
  log "building shellcheck-dedupe"
  go build -o "${BIN_DIR}/shellcheck-dedupe" "${REPO_ROOT}/scripts/shellcheck-dedupe.go"
fi

# --- zizmor -------------------------------------------------------------------
zizmor_ok() {
  [ -x "${VENV_DIR}/bin/zizmor" ] &&
    "${VENV_DIR}/bin/zizmor" --version 2>/dev/null | grep -q "^zizmor ${ZIZMOR_VERSION}\$"
}
if zizmor_ok; then
  log "zizmor ${ZIZMOR_VERSION} already installed"
else
  PYTHON="${PYTHON:-python3}"
  if [ ! -x "${VENV_DIR}/bin/python" ]; then
    log "creating venv ${VENV_DIR}"
    "${PYTHON}" -m venv "${VENV_DIR}"
  fi
  log "installing zizmor==${ZIZMOR_VERSION}"
  "${VENV_DIR}/bin/python" -m pip install --quiet --disable-pip-version-check "zizmor==${ZIZMOR_VERSION}"
  zizmor_ok || { log "ERROR: zizmor install did not produce version ${ZIZMOR_VERSION}"; exit 1; }
fi

# --- summary ------------------------------------------------------------------
echo "shellcheck: $(shellcheck --version | sed -n 's/^version: //p')"
echo "jq:         $(jq --version)"
echo "actionlint: $("${BIN_DIR}/actionlint" -version | head -n1)"
echo "zizmor:     $("${VENV_DIR}/bin/zizmor" --version)"
