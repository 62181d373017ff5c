import { SetupBuildxOptions } from '../buildx';
import { CheckoutOptions } from '../checkout';
import { DockerfileChecksOptions } from '../dockerfile-checks';
import { ImageOptions, PlatformOverride, SmokeTestOptions } from '../image';
import { ConcurrencyOptions, MultiArchImagePublisherOptions } from '../publisher-options';
import { PlatformRunner } from '../runner';
import { SupplyChainOptions } from '../supply-chain';
import { FlavorOptions } from '../tags';
import { TriggerOptions } from '../triggers';
import { optionKeys } from './option-keys';

// The keys of the options objects the publisher reads. (Registry and tag rule
// options declare theirs beside their factories.)

export const PUBLISHER_KEYS = optionKeys<MultiArchImagePublisherOptions>('MultiArchImagePublisherOptions', {
  workflowName: true,
  projenRelease: true,
  cache: true,
  setupBuildx: true,
  triggers: true,
  registries: true,
  tags: true,
  flavor: true,
  labels: true,
  annotations: true,
  images: true,
  platformRunners: true,
  armRunners: true,
  defaultRunner: true,
  artifactRetentionDays: true,
  dockerfileChecks: true,
  timeoutMinutes: true,
  failFast: true,
  environment: true,
  concurrency: true,
  onlyInRepository: true,
  publishTogether: true,
  provenance: true,
  sbom: true,
  attest: true,
  sign: true,
});

export const CONCURRENCY_KEYS = optionKeys<ConcurrencyOptions>('ConcurrencyOptions', { group: true, cancelInProgress: true });

export const TRIGGER_KEYS = optionKeys<TriggerOptions>('TriggerOptions', {
  tags: true,
  branches: true,
  workflowDispatch: true,
  pullRequest: true,
  release: true,
  schedule: true,
  pullRequestBranches: true,
  paths: true,
  pathsIgnore: true,
});

export const FLAVOR_KEYS = optionKeys<FlavorOptions>('FlavorOptions', { latest: true, prefix: true, suffix: true, onLatest: true });

export const PLATFORM_RUNNER_KEYS = optionKeys<PlatformRunner>('PlatformRunner', { platform: true, runner: true });

export const IMAGE_KEYS = optionKeys<ImageOptions>('ImageOptions', {
  name: true,
  context: true,
  dockerfile: true,
  platforms: true,
  strategy: true,
  platformOverrides: true,
  buildArgs: true,
  target: true,
  tags: true,
  smokeTest: true,
  registries: true,
  labels: true,
  annotations: true,
  timeoutMinutes: true,
  failFast: true,
  environment: true,
  repository: true,
  flavor: true,
  buildSecrets: true,
  preBuildSteps: true,
  cache: true,
  freeDiskSpace: true,
  checkout: true,
  dockerfileChecks: true,
  provenance: true,
  sbom: true,
  attest: true,
  sign: true,
});

export const PLATFORM_OVERRIDE_KEYS = optionKeys<PlatformOverride>('PlatformOverride', {
  platform: true, dockerfile: true, runner: true, buildArgs: true, target: true,
});

export const SMOKE_TEST_KEYS = optionKeys<SmokeTestOptions>('SmokeTestOptions', { args: true, expectOutput: true });

export const SETUP_BUILDX_KEYS = optionKeys<SetupBuildxOptions>('SetupBuildxOptions', { version: true, driverOpts: true });

export const CHECKOUT_KEYS = optionKeys<CheckoutOptions>('CheckoutOptions', { fetchDepth: true, submodules: true, lfs: true });

export const DOCKERFILE_CHECKS_KEYS = optionKeys<DockerfileChecksOptions>('DockerfileChecksOptions', { failOnWarnings: true, skip: true });

/** Extended by both the publisher's and an image's options. */
export const SUPPLY_CHAIN_KEYS = optionKeys<SupplyChainOptions>('SupplyChainOptions', { provenance: true, sbom: true, attest: true, sign: true });
