#!/usr/bin/env bash
# Runs generated workflows for real (test/e2e/): nektos/act executes each
# workflow file with every job on this host, the build steps run the real
# buildx against a real BuildKit daemon, and the images go to real registries
# (distribution, TLS from a local CA, htpasswd users), read back with crane.
#
# Everything of one run is its own: a temporary directory, a network namespace
# (so every port is free in it), its own BuildKit socket; every server binds 127.0.0.1 and is
# stopped on exit. Usage: bash scripts/e2e.sh [scenario-name...]
set -euo pipefail
REPO_ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "${REPO_ROOT}"

if [ -z "${E2E_IN_NAMESPACE:-}" ]; then
  bash scripts/install-e2e-tools.sh > "${TMPDIR:-/tmp}/e2e-install.$$.log" 2>&1 || { cat "${TMPDIR:-/tmp}/e2e-install.$$.log" >&2; exit 1; }
  rm -f "${TMPDIR:-/tmp}/e2e-install.$$.log"
  # The tools' install time (near 0 when present; a cold figure on a fresh machine).
  echo "e2e: tools ready in ${SECONDS} s"
  # The run gets a network namespace of its own (only a loopback interface, so
  # no traffic can leave it and no port is shared with another run) and a
  # mount namespace whose /etc/hosts names ghcr.io and the second registry 127.0.0.1.
  exec env E2E_IN_NAMESPACE=1 unshare --mount --net --propagation private bash "$0" "$@"
fi
ip link set lo up 2>/dev/null || true
TOOLS="${REPO_ROOT}/.tools/e2e"

