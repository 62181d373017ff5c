import { JobPermission, JobPermissions, JobStep, JobStepOutput } from 'projen/lib/github/workflows-model';
import { ACTIONS, uses } from '../actions';
import { RegistryKind } from '../registry';
import { ImageReferences } from './image-references';
import { ResolvedImage } from './model';
import { VERIFY_STEP_ID } from './publish-steps';
import { GITHUB_OIDC_ISSUER, SIGN_INDEX, VERIFY_COMMANDS } from './supply-chain-scripts';

/**
 * The supply-chain feature, at its named points of a job:
 * - build inputs: provenance and SBOM attestations of every platform image;
 * - permissions: what attesting and signing need, on the publishing job only;
 * - after publishing: attest and sign the verified index digest, then say how
 *   to verify both;
 * - outputs: those verify commands.
 */

const VERIFIED_DIGEST = `\${{ steps.${VERIFY_STEP_ID}.outputs.digest }}`;
const COMMANDS_STEP_ID = 'verify-commands';

/** build-push-action inputs for the attestations of each platform image. */
export function attestationBuildInputs(image: ResolvedImage): Record<string, string | boolean | undefined> {
  return {
    provenance: image.supplyChain.provenance?.value,
    sbom: image.supplyChain.sbom ? true : undefined,
  };
}

/** Whether the image's publishing job attests or signs. */
function provesOrigin(image: ResolvedImage): boolean {
  return image.supplyChain.attest || image.supplyChain.sign;
}

/**
 * The permissions attesting and signing add to the job that publishes the
 * index: an OIDC token (Sigstore's certificate) and, to attest, the
 * attestations API. Build legs and pull-request jobs never get them.
 */
export function supplyChainPermissions(image: ResolvedImage): JobPermissions {
  return {
    ...(provesOrigin(image) ? { idToken: JobPermission.WRITE } : {}),
    ...(image.supplyChain.attest ? { attestations: JobPermission.WRITE } : {}),
  };
}

/**
 * The subject of an attestation in one registry: the repository without a
 * tag, as the registry's API is reached (Docker Hub's is index.docker.io).
 */
function attestationSubject(image: ResolvedImage, index: number, reference: string): string {
  const registry = image.registries[index];
  return registry.kind === RegistryKind.DOCKER_HUB ? `index.docker.io/${registry.namespace}/${image.repository}` : reference;
}

/** After the index is verified: attest and sign its digest, then show how to check both. */
export function supplyChainSteps(image: ResolvedImage, refs: ImageReferences): JobStep[] {
  if (!provesOrigin(image)) return [];
  const env = { IMAGE_REPOSITORIES: refs.spaces, DIGEST: VERIFIED_DIGEST, OIDC_ISSUER: GITHUB_OIDC_ISSUER };
  // A registry whose condition is false this run holds no index to attest.
  const attest: JobStep[] = !image.supplyChain.attest ? [] : refs.perRegistry.map((reference, index) => ({
    name: `Attest the index in ${image.registries[index].toString()}`,
    if: image.registries[index].condition,
    uses: uses(ACTIONS.attest),
    with: {
      'subject-name': attestationSubject(image, index, reference),
      'subject-digest': VERIFIED_DIGEST,
      'push-to-registry': true,
    },
  }));
  const sign: JobStep[] = !image.supplyChain.sign ? [] : [
    { name: 'Install cosign', uses: uses(ACTIONS.cosignInstaller) },
    { name: 'Sign the index by digest and verify the signature', shell: 'bash', env, run: SIGN_INDEX },
  ];
  return [
    ...attest,
    ...sign,
    {
      name: 'Write the commands that verify the published index',
      id: COMMANDS_STEP_ID,
      shell: 'bash',
      env: {
        ...env,
        OWNER: '${{ github.repository_owner }}',
        ATTESTED: String(image.supplyChain.attest),
        SIGNED: String(image.supplyChain.sign),
      },
      run: VERIFY_COMMANDS,
    },
  ];
}

/** The publishing job's outputs: the commands a consumer runs to verify. */
export function supplyChainOutputs(image: ResolvedImage): Record<string, JobStepOutput> | undefined {
  if (!provesOrigin(image)) return undefined;
  return {
    ...(image.supplyChain.attest ? { 'attestation-verify-commands': { stepId: COMMANDS_STEP_ID, outputName: 'attestation' } } : {}),
    ...(image.supplyChain.sign ? { 'signature-verify-commands': { stepId: COMMANDS_STEP_ID, outputName: 'signature' } } : {}),
  };
}
