import { JobStep } from 'projen/lib/github/workflows-model';
import { ACTIONS, uses } from '../actions';
import { Registry, RegistryKind } from '../registry';
import { TagRule } from '../tags';

const IMAGE_STEP_ID = 'image';

export function checkoutStep(): JobStep {
  return {
    name: 'Check out the repository',
    uses: uses(ACTIONS.checkout),
    with: { 'persist-credentials': false },
  };
}

export function buildxStep(): JobStep {
  return { name: 'Set up Docker Buildx', uses: uses(ACTIONS.setupBuildx) };
}

export function qemuStep(platforms: string, condition?: string): JobStep {
  return {
    name: 'Set up QEMU',
    if: condition,
    uses: uses(ACTIONS.setupQemu),
    with: { platforms },
  };
}

/** Image references of one image in every registry, and the steps that compute them. */
export interface ImageReferences {
  readonly steps: JobStep[];
  /** One reference per registry, e.g. `ghcr.io/acme/api` or an output expression. */
  readonly names: string[];
}

/**
 * Registries that decide the namespace at run time (GHCR's repository owner)
 * get it from a step that lowercases it: registries reject capital letters.
 */
export function imageReferences(imageName: string, registries: Registry[]): ImageReferences {
  const env: Record<string, string> = {};
  const script: string[] = ['set -u'];
  const names = registries.map((registry, index) => {
    if (registry.namespace !== undefined) {
      return `${registry.host}/${registry.namespace}/${imageName}`;
    }
    const output = `ref${index}`;
    env.REPOSITORY_OWNER = '${{ github.repository_owner }}';
    script.push(`echo "${output}=${registry.host}/\${REPOSITORY_OWNER,,}/${imageName}" >> "$GITHUB_OUTPUT"`);
    return `\${{ steps.${IMAGE_STEP_ID}.outputs.${output} }}`;
  });
  const steps: JobStep[] = script.length === 1 ? [] : [{
    name: 'Compute lowercase image references',
    id: IMAGE_STEP_ID,
    shell: 'bash',
    env,
    run: script.join('\n') + '\n',
  }];
  return { steps, names };
}

export function loginSteps(registries: Registry[]): JobStep[] {
  return registries.map(registry => {
    switch (registry.kind) {
      case RegistryKind.GHCR:
        return {
          name: `Log in to ${registry.host}`,
          uses: uses(ACTIONS.login),
          with: {
            registry: registry.host,
            username: '${{ github.actor }}',
            password: '${{ secrets.GITHUB_TOKEN }}',
          },
        };
    }
  });
}

export const METADATA_STEP_ID = 'meta';

export function metadataStep(imageNames: string[], tags: TagRule[]): JobStep {
  return {
    name: 'Compute tags and labels',
    id: METADATA_STEP_ID,
    uses: uses(ACTIONS.metadata),
    with: {
      images: imageNames.join('\n'),
      tags: tags.map(tag => tag.expression).join('\n'),
    },
  };
}

/** Build arguments in build-push-action's one-per-line form. */
export function renderBuildArgs(args: Record<string, string>): string {
  return Object.entries(args).map(([key, value]) => `${key}=${value}`).join('\n');
}
