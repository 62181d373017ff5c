#!/usr/bin/env bash
# The main job: builds this library, installs it into the example consumer
# (examples/qm-nmr-calc) from a packed tarball, regenerates the examples'
# workflow with `npx projen`, and prints a summary read back from the YAML.
#
# Usage: scripts/main-job.sh            (only Node and npm are assumed)
# Exits non-zero on the first failure.
set -Eeuo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
EXAMPLE_DIR="${REPO_ROOT}/examples/qm-nmr-calc"
PACK_DIR="${REPO_ROOT}/dist/pack"
PACKAGE_NAME="projen-multiarch-publisher"
# The example's package.json depends on "file:../../dist/pack/projen-multiarch-publisher.tgz".
TARBALL_REL="../../dist/pack/${PACKAGE_NAME}.tgz"
TARBALL="${PACK_DIR}/${PACKAGE_NAME}.tgz"
WORKFLOW_REL=".github/workflows/publish-images.yml"

now_ms() { node -e 'process.stdout.write(String(Date.now()))'; }
JOB_START="$(now_ms)"
STEP_NAME=""
STEP_START=""
TIMINGS=()

log() { printf '[main-job] %s\n' "$*" >&2; }
step() {
  end_step
  STEP_NAME="$1"
  STEP_START="$(now_ms)"
  log "==> ${STEP_NAME}"
}
end_step() {
  if [ -n "${STEP_NAME}" ]; then
    TIMINGS+=("$(printf '%-38s %6.1f s' "${STEP_NAME}" "$(( $(now_ms) - STEP_START ))e-3")")
    STEP_NAME=""
  fi
}
on_error() {
  local rc=$?
  log "FAILED${STEP_NAME:+ during: ${STEP_NAME}} (exit ${rc})"
  exit "${rc}"
}
trap on_error ERR

cd "${REPO_ROOT}"

# 1. Library dependencies -----------------------------------------------------
if [ ! -d node_modules ]; then
  step "install library dependencies (npm ci)"
  npm ci --no-audit --no-fund
fi

# 2. Compile (jsii does not clean lib/, so stale files would be packed) -----------
step "compile (jsii)"
rm -rf lib
npx jsii --silence-warnings=reserved-word

# 3. Pack to a stable file name ---------------------------------------------------
step "pack ${PACKAGE_NAME}"
rm -rf "${PACK_DIR}"
mkdir -p "${PACK_DIR}"
packed="$(npm pack --ignore-scripts --silent --pack-destination "${PACK_DIR}" | tail -n 1)"
mv "${PACK_DIR}/${packed}" "${TARBALL}"
log "packed ${TARBALL#"${REPO_ROOT}"/} ($(wc -c < "${TARBALL}" | tr -d ' ') bytes)"

# 4. Install the tarball into the example ---------------------------------------------
# Naming the tarball explicitly makes npm re-read it; a plain `npm install`
# trusts the integrity recorded in node_modules/.package-lock.json and keeps
# (or even reinstalls from its cache) the previous build.
step "install the tarball into the example"
cd "${EXAMPLE_DIR}"
npm install --no-audit --no-fund --no-save "${TARBALL_REL}"
installed="node_modules/${PACKAGE_NAME}"
if [ -L "${installed}" ]; then
  log "${installed} is a symlink; it must be an installed copy of the tarball"
  false
fi
# The installed copy must be exactly this build...
diff -r "${REPO_ROOT}/lib" "${installed}/lib" > /dev/null || { log "${installed}/lib differs from the freshly compiled lib/"; false; }
cmp -s "${REPO_ROOT}/.jsii" "${installed}/.jsii" || { log "${installed}/.jsii differs from the freshly compiled .jsii"; false; }
# ...and must share the example's single copy of projen (GitHub.of() depends on it).
# shellcheck disable=SC2016 # JavaScript, not shell
node -e '
  const path = require("path");
  const own = require.resolve("projen", { paths: [process.cwd()] });
  const lib = require.resolve("projen", { paths: [path.resolve(process.argv[1])] });
  if (own !== lib) { console.error(`two copies of projen: ${own} and ${lib}`); process.exit(1); }
