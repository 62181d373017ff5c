#!/usr/bin/env bash
# Plants deliberate defects in the generator, one at a time, in a scratch
# copy of this checkout, and reports which tests catch each one. A defect no
# test catches is a hole in the proof. Not part of CI (it runs the suites
# once per defect); run it after changing the scripts or the job builders.
#
#   bash scripts/try-defects.sh [N...]   (N: only the Nth defects of the list, from 1)
set -euo pipefail
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# The scratch copy lives under .tools/ (ignored by git and excluded below), never under /tmp.
mkdir -p "$REPO_ROOT/.tools"
SCRATCH="$(mktemp -d "$REPO_ROOT/.tools/try-defects.XXXXXX")"
trap 'rm -rf "$SCRATCH"' EXIT

# Only the source, tests and tools; node_modules and .tools are shared.
tar -C "$REPO_ROOT" --exclude=./node_modules --exclude=./.tools --exclude=./examples/qm-nmr-calc/node_modules \
  --exclude=./.git --exclude=./lib --exclude=./dist -cf - . | tar -C "$SCRATCH" -xf -
ln -s "$REPO_ROOT/node_modules" "$SCRATCH/node_modules"
ln -s "$REPO_ROOT/.tools" "$SCRATCH/.tools"

# name | file | perl substitution that plants the defect | e2e scenarios (test/e2e) that must catch it too
DEFECTS=(
  'an expression moved into a run: script|src/private/scripts.ts|s{touch "\$RUNNER_TEMP/digests/\$\{DIGEST#sha256:\}"}{touch "\$RUNNER_TEMP/digests/\$\{\{ steps.build.outputs.digest \}\}"}|seed'
  'an artifact name without the platform|src/private/merge-job.ts|s{\$\{digestArtifactPrefix\(image\)\}\$\{suffix\}}{\$\{digestArtifactPrefix(image)\}\$\{suffix.replace(/.*/, \x27all\x27)\}}|seed'
  'a download pattern that is not per image|src/private/merge-job.ts|s{\$\{digestArtifactPrefix\(image\)\}\*}{digests~*}|prefix-names'
  'a verification that only prints|src/private/scripts.ts|s{if \[ "\$failed" -ne 0 \]; then exit 1; fi}{if [ "\$failed" -ne 0 ]; then echo "verification found problems"; fi}|fault-index-rewritten'
  'a planned index that is not checked|src/private/scripts.ts|s{check_index "\$plan" "The index planned for \$1"}{true}|fault-dropped-source fault-leg-builds-amd64'
  'checkout that keeps credentials|src/private/steps.ts|s{persist-credentials.: false}{persist-credentials\x27: true}'
  'packages: write on pull-request jobs|src/private/check-jobs.ts|s{const permissions = \{ contents: JobPermission.READ \};}{const permissions = \{ contents: JobPermission.READ, packages: JobPermission.WRITE \};}'
  'QEMU on every leg|src/private/matrix.ts|s{emulated: leg.emulated}{emulated: true}|prefix-names-detail'
  'an unquoted variable in a script|src/private/scripts.ts|s{mkdir -p "\$RUNNER_TEMP/digests"}{mkdir -p \$RUNNER_TEMP/digests}'
  'signing a tag instead of a digest|src/private/supply-chain-scripts.ts|s{cosign sign --yes "\$repository@\$DIGEST"}{cosign sign --yes "\$repository:latest"}|attest-sign'
  'id-token: write on a build leg|src/private/native-jobs.ts|s{permissions: pushPermissions\(image.registries\),}{permissions: \{ ...pushPermissions(image.registries), idToken: \x27write\x27 as never \},}'
  'attesting the build digest instead of the index|src/private/supply-chain-steps.ts|s{.subject-digest.: VERIFIED_DIGEST,}{\x27subject-digest\x27: \x27\$\{\{ steps.build.outputs.digest \}\}\x27,}|attest-sign'
  'a failed smoke test that does not stop the leg|src/private/scripts.ts|s{failed its smoke test \(exit code \$status\)"\x27,\n  \x27  exit 1\x27}{failed its smoke test (exit code \$status)"\x27,\n  \x27  true\x27}|smoke-arm64-fails'
  'pull messages in the smoke-test output|src/private/scripts.ts|s{docker run --rm --quiet --platform}{docker run --rm --platform}|smoke-silent-image'
)
TESTS=(test/publisher.test.ts test/release-processes.test.ts test/runners.test.ts test/sweep.test.ts test/supply-chain-permissions.test.ts)

if [ $# -gt 0 ]; then
  chosen=()
  for n in "$@"; do chosen+=("${DEFECTS[n - 1]}"); done
  DEFECTS=("${chosen[@]}")
fi

cd "$SCRATCH"
caught=0
for defect in "${DEFECTS[@]}"; do
  IFS='|' read -r name file substitution scenarios <<< "$defect"
  cp "$file" "$file.orig"
  perl -0pi -e "$substitution" "$file"
  if cmp -s "$file" "$file.orig"; then
    echo "NOT PLANTED  $name (the substitution matched nothing; update this script)"
    exit 1
  fi
  failing=$(npx jest --ci --coverage=false --silent "${TESTS[@]}" 2>&1 | sed -n 's/^FAIL \(.*\)/\1/p' | sed 's/ (.*//' | paste -sd ' ' - || true)
  if [ -n "${scenarios}" ]; then
    # The same defect through the real components: these scenarios must end otherwise than they should.
    read -ra names <<< "${scenarios}"
    if e2e=$(bash scripts/e2e.sh "${names[@]}" 2>&1); then
      echo "NOT CAUGHT   $name by the e2e scenarios ${scenarios}"
      mv "$file.orig" "$file"
      exit 1
    fi
    failing="${failing} e2e:$(sed -n 's/^FAIL \([^ ]*\).*/\1/p' <<< "$e2e" | paste -sd ',' -)"
  fi
  mv "$file.orig" "$file"
  if [ -n "$failing" ]; then
    caught=$((caught + 1))
    echo "caught       $name  <- $failing"
  else
    echo "NOT CAUGHT   $name"
  fi
done
echo "defects: ${caught} caught, $(( ${#DEFECTS[@]} - caught )) missed"
[ "$caught" -eq "${#DEFECTS[@]}" ]
