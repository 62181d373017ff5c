import { BuildStrategy } from '../build-strategy';
import { PlatformOverride } from '../image';
import { Platform } from '../platform';
import { Runner } from '../runner';
import { BuildLeg } from './model';
import { checkInstance, Problems, show } from './problems';
import { PLATFORM_OVERRIDE_KEYS } from './publisher-option-keys';
import { checkRepoPath, DOCKERFILE_EXAMPLE } from './repo-paths';
import { needsEmulation, RunnerPlan } from './runner-plan';
import { checkBuildArgs } from './string-maps';

const DEFAULT_PLATFORMS = [Platform.LINUX_AMD64, Platform.LINUX_ARM64];
const STAGE = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
const PLATFORM_ADVICE = "use a constant such as Platform.LINUX_ARM64 or Platform.of('linux/arm64')";

/**
 * An image's platforms. `complete` is false when an entry was rejected: the
 * overrides are then not checked against an incomplete list, which would only
 * repeat that one problem once per override.
 */
export function checkPlatforms(problems: Problems, option: string, value: unknown): { platforms: Platform[]; complete: boolean } {
  if (value === undefined) return { platforms: DEFAULT_PLATFORMS, complete: true };
  if (!Array.isArray(value) || value.length === 0) {
    problems.add(`${option} ${show(value)} must be a non-empty list of Platform (e.g. [Platform.LINUX_AMD64])`);
    return { platforms: [], complete: false };
  }
  const platforms: Platform[] = [];
  let complete = true;
  value.forEach((platform, i) => {
    if (!checkInstance(problems, `${option}[${i}]`, platform, Platform, PLATFORM_ADVICE)) {
      complete = false;
    } else if (platforms.some(p => p.value === platform.value)) {
      problems.add(`${option} lists ${platform.value} twice`);
    } else {
      platforms.push(platform);
    }
  });
  return { platforms, complete };
}

/** A Dockerfile stage name; `undefined` stays undefined. */
export function checkTarget(problems: Problems, option: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !STAGE.test(value)) {
    problems.add(`${option} ${show(value)} is not a Dockerfile stage name; use letters, digits, ".", "_" and "-"`);
    return undefined;
  }
  return value;
}

/** What an override falls back to: the image's own settings. */
export interface LegDefaults {
  readonly platforms: Platform[];
  readonly platformsComplete: boolean;
  readonly strategy: BuildStrategy;
  readonly dockerfile?: string;
  readonly buildArgs: Record<string, string>;
  readonly target?: string;
  readonly runners: RunnerPlan;
}

/** The image's `platformOverrides` as build legs, by platform. */
export function checkOverrides(problems: Problems, at: string, value: unknown, image: LegDefaults): Map<string, BuildLeg> {
  const overrides = new Map<string, BuildLeg>();
  if (value === undefined) return overrides;
  if (!Array.isArray(value)) {
    problems.add(`${at}.platformOverrides ${show(value)} must be a list of { platform, dockerfile?, runner?, buildArgs?, target? }`);
    return overrides;
  }
  value.forEach((override: PlatformOverride, i) => {
    const where = `${at}.platformOverrides[${i}]`;
    if (typeof override !== 'object' || override === null) {
      problems.add(`${where} ${show(override)} must be an object such as { platform: Platform.LINUX_ARM64, dockerfile: 'Dockerfile.arm64' }`);
      return;
    }
    problems.addUnknownKeys(where, override, PLATFORM_OVERRIDE_KEYS);
    if (!checkInstance(problems, `${where}.platform`, override.platform, Platform, PLATFORM_ADVICE)) return;
    const platform = override.platform;
    if (!image.platforms.some(p => p.value === platform.value)) {
      if (image.platformsComplete) {
        problems.add(`${where}.platform ${platform.value} is not built by this image; its platforms are ${image.platforms.map(p => p.value).join(', ')}`);
      }
      return;
    }
    if (overrides.has(platform.value)) {
      problems.add(`${where}.platform ${platform.value} already has an override; merge them into one`);
      return;
    }
    if (image.strategy === BuildStrategy.EMULATED) {
      problems.add(`${where} needs BuildStrategy.NATIVE: the emulated strategy builds every platform in one build, so per-platform Dockerfiles, runners, build arguments and targets cannot apply`);
      return;
    }
    const runnerValid = override.runner === undefined
      || checkInstance(problems, `${where}.runner`, override.runner, Runner, 'use Runner.UBUNTU_24_04_ARM, Runner.labels(...) or Runner.group(...)');
    const runner = runnerValid && override.runner ? override.runner : image.runners.runnerFor(platform);
    overrides.set(platform.value, {
      platform,
      runner,
      emulated: needsEmulation(platform, runner),
      dockerfile: override.dockerfile === undefined
        ? image.dockerfile ?? ''
        : checkRepoPath(problems, `${where}.dockerfile`, override.dockerfile, DOCKERFILE_EXAMPLE) ?? '',
      buildArgs: { ...image.buildArgs, ...checkBuildArgs(problems, `${where}.buildArgs`, override.buildArgs) },
      target: override.target === undefined ? image.target : checkTarget(problems, `${where}.target`, override.target),
    });
  });
  return overrides;
}
