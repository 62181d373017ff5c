/**
 * The shell scripts of signing and of the commands consumers run to verify.
 * Values arrive through `env:` only (see scripts.ts).
 */
import { lines } from './scripts';

/** GitHub's OIDC issuer: the certificate of a keyless signature names it. */
export const GITHUB_OIDC_ISSUER = 'https://token.actions.githubusercontent.com';

/**
 * The identity keyless signing certifies, computed from the runner's own
 * variables: this workflow file at this ref, e.g.
 * `https://github.com/acme/app/.github/workflows/publish-images.yml@refs/tags/v1.2.3`.
 */
const SIGNER_IDENTITY = 'identity="$GITHUB_SERVER_URL/$GITHUB_WORKFLOW_REF"';

/** Refuses anything but a digest: a tag can move between signing and use. */
const REQUIRE_DIGEST = [
  'if [[ ! "$DIGEST" =~ ^sha256:[0-9a-f]{64}$ ]]; then',
  '  echo "::error::No verified index digest (got \'$DIGEST\'); only a digest is ever signed or attested"',
  '  exit 1',
  'fi',
];

/**
 * Signs the verified index in every registry by digest (cosign keyless:
 * GitHub's OIDC token, a short-lived certificate, the transparency log),
 * then verifies each signature against this workflow's identity.
 */
export const SIGN_INDEX = lines(
  'set -u',
  ...REQUIRE_DIGEST,
  SIGNER_IDENTITY,
  'read -ra repositories <<< "$IMAGE_REPOSITORIES"',
  'for repository in "${repositories[@]}"; do',
  '  cosign sign --yes "$repository@$DIGEST"',
  '  if ! cosign verify "$repository@$DIGEST" --certificate-identity "$identity" --certificate-oidc-issuer "$OIDC_ISSUER" > /dev/null; then',
  '    echo "::error::The signature of $repository@$DIGEST does not verify as $identity"',
  '    exit 1',
  '  fi',
  '  echo "Signed and verified $repository@$DIGEST as $identity"',
  'done',
);

/**
 * Writes the exact commands a consumer runs to check what was published to
 * the job summary and to the step outputs `attestation` and `signature`.
 */
export const VERIFY_COMMANDS = lines(
  'set -u',
  ...REQUIRE_DIGEST,
  SIGNER_IDENTITY,
  'read -ra repositories <<< "$IMAGE_REPOSITORIES"',
  'attestation=()',
  'signature=()',
  'for repository in "${repositories[@]}"; do',
  '  if [ "$ATTESTED" = true ]; then attestation+=("gh attestation verify oci://$repository@$DIGEST --owner $OWNER"); fi',
  '  if [ "$SIGNED" = true ]; then signature+=("cosign verify $repository@$DIGEST --certificate-identity $identity --certificate-oidc-issuer $OIDC_ISSUER"); fi',
  'done',
  '{',
  '  echo "attestation<<COMMANDS_END"',
  '  printf \'%s\\n\' "${attestation[@]}"',
  '  echo "COMMANDS_END"',
  '  echo "signature<<COMMANDS_END"',
  '  printf \'%s\\n\' "${signature[@]}"',
  '  echo "COMMANDS_END"',
  '} >> "$GITHUB_OUTPUT"',
  '{',
  '  echo',
  '  echo "#### Verify what was published"',
  '  echo',
  '  echo "\\`\\`\\`sh"',
  '  printf \'%s\\n\' "${attestation[@]}" "${signature[@]}"',
  '  echo "\\`\\`\\`"',
  '} >> "$GITHUB_STEP_SUMMARY"',
);
