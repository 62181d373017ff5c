#!/usr/bin/env bash
# Installs the pinned real components scripts/e2e.sh runs generated workflows on:
#   - BuildKit buildkitd + buildctl -> .tools/e2e/bin/   (go build, scripts/buildkit-module)
#   - buildx (docker CLI plugin)    -> .tools/e2e/docker-config/cli-plugins/docker-buildx
#   - act (nektos)                  -> .tools/e2e/bin/act
#   - crane (go-containerregistry)  -> .tools/e2e/bin/crane
#   - runc, docker-registry (distribution), htpasswd, openssl, docker CLI: Debian 12 packages
#   - qemu-user (qemu-aarch64, qemu-arm for the `docker run` of test/e2e/runtime): Debian 12, pinned
#   - busybox-static (pinned): the build-platform helper stage of the build-inputs scenarios
# Idempotent and safe to run concurrently: each tool is version-checked and
# skipped when present; installs hold a lock and land by an atomic rename.
set -euo pipefail

BUILDKIT_VERSION="v0.34.2"
BUILDX_VERSION="v0.38.2"
ACT_VERSION="v0.2.89"
QEMU_USER_VERSION="1:7.2+dfsg-7+deb12u18+b3"
CRANE_VERSION="v0.22.1"
BUSYBOX_STATIC_VERSION="1:1.35.0-4+deb12u1+b1"

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
E2E_DIR="${REPO_ROOT}/.tools/e2e"
BIN_DIR="${E2E_DIR}/bin"
PLUGIN_DIR="${E2E_DIR}/docker-config/cli-plugins"

# shellcheck source=scripts/lib/apt-install.sh
source "${REPO_ROOT}/scripts/lib/apt-install.sh"

log() { printf '[install-e2e-tools] %s\n' "$*" >&2; }

mkdir -p "${BIN_DIR}" "${PLUGIN_DIR}"
exec 9>"${E2E_DIR}/.install.lock"
flock 9

# --- Debian packages ------------------------------------------------------------
# runc runs BuildKit's OCI worker; docker-registry is distribution 2.8; htpasswd
# (apache2-utils) writes the registry's bcrypt user file; openssl makes the CA.
missing=()
command -v runc >/dev/null 2>&1 || missing+=(runc)
[ -x /usr/bin/docker-registry ] || missing+=(docker-registry)
command -v htpasswd >/dev/null 2>&1 || missing+=(apache2-utils)
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
command -v docker >/dev/null 2>&1 || missing+=(docker-cli)
# A static busybox runs in a FROM scratch stage (test/e2e/scenarios/build-inputs.ts).
[ "$(dpkg-query -W -f '${Version}' busybox-static 2>/dev/null)" = "${BUSYBOX_STATIC_VERSION}" ] ||
  missing+=("busybox-static=${BUSYBOX_STATIC_VERSION}")
if [ "${#missing[@]}" -eq 0 ]; then
  log "runc, docker-registry, htpasswd, openssl and docker already installed"
else
  log "installing ${missing[*]} from apt"
  apt_install "${missing[@]}"
fi

# qemu-user runs a foreign platform's binary for the e2e `docker run`; pinned, and
# without qemu-user-binfmt (a recommendation), so the kernel itself still refuses foreign binaries.
if [ "$(dpkg-query -W -f '${Version}' qemu-user 2>/dev/null)" = "${QEMU_USER_VERSION}" ]; then
  log "qemu-user ${QEMU_USER_VERSION} already installed"
else
  log "installing qemu-user ${QEMU_USER_VERSION} from apt"
  apt_install "qemu-user=${QEMU_USER_VERSION}"
fi

require_go() { command -v go >/dev/null 2>&1 || { log "ERROR: go is required to build $1"; exit 1; }; }

# --- BuildKit ---------------------------------------------------------------------
# `go install` refuses github.com/moby/buildkit (its go.mod has exclude
# directives), so a local module requires it and repeats the excludes.
buildkit_ok() {
  [ -x "${BIN_DIR}/buildkitd" ] && [ -x "${BIN_DIR}/buildctl" ] &&
    "${BIN_DIR}/buildkitd" --version 2>/dev/null | grep -q " ${BUILDKIT_VERSION} " &&
    "${BIN_DIR}/buildctl" --version 2>/dev/null | grep -q " ${BUILDKIT_VERSION} "
}
if buildkit_ok; then
  log "BuildKit ${BUILDKIT_VERSION} already installed"
