import { JobStep } from 'projen/lib/github/workflows-model';
import { BuildStrategy } from '../build-strategy';
import { SetupBuildxOptions } from '../buildx';
import { Cache } from '../cache';
import { CheckoutOptions } from '../checkout';
import { SmokeTestOptions } from '../image';
import { Platform } from '../platform';
import { Registry } from '../registry';
import { Runner } from '../runner';
import { FlavorOptions, TagRule } from '../tags';
import type { ResolvedSupplyChain } from './validate-supply-chain';

/** Everything static about building one platform of one image. */
export interface BuildLeg {
  readonly platform: Platform;
  readonly runner: Runner;
  /** Whether this leg builds under QEMU. */
  readonly emulated: boolean;
  readonly dockerfile: string;
  readonly buildArgs: Record<string, string>;
  readonly target?: string;
}

/** An image with every default applied and every option checked. */
export interface ResolvedImage {
  /** The unique key of the image's jobs, artifacts and caches. */
  readonly name: string;
  /** The registry repository it is published to (variants share one). */
  readonly repository: string;
  /** The image name as a job-id-safe word. */
  readonly jobSuffix: string;
  readonly context: string;
  readonly strategy: BuildStrategy;
  readonly legs: BuildLeg[];
  readonly tags: TagRule[];
  readonly buildArgs: Record<string, string>;
  readonly dockerfile: string;
  readonly target?: string;
  readonly registries: Registry[];
  readonly flavor?: FlavorOptions;
  readonly smokeTest?: SmokeTestOptions;
  /** BuildKit secret id -> GitHub secret name. */
  readonly buildSecrets: Record<string, string>;
  /** The user's steps before the build, as given. */
  readonly preBuildSteps: JobStep[];
  readonly checkout?: CheckoutOptions;
  /** The image's cache, or the publisher's. */
  readonly cache: Cache;
  /** Remove unused preinstalled toolchains before building. */
  readonly freeDiskSpace: boolean;
  /** Extra labels, publisher-wide ones merged with the image's. */
  readonly labels: Record<string, string>;
  /** Extra annotations, publisher-wide ones merged with the image's. */
  readonly annotations: Record<string, string>;
  /** The timeout of the image's jobs, in minutes. */
  readonly timeoutMinutes?: number;
  /** Whether a failed platform cancels the others. */
  readonly failFast: boolean;
  /** The GitHub environment of the image's jobs that log in. */
  readonly environment?: string;
  /** Provenance, SBOM, attestation and signing of this image. */
  readonly supplyChain: ResolvedSupplyChain;
}

/** Job settings that apply to every image (the workflow's own and those of publishing jobs). */
export interface JobSettings {
  readonly timeoutMinutes?: number;
  readonly failFast: boolean;
  /** The GitHub environment of every job that logs in. */
  readonly environment?: string;
  /** `owner/name` of the only repository whose runs publish. */
  readonly onlyInRepository?: string;
  /** The workflow's `concurrency`, as written. */
  readonly concurrency: { readonly 'group': string; readonly 'cancel-in-progress': boolean | string };
}

/** Publisher-wide settings every job builder needs. */
export interface PublisherSettings extends JobSettings {
  readonly workflowName: string;
  /** The cache of images that do not choose their own. */
  readonly cache: Cache;
  /** How build jobs set up buildx. */
  readonly setupBuildx?: SetupBuildxOptions;
  readonly registries: Registry[];
  readonly tags: TagRule[];
  readonly flavor?: FlavorOptions;
  readonly labels: Record<string, string>;
  readonly annotations: Record<string, string>;
  /** Pull requests build without pushing, in jobs of their own. */
  readonly pullRequests: boolean;
  /** Runs merge jobs and emulated builds. */
  readonly defaultRunner: Runner;
  readonly artifactRetentionDays: number;
  /** No image's tags move before every image is built and checked. */
  readonly publishTogether: boolean;
  /** Publisher-wide supply-chain settings (images may override each). */
  readonly supplyChain: ResolvedSupplyChain;
}

export function buildJobId(image: ResolvedImage): string {
  return `build-${image.jobSuffix}`;
}

export function checkJobId(image: ResolvedImage): string {
  return `check-${image.jobSuffix}`;
}

export function mergeJobId(image: ResolvedImage): string {
  return `merge-${image.jobSuffix}`;
}

/** With `publishTogether`: the job that checks a native image's planned index. */
export function planJobId(image: ResolvedImage): string {
  return `plan-${image.jobSuffix}`;
}

/**
 * Separates the image name from what follows it in artifact names and cache
 * scopes. It cannot occur in an image name (nor in a platform pair), so
 * `digests~a~*` never matches an artifact of image `a--b`, and no two images
 * share a cache scope, whatever their names.
 */
export const NAME_DELIMITER = '~';

/** Digest artifacts are named `digests~<image>~<platform pair>`. */
export function digestArtifactPrefix(image: ResolvedImage): string {
  return `digests${NAME_DELIMITER}${image.name}${NAME_DELIMITER}`;
}

/**
 * An image name as a job-id word (letters, digits, `_` and `-`), one-to-one:
 * `.` becomes `_-`, which no valid name contains (separators never touch),
 * so `a.b` and `a-b` get different job ids.
 */
export function jobSuffixOf(name: string): string {
  return name.replace(/\./g, '_-');
}