' "${installed}"

# 5. Regenerate the example's files -----------------------------------------------
step "synthesize the example (npx projen)"
if [ ! -f .projen/tasks.json ]; then
  # Without .projen/ here, `npx projen` would find the library's own .projen/
  # above and synthesize the library instead. Bootstrap it once.
  log "no .projen/tasks.json yet: bootstrapping with ts-node"
  # (module and moduleResolution node16: ts-node's own default, node10, is an error in TypeScript 6.)
  npx ts-node --skipProject --transpileOnly -O '{"module":"node16","moduleResolution":"node16"}' .projenrc.ts
fi
npx projen
[ -s "${WORKFLOW_REL}" ] || { log "${WORKFLOW_REL} was not generated"; false; }

# 5b. The second example: images published by projen's release workflows ------------
step "synthesize examples/projen-release"
RELEASE_EXAMPLE_DIR="${REPO_ROOT}/examples/projen-release"
cd "${RELEASE_EXAMPLE_DIR}"
# Its package.json is projen's to write (a TypeScriptProject), so it borrows the
# first example's node_modules (projen, ts-node, the tarball) and skips projen's
# post-synthesis `npm install`.
ln -sfn ../qm-nmr-calc/node_modules node_modules
trap 'rm -f "${RELEASE_EXAMPLE_DIR}/node_modules"' EXIT
PROJEN_DISABLE_POST=true npx ts-node --skipProject --transpileOnly -O '{"module":"node16","moduleResolution":"node16"}' .projenrc.ts
rm -f node_modules
[ -s .github/workflows/release.yml ] || { log "examples/projen-release/.github/workflows/release.yml was not generated"; false; }
end_step

# 6. The plan -------------------------------------------------------------------------
# `npx projen images:plan` prints the plan from the publisher's model (no build,
# no network); it must agree with what summarize-workflow.mjs reads back from
# the generated YAML.
step "print the plan (npx projen images:plan)"
cd "${EXAMPLE_DIR}"
plan="$(npx projen images:plan)"
summary="$(node "${REPO_ROOT}/scripts/summarize-workflow.mjs" "${WORKFLOW_REL}" | grep -v '^Triggers  ')"
end_step
if [ "${plan}" != "${summary}" ]; then
  log "images:plan disagrees with the workflow read back from ${WORKFLOW_REL}:"
  diff <(printf '%s\n' "${summary}") <(printf '%s\n' "${plan}") >&2 || true
  false
fi
cd "${REPO_ROOT}"
echo
printf '%s\n' "${plan}"
echo
node scripts/summarize-workflow.mjs "examples/projen-release/.github/workflows/release.yml"
echo
echo "Library   ${PACKAGE_NAME} $(node -p 'require("./package.json").version') from dist/pack/${PACKAGE_NAME}.tgz (sha256 $(node -e '
  const c = require("crypto"); process.stdout.write(c.createHash("sha256").update(require("fs").readFileSync(process.argv[1])).digest("hex").slice(0, 12))' "${TARBALL}"))"
if command -v git > /dev/null 2>&1 && git rev-parse --is-inside-work-tree > /dev/null 2>&1; then
  changes="$(git status --porcelain --untracked-files=all -- examples/qm-nmr-calc examples/projen-release | grep -v '/node_modules' || true)"
  if [ -z "${changes}" ]; then
    echo "Example   generated files match the committed ones"
  else
    echo "Example   uncommitted changes (review and commit them):"
    printf '%s\n' "${changes}" | sed 's/^/            /'
  fi
fi
echo
echo "Timings"
for line in "${TIMINGS[@]}"; do echo "  ${line}"; done
printf '  %-38s %6.1f s\n' "total" "$(( $(now_ms) - JOB_START ))e-3"

# The installed copy of the library must not outlive this job: jsii-docgen
# (`projen build`) discovers every .jsii under the checkout, and an older
# installed copy would write API.md for that older build.
rm -rf "${EXAMPLE_DIR}/node_modules"