RUN_DIR="$(mktemp -d "${TMPDIR:-/tmp}/e2e-run.XXXXXX")"
PIDS=()
cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do kill "${pid}" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "${pid}" 2>/dev/null || true; done
  # BuildKit leaves read-only snapshot mounts behind only if it was killed hard.
  rm -rf "${RUN_DIR}" 2>/dev/null || { umount -R "${RUN_DIR}"/buildkit/* 2>/dev/null; rm -rf "${RUN_DIR}"; } || true
}
trap cleanup EXIT

wait_for() {
  local what=$1 tries=0; shift
  until "$@" >/dev/null 2>&1; do
    tries=$((tries + 1))
    if [ "${tries}" -ge 100 ]; then echo "e2e: ${what} did not start; its log:" >&2; cat "${RUN_DIR}/${what}.log" >&2; exit 1; fi
    sleep 0.1
  done
}

# --- names: ghcr.io and the second registry are 127.0.0.1 inside this namespace only --------
SECOND_HOST="mirror.e2e.test"
# Docker Hub under the names the clients resolve docker.io to (the docker CLI logs in and
# BuildKit and buildx push at registry-1.docker.io, crane reads index.docker.io; nothing
# asks for docker.io itself) and one ECR host: all served by the registry on 443, whose
# store ghcr.io shares (repositories stay apart: a namespace of its own per name).
HUB_HOSTS="index.docker.io registry-1.docker.io"
ECR_HOST="123456789012.dkr.ecr.us-east-1.amazonaws.com"
{ cat /etc/hosts; echo "127.0.0.1 ghcr.io ${SECOND_HOST} ${HUB_HOSTS} ${ECR_HOST}"; } > "${RUN_DIR}/hosts"
mount --bind "${RUN_DIR}/hosts" /etc/hosts

# --- a local CA and a server certificate for both registries -------------------------------
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=e2e local CA" \
  -keyout "${RUN_DIR}/ca.key" -out "${RUN_DIR}/ca.pem" 2>/dev/null
openssl req -newkey rsa:2048 -nodes -subj "/CN=127.0.0.1" \
  -keyout "${RUN_DIR}/registry.key" -out "${RUN_DIR}/registry.csr" 2>/dev/null
openssl x509 -req -in "${RUN_DIR}/registry.csr" -CA "${RUN_DIR}/ca.pem" -CAkey "${RUN_DIR}/ca.key" -CAcreateserial \
  -days 2 -extfile <(printf 'subjectAltName=DNS:ghcr.io,DNS:%s,IP:127.0.0.1%s\n' "${SECOND_HOST}" "$(printf ',DNS:%s' ${HUB_HOSTS} "${ECR_HOST}")") -out "${RUN_DIR}/registry.crt" 2>/dev/null
# Go tools (docker, buildx, crane) read this instead of the system bundle.
cat /etc/ssl/certs/ca-certificates.crt "${RUN_DIR}/ca.pem" > "${RUN_DIR}/ca-bundle.pem" 2>/dev/null ||
  cp "${RUN_DIR}/ca.pem" "${RUN_DIR}/ca-bundle.pem"
export SSL_CERT_FILE="${RUN_DIR}/ca-bundle.pem"

# --- two registries (distribution 2.8), each with its own user -------------------------
start_registry() {
  local name=$1 port=$2
  mkdir -p "${RUN_DIR}/${name}/data"
  : > "${RUN_DIR}/${name}/htpasswd"
  shift 2
  # Users come in pairs: user password [user password...].
  while [ "$#" -gt 0 ]; do htpasswd -Bbn "$1" "$2" >> "${RUN_DIR}/${name}/htpasswd" 2>/dev/null; shift 2; done
  cat > "${RUN_DIR}/${name}/config.yml" <<EOF
version: 0.1
log: { level: warn }
storage: { filesystem: { rootdirectory: ${RUN_DIR}/${name}/data }, delete: { enabled: true } }
http:
  addr: 127.0.0.1:${port}
  tls: { certificate: ${RUN_DIR}/registry.crt, key: ${RUN_DIR}/registry.key }
auth: { htpasswd: { realm: e2e, path: ${RUN_DIR}/${name}/htpasswd } }
EOF
  /usr/bin/docker-registry serve "${RUN_DIR}/${name}/config.yml" > "${RUN_DIR}/${name}.log" 2>&1 &
  PIDS+=($!)
  wait_for "${name}" curl -s --cacert "${RUN_DIR}/ca.pem" -o /dev/null "https://ghcr.io:${port}/v2/"
}
# ghcr.io on 443 (its real name; the token of `secrets.GITHUB_TOKEN` is a user's
# password here), and a second registry under its own name and port (below the kernel's
# ephemeral range: no connection's source port can hold it).
SECOND_REGISTRY_PORT=5000
export E2E_REGISTRY="ghcr.io" E2E_REGISTRY_USER="e2e-bot" E2E_REGISTRY_PASSWORD="pw-$RANDOM$RANDOM"
export E2E_SECOND_REGISTRY="${SECOND_HOST}:${SECOND_REGISTRY_PORT}" E2E_SECOND_REGISTRY_USER="e2e-mirror" E2E_SECOND_REGISTRY_PASSWORD="pw-$RANDOM$RANDOM"
# Docker Hub's user (a repository variable names it) and ECR's `AWS` (the password is what
# the amazon-ecr-login stand-in gets in place of ECR's authorization token).
export E2E_DOCKERHUB_USER="e2e-hub" E2E_DOCKERHUB_PASSWORD="pw-$RANDOM$RANDOM" E2E_ECR_HOST="${ECR_HOST}" E2E_ECR_PASSWORD="pw-$RANDOM$RANDOM"
start_registry registry 443 "${E2E_REGISTRY_USER}" "${E2E_REGISTRY_PASSWORD}" \
  "${E2E_DOCKERHUB_USER}" "${E2E_DOCKERHUB_PASSWORD}" AWS "${E2E_ECR_PASSWORD}"
start_registry second-registry "${SECOND_REGISTRY_PORT}" "${E2E_SECOND_REGISTRY_USER}" "${E2E_SECOND_REGISTRY_PASSWORD}"

# --- BuildKit (OCI worker on runc), its own root and socket ----------------------------
cat > "${RUN_DIR}/buildkitd.toml" <<EOF
[worker.oci]
  enabled = true
  gc = false
[worker.containerd]
  enabled = false
[registry."${E2E_REGISTRY}"]
  ca = ["${RUN_DIR}/ca.pem"]
[registry."${E2E_SECOND_REGISTRY}"]
  ca = ["${RUN_DIR}/ca.pem"]
[registry."docker.io"]
  ca = ["${RUN_DIR}/ca.pem"]
[registry."${ECR_HOST}"]
  ca = ["${RUN_DIR}/ca.pem"]
EOF
export E2E_BUILDKIT_HOST="unix://${RUN_DIR}/buildkitd.sock"
"${TOOLS}/bin/buildkitd" --config "${RUN_DIR}/buildkitd.toml" --root "${RUN_DIR}/buildkit" \
  --addr "${E2E_BUILDKIT_HOST}" --oci-worker-net host --group "$(id -g)" > "${RUN_DIR}/buildkitd.log" 2>&1 &
PIDS+=($!)
wait_for buildkitd "${TOOLS}/bin/buildctl" --addr "${E2E_BUILDKIT_HOST}" debug workers

# --- the scenarios ---------------------------------------------------------------------
export E2E_RUN_DIR="${RUN_DIR}" E2E_TOOLS="${TOOLS}" E2E_DOCKER_CONFIG="${TOOLS}/docker-config"
export DOCKER_CONFIG="${RUN_DIR}/host-docker-config"
mkdir -p "${DOCKER_CONFIG}/cli-plugins"
ln -s "${TOOLS}/docker-config/cli-plugins/docker-buildx" "${DOCKER_CONFIG}/cli-plugins/docker-buildx"
# Every job's `docker` is test/e2e/runtime/docker (a `docker run` without an engine),
# which hands all else to the real CLI.
E2E_DOCKER_CLI="$(command -v docker)"
export E2E_DOCKER_CLI PATH="${REPO_ROOT}/test/e2e/runtime:${TOOLS}/bin:${PATH}"
# E2E_ENTRY runs another entry point in this environment (scripts/compare-baseline.ts).
npx ts-node --project scripts/tsconfig.json "${E2E_ENTRY:-test/e2e/run.ts}" "$@"