else
  require_go BuildKit
  log "building buildkitd and buildctl ${BUILDKIT_VERSION}"
  for cmd in buildkitd buildctl; do
    # Built to a temporary name and renamed, so a concurrent reader never sees half a binary.
    tmp="$(mktemp "${BIN_DIR}/${cmd}.XXXXXX")"
    (cd "${REPO_ROOT}/scripts/buildkit-module" && go build -o "${tmp}" \
      -ldflags "-X github.com/moby/buildkit/version.Version=${BUILDKIT_VERSION} -X github.com/moby/buildkit/version.Revision=${BUILDKIT_VERSION}" \
      "github.com/moby/buildkit/cmd/${cmd}")
    chmod 0755 "${tmp}"
    mv -f "${tmp}" "${BIN_DIR}/${cmd}"
  done
  buildkit_ok || { log "ERROR: BuildKit build did not report ${BUILDKIT_VERSION}"; exit 1; }
fi

# --- buildx -------------------------------------------------------------------------
buildx_ok() {
  [ -x "${PLUGIN_DIR}/docker-buildx" ] && "${PLUGIN_DIR}/docker-buildx" version 2>/dev/null | grep -q " ${BUILDX_VERSION} "
}
if buildx_ok; then
  log "buildx ${BUILDX_VERSION} already installed"
else
  require_go buildx
  log "building buildx ${BUILDX_VERSION} (about 6 minutes cold on 2 cores)"
  gobin="$(mktemp -d "${E2E_DIR}/gobin.XXXXXX")"
  GOBIN="${gobin}" go install \
    -ldflags "-X github.com/docker/buildx/version.Version=${BUILDX_VERSION} -X github.com/docker/buildx/version.Revision=${BUILDX_VERSION} -X github.com/docker/buildx/version.Package=github.com/docker/buildx" \
    "github.com/docker/buildx/cmd/buildx@${BUILDX_VERSION}"
  mv -f "${gobin}/buildx" "${PLUGIN_DIR}/docker-buildx"
  rmdir "${gobin}"
  buildx_ok || { log "ERROR: buildx build did not report ${BUILDX_VERSION}"; exit 1; }
fi

# --- act and crane ----------------------------------------------------------------
go_install_checked() {
  local name=$1 module=$2 version=$3 check=$4
  if [ -x "${BIN_DIR}/${name}" ] && "${BIN_DIR}/${name}" "${check}" 2>/dev/null | grep -q "${version#v}"; then
    log "${name} ${version} already installed"
    return
  fi
  require_go "${name}"
  log "installing ${name} ${version} with go install"
  local gobin
  gobin="$(mktemp -d "${E2E_DIR}/gobin.XXXXXX")"
  GOBIN="${gobin}" go install "${module}@${version}"
  mv -f "${gobin}/${name}" "${BIN_DIR}/${name}"
  rmdir "${gobin}"
  "${BIN_DIR}/${name}" "${check}" 2>/dev/null | grep -q "${version#v}" || { log "ERROR: ${name} does not report ${version}"; exit 1; }
}
go_install_checked act github.com/nektos/act "${ACT_VERSION}" --version
go_install_checked crane github.com/google/go-containerregistry/cmd/crane "${CRANE_VERSION}" version

# --- summary ------------------------------------------------------------------------
echo "buildkitd:       $("${BIN_DIR}/buildkitd" --version)"
echo "buildx:          $("${PLUGIN_DIR}/docker-buildx" version)"
echo "act:             $("${BIN_DIR}/act" --version)"
echo "crane:           $("${BIN_DIR}/crane" version)"
echo "runc:            $(runc --version | head -n1)"
echo "docker-registry: $(/usr/bin/docker-registry --version)"
echo "docker CLI:      $(docker --version)"
echo "qemu-user:       $(qemu-aarch64 --version | head -n1)"
echo "busybox-static:  $(dpkg-query -W -f '${Version}' busybox-static)"
