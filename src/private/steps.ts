import { JobPermission, JobPermissions, JobStep } from 'projen/lib/github/workflows-model';
import { ACTIONS, uses } from '../actions';
import { SetupBuildxOptions } from '../buildx';
import { CheckoutOptions } from '../checkout';
import { Registry, RegistryKind } from '../registry';
import { checkoutInputs } from './before-build';
import { ResolvedImage } from './model';
import { PublishSource } from './publish-source';
import { SMOKE_TEST } from './scripts';

/** Checks out `ref` (a commit, tag or branch), or the event's commit, with the user's checkout options. */
export function checkoutStep(checkout?: CheckoutOptions, ref?: string): JobStep {
  return {
    name: 'Check out the repository',
    uses: uses(ACTIONS.checkout),
    with: { 'ref': ref, 'persist-credentials': false, ...checkoutInputs(checkout) },
  };
}

export function buildxStep(options: SetupBuildxOptions = {}): JobStep {
  return {
    name: 'Set up Docker Buildx',
    uses: uses(ACTIONS.setupBuildx),
    with: options.version || options.driverOpts?.length ? {
      'version': options.version,
      // A downloaded buildx is not kept in the Actions cache, where another run could replace it.
      'cache-binary': options.version ? false : undefined,
      'driver-opts': options.driverOpts?.length ? options.driverOpts.join('\n') : undefined,
    } : undefined,
  };
}

export function qemuStep(platforms: string, condition?: string): JobStep {
  return {
    name: 'Set up QEMU',
    if: condition,
    uses: uses(ACTIONS.setupQemu),
    with: { platforms },
  };
}

/**
 * Logs in to every registry; ECR first assumes its role through OIDC. A
 * registry with a `condition` is logged in to only where it holds.
 */
export function loginSteps(registries: Registry[]): JobStep[] {
  return registries.flatMap(registry => registryLogin(registry).map(step => ({ ...step, if: registry.condition })));
}

function registryLogin(registry: Registry): JobStep[] {
  switch (registry.kind) {
    case RegistryKind.GHCR:
      return [dockerLogin(registry, '${{ github.actor }}', '${{ secrets.GITHUB_TOKEN }}')];
    case RegistryKind.DOCKER_HUB:
    case RegistryKind.CUSTOM:
      return [dockerLogin(registry, registry.usernameVariable === undefined
        ? `\${{ secrets.${registry.usernameSecret} }}`
        : `\${{ vars.${registry.usernameVariable} }}`, `\${{ secrets.${registry.passwordSecret} }}`)];
    case RegistryKind.ECR:
      return [
        {
          name: `Assume the AWS role for ${registry.host}`,
          uses: uses(ACTIONS.awsCredentials),
          with: { 'role-to-assume': registry.roleToAssume, 'aws-region': registry.region },
        },
        {
          name: `Log in to ${registry.host}`,
          uses: uses(ACTIONS.ecrLogin),
          with: { registries: registry.host.split('.')[0] },
        },
      ];
  }
}

function dockerLogin(registry: Registry, username: string, password: string): JobStep {
  return {
    name: `Log in to ${registry.host}`,
    uses: uses(ACTIONS.login),
    with: { registry: registry.host, username, password },
  };
}

/** What a job that pushes to these registries needs, and nothing more. */
export function pushPermissions(registries: Registry[]): JobPermissions {
  return {
    contents: JobPermission.READ,
    ...(registries.some(r => r.kind === RegistryKind.GHCR) ? { packages: JobPermission.WRITE } : {}),
    ...(registries.some(r => r.kind === RegistryKind.ECR) ? { idToken: JobPermission.WRITE } : {}),
  };
}

export const METADATA_STEP_ID = 'meta';

/**
 * Tags, OCI labels and annotations from metadata-action, with the tag rules
 * of `source`. `annotationLevels` says where annotations go: `manifest`
 * (platform images), `index` (the published index) or both.
 */
export function metadataStep(images: string, image: ResolvedImage, annotationLevels: string, source: PublishSource): JobStep {
  const flavor = source.flavor(image) ?? {};
  const flavorLines = [
    flavor.latest === undefined ? undefined : `latest=${flavor.latest}`,
    flavor.prefix === undefined ? undefined : `prefix=${flavor.prefix}${flavor.onLatest ? ',onlatest=true' : ''}`,
    flavor.suffix === undefined ? undefined : `suffix=${flavor.suffix}${flavor.onLatest ? ',onlatest=true' : ''}`,
  ].filter(line => line !== undefined);
  return {
    name: 'Compute tags, labels and annotations',
    id: METADATA_STEP_ID,
    uses: uses(ACTIONS.metadata),
    env: { DOCKER_METADATA_ANNOTATIONS_LEVELS: annotationLevels },
    with: {
      images,
      tags: source.tagRules(image).join('\n'),
      flavor: flavorLines.length ? flavorLines.join('\n') : undefined,
      labels: keyValueLines(image.labels),
      annotations: keyValueLines(image.annotations),
    },
  };
}

function keyValueLines(entries: Record<string, string>): string | undefined {
  const lines = Object.entries(entries).map(([key, value]) => `${key}=${value}`);
  return lines.length ? lines.join('\n') : undefined;
}

/**
 * build-push-action's `outputs` that push an image by digest (no tag) to every
 * repository: tags move only later, after the index is checked.
 */
export function pushByDigestOutputs(commaSeparatedNames: string): string {
  return `type=image,"name=${commaSeparatedNames}",push-by-digest=true,name-canonical=true,push=true`;
}

/**
 * Runs the image's smoke test on `imageRef` for `platform` (by default the
 * leg's); `title` tells apart the steps of a job that tests several platforms.
 */
export function smokeTestStep(image: ResolvedImage, imageRef: string, platform = '${{ matrix.platform }}', title = 'Smoke-test the image'): JobStep[] {
  if (!image.smokeTest) return [];
  return [{
    name: title,
    shell: 'bash',
    env: {
      IMAGE_REF: imageRef,
      PLATFORM: platform,
      SMOKE_ARGS: JSON.stringify(image.smokeTest.args),
      EXPECT_OUTPUT: image.smokeTest.expectOutput ?? '',
    },
    run: SMOKE_TEST,
  }];
}

/** The build inputs of a single job that builds every platform of an image at once. */
export function allPlatformsBuildInputs(image: ResolvedImage): Record<string, string | undefined> {
  return {
    'context': image.context,
    'file': image.dockerfile,
    'platforms': image.legs.map(leg => leg.platform.value).join(','),
    'target': image.target,
    'build-args': renderBuildArgs(image.buildArgs) || undefined,
  };
}

/** Build arguments in build-push-action's one-per-line form. */
export function renderBuildArgs(args: Record<string, string>): string {
  return Object.entries(args).map(([key, value]) => `${key}=${value}`).join('\n');
}
