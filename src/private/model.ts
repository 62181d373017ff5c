import { BuildStrategy } from '../build-strategy';
import { Platform } from '../platform';
import { Registry } from '../registry';
import { Runner } from '../runner';
import { TagRule } from '../tags';

/** Everything static about building one platform of one image. */
export interface BuildLeg {
  readonly platform: Platform;
  readonly runner: Runner;
  readonly dockerfile: string;
  readonly buildArgs: Record<string, string>;
  readonly target?: string;
}

/** An image with every default applied and every option checked. */
export interface ResolvedImage {
  readonly name: string;
  /** The image name as a job-id-safe word. */
  readonly jobSuffix: string;
  readonly context: string;
  readonly strategy: BuildStrategy;
  readonly legs: BuildLeg[];
  readonly tags: TagRule[];
  readonly buildArgs: Record<string, string>;
  readonly dockerfile: string;
  readonly target?: string;
}

/** Publisher-wide settings every job builder needs. */
export interface PublisherSettings {
  readonly registries: Registry[];
  readonly tags: TagRule[];
  /** Runs merge jobs and emulated builds. */
  readonly defaultRunner: Runner;
  readonly artifactRetentionDays: number;
}

export function buildJobId(image: ResolvedImage): string {
  return `build-${image.jobSuffix}`;
}

export function mergeJobId(image: ResolvedImage): string {
  return `merge-${image.jobSuffix}`;
}

/**
 * Digest artifacts are named `digests--<image>--<platform pair>`. Image names
 * cannot contain `--`, so one image's download pattern never matches another
 * image's artifacts, even when one name is a prefix of the other.
 */
export function digestArtifactPrefix(image: ResolvedImage): string {
  return `digests--${image.name}--`;
}

/** GHA cache scope of one leg; `--` keeps it unique per image and platform. */
export function cacheScope(image: ResolvedImage, pair: string): string {
  return `${image.name}--${pair}`;
}
