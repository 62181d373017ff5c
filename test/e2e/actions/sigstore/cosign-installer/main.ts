import * as fs from 'fs';
import * as path from 'path';
import * as core from '@actions/core';
import { requiredEnv, run } from '../../lib/docker';

/**
 * The `cosign` stub. `sign <ref>` reads the digest the reference names from the registry
 * (crane, the job's credentials; a missing image fails as in cosign), warns on a tag as
 * cosign does, and notes `repository@digest identity`, the identity being what Fulcio
 * would certify for this job; `verify <ref> --certificate-identity I
 * --certificate-oidc-issuer O` passes only for a noted signature of that digest by I,
 * from GitHub's issuer. Each call is recorded as `e2e-record cosign {...}`.
 */
const STUB = `#!/usr/bin/env bash
set -uo pipefail
command=\${1:-}; shift
ref=""; identity=""; issuer=""
while [ "$#" -gt 0 ]; do
  case "$1" in
    --certificate-identity) identity=$2; shift ;;
    --certificate-oidc-issuer) issuer=$2; shift ;;
    -*) ;;
    *) ref=$1 ;;
  esac
  shift
done
notes="$RUNNER_TEMP/cosign-signatures"
signer="$GITHUB_SERVER_URL/$GITHUB_WORKFLOW_REF"
repository=$ref
if [[ "$ref" == *@* ]]; then repository=\${ref%@*}; elif [[ "\${ref##*/}" == *:* ]]; then repository=\${ref%:*}; fi
digest=$(crane digest "$ref" 2>/dev/null) || { echo "Error: $ref: entity not found in registry" >&2; exit 1; }
result=0
case "$command" in
  sign)
    if [[ "$ref" != *@sha256:* ]]; then
      echo "WARNING: Image reference $ref uses a tag, not a digest, to identify the image to sign." >&2
    fi
    echo "$repository@$digest $signer" >> "$notes"
    ;;
  verify)
    if [ "$issuer" != https://token.actions.githubusercontent.com ] || ! grep -qxF "$repository@$digest $identity" "$notes" 2>/dev/null; then
      echo "Error: no matching signatures" >&2
      result=1
    fi
    ;;
  *) echo "cosign stand-in: $command is not reproduced" >&2; exit 1 ;;
esac
record=$(jq -nc --arg command "$command" --arg ref "$ref" --arg digest "$digest" --arg identity "\${identity:-$signer}" --arg issuer "$issuer" --argjson exit "$result" '{command: $command, reference: $ref, digest: $digest, identity: $identity, issuer: $issuer, exitCode: $exit}')
echo "e2e-record cosign $record" >&2
exit "$result"
`;

run(() => {
  const dir = path.join(requiredEnv('RUNNER_TEMP'), 'cosign-bin');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'cosign'), STUB, { mode: 0o755 });
  core.addPath(dir);
  core.info(`cosign stand-in installed in ${dir}`);
});
