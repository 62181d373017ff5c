import * as path from 'path';
import { BuildStrategy } from '../build-strategy';
import { Cache } from '../cache';
import { ImageOptions, SmokeTestOptions } from '../image';
import { Platform } from '../platform';
import { Registry } from '../registry';
import { Runner } from '../runner';
import { FlavorOptions, TagRule } from '../tags';
import { checkCheckout, checkPreBuildSteps } from './before-build';
import { buildArgExpressionProblems } from './build-args';
import { checkBuildSecrets } from './build-secrets';
import { checkCache } from './cache-inputs';
import { BuildLeg, ResolvedImage } from './model';
import { checkRepository, IMAGE_NAME } from './names';
import { Problems, show } from './problems';
import { needsEmulation, RunnerPlan } from './runner-plan';
import { checkFlavor } from './validate-publisher';

const STAGE = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

export { Problems, show };

/**
 * A path inside the repository, normalised to POSIX form. Returns undefined
 * (and records a problem) for absolute paths, paths that climb out of the
 * repository and values that are not literal strings.
 */
export function checkRepoPath(problems: Problems, option: string, value: unknown): string | undefined {
  if (typeof value !== 'string' || value.trim() === '') {
    problems.add(`${option} ${show(value)} is not a path; give a path relative to the repository root`);
    return undefined;
  }
  if (/[\n\r\0]/.test(value) || value.includes('${{')) {
    problems.add(`${option} ${show(value)} must be a literal path without line breaks or expressions`);
    return undefined;
  }
  const normalized = path.posix.normalize(value.replace(/\\/g, '/'));
  if (path.posix.isAbsolute(normalized) || /^[A-Za-z]:/.test(normalized) || normalized === '..' || normalized.startsWith('../')) {
    problems.add(`${option} ${show(value)} is outside the repository; give a path relative to the repository root, e.g. "docker/Dockerfile"`);
    return undefined;
  }
  return normalized === '' ? '.' : normalized.replace(/\/$/, '') || '.';
}

function checkTarget(problems: Problems, option: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !STAGE.test(value)) {
    problems.add(`${option} ${show(value)} is not a Dockerfile stage name; use letters, digits, ".", "_" and "-"`);
    return undefined;
  }
  return value;
}

/** Checks a list of tag rules; `undefined` stays undefined. */
export function checkTagRules(problems: Problems, option: string, value: unknown): TagRule[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.length === 0) {
    problems.add(`${option} ${show(value)} must be a non-empty list of TagRule (e.g. [TagRule.semver('{{version}}')])`);
    return undefined;
  }
  value.forEach((rule, i) => {
    if (!(rule instanceof TagRule)) {
      problems.add(`${option}[${i}] ${show(rule)} is not a TagRule; use a factory such as TagRule.raw('latest')`);
    }
  });
  const seen = new Set<string>();
  for (const rule of value) {
    if (rule instanceof TagRule && seen.has(rule.expression)) {
      problems.add(`${option} lists ${show(rule.expression)} twice`);
    }
    seen.add(String(rule));
  }
  return value as TagRule[];
}

/** What the keys of a string map must look like, and how to say so. */
interface KeyRule {
  readonly pattern: RegExp;
  readonly description: string;
}

const BUILD_ARG_KEY: KeyRule = {
  pattern: /^[A-Za-z_][A-Za-z0-9_]*$/,
  description: 'is not a build argument name; use letters, digits and "_", not starting with a digit',
};

const METADATA_KEY: KeyRule = {
  pattern: /^[A-Za-z0-9][A-Za-z0-9._\/-]*$/,
  description: 'is not allowed; use letters, digits, ".", "_", "-" and "/", e.g. "org.opencontainers.image.vendor"',
};

/** A map of one-line strings whose keys follow `keys`; `undefined` is empty. */
function checkStringMap(problems: Problems, option: string, value: unknown, keys: KeyRule): Record<string, string> {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    problems.add(`${option} ${show(value)} must be an object of key: value strings`);
    return {};
  }
  const result: Record<string, string> = {};
  for (const [key, entry] of Object.entries(value)) {
    if (!keys.pattern.test(key)) {
      problems.add(`${option} key ${show(key)} ${keys.description}`);
    } else if (typeof entry !== 'string' || /[\n\r]/.test(entry)) {
      problems.add(`${option}.${key} ${show(entry)} must be a string without line breaks`);
    } else {
      result[key] = entry;
    }
  }
  return result;
}

function checkBuildArgs(problems: Problems, option: string, value: unknown): Record<string, string> {
  const args = checkStringMap(problems, option, value, BUILD_ARG_KEY);
  buildArgExpressionProblems(option, args).forEach(problem => problems.add(problem));
  return args;
}

/** Labels or annotations: `key: value` strings that fit on one line. */
export function checkMetadata(problems: Problems, option: string, value: unknown): Record<string, string> {
  return checkStringMap(problems, option, value, METADATA_KEY);
}

/** A non-empty list of distinct registries; `undefined` stays undefined. */
export function checkRegistries(problems: Problems, option: string, value: unknown): Registry[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.length === 0) {
    problems.add(`${option} ${show(value)} must be a non-empty list of Registry (e.g. [Registry.ghcr()])`);
    return undefined;
  }
  const seen = new Set<string>();
  value.forEach((registry, i) => {
    if (!(registry instanceof Registry)) {
      problems.add(`${option}[${i}] ${show(registry)} is not a Registry; use a factory such as Registry.ghcr()`);
    } else if (seen.has(registry.toString())) {
      problems.add(`${option} lists ${registry.toString()} twice`);
    } else {
      seen.add(registry.toString());
    }
  });
  return value as Registry[];
}

/** Publisher-level defaults an image falls back to. */
export interface ImageDefaults {
  readonly registries: Registry[];
  readonly labels: Record<string, string>;
  readonly annotations: Record<string, string>;
  readonly tags: TagRule[];
  readonly flavor?: FlavorOptions;
  readonly runners: RunnerPlan;
  readonly cache: Cache;
}

const DEFAULT_PLATFORMS = [Platform.LINUX_AMD64, Platform.LINUX_ARM64];

/**
 * Checks one image's options and applies every default. Throws one Error
 * naming each problem (`images[<index>].<option>`, the value, what is allowed).
 */
export function resolveImage(options: ImageOptions, index: number, defaults: ImageDefaults): ResolvedImage {
  const at = `images[${index}]`;
  const problems = new Problems();
  if (typeof options !== 'object' || options === null) {
    throw new Error(`MultiArchImagePublisher: ${at} ${show(options)} must be an object with at least a name`);
  }

  const name = options.name;
  if (typeof name !== 'string' || !IMAGE_NAME.test(name) || name.length > 128) {
    problems.add(`${at}.name ${show(name)} is not a valid image name; use lowercase letters and digits separated by ".", "_", "__" or "-" (at most 128 characters), e.g. "my-api"`);
  }

  const context = options.context === undefined ? '.' : checkRepoPath(problems, `${at}.context`, options.context);
  const dockerfile = options.dockerfile === undefined
    ? path.posix.join(context ?? '.', 'Dockerfile')
    : checkRepoPath(problems, `${at}.dockerfile`, options.dockerfile);

  let strategy = BuildStrategy.NATIVE;
  if (options.strategy !== undefined) {
    if (options.strategy instanceof BuildStrategy) {
      strategy = options.strategy;
    } else {
      problems.add(`${at}.strategy ${show(options.strategy)} is not a BuildStrategy; use BuildStrategy.NATIVE or BuildStrategy.EMULATED`);
    }
  }

  let platforms: Platform[] = DEFAULT_PLATFORMS;
  if (options.platforms !== undefined) {
    if (!Array.isArray(options.platforms) || options.platforms.length === 0) {
      problems.add(`${at}.platforms ${show(options.platforms)} must be a non-empty list of Platform (e.g. [Platform.LINUX_AMD64])`);
      platforms = [];
    } else {
      platforms = [];
      options.platforms.forEach((platform, i) => {
        if (!(platform instanceof Platform)) {
          problems.add(`${at}.platforms[${i}] ${show(platform)} is not a Platform; use a constant such as Platform.LINUX_ARM64 or Platform.of('linux/arm64')`);
        } else if (platforms.some(p => p.value === platform.value)) {
          problems.add(`${at}.platforms lists ${platform.value} twice`);
        } else {
          platforms.push(platform);
        }
      });
    }
  }

  const buildArgs = checkBuildArgs(problems, `${at}.buildArgs`, options.buildArgs);
  const target = checkTarget(problems, `${at}.target`, options.target);
  const tags = checkTagRules(problems, `${at}.tags`, options.tags) ?? defaults.tags;
  const registries = checkRegistries(problems, `${at}.registries`, options.registries) ?? defaults.registries;
  const labels = { ...defaults.labels, ...checkMetadata(problems, `${at}.labels`, options.labels) };
  const annotations = { ...defaults.annotations, ...checkMetadata(problems, `${at}.annotations`, options.annotations) };

  const overrides = new Map<string, BuildLeg>();
  const overrideList = options.platformOverrides ?? [];
  if (!Array.isArray(overrideList)) {
    problems.add(`${at}.platformOverrides ${show(overrideList)} must be a list of { platform, dockerfile?, runner?, buildArgs?, target? }`);
  } else {
    overrideList.forEach((override, i) => {
      const where = `${at}.platformOverrides[${i}]`;
      if (typeof override !== 'object' || override === null || !(override.platform instanceof Platform)) {
        problems.add(`${where}.platform ${show(override?.platform)} is not a Platform; use a constant such as Platform.LINUX_ARM64`);
        return;
      }
      const platform = override.platform;
      if (!platforms.some(p => p.value === platform.value)) {
        problems.add(`${where}.platform ${platform.value} is not built by this image; its platforms are ${platforms.map(p => p.value).join(', ') || '(none)'}`);
        return;
      }
      if (overrides.has(platform.value)) {
        problems.add(`${where}.platform ${platform.value} already has an override; merge them into one`);
        return;
      }
      if (strategy === BuildStrategy.EMULATED) {
        problems.add(`${where} needs BuildStrategy.NATIVE: the emulated strategy builds every platform in one build, so per-platform Dockerfiles, runners, build arguments and targets cannot apply`);
        return;
      }
      if (override.runner !== undefined && !(override.runner instanceof Runner)) {
        problems.add(`${where}.runner ${show(override.runner)} is not a Runner; use Runner.UBUNTU_24_04_ARM, Runner.labels(...) or Runner.group(...)`);
      }
      const runner = override.runner instanceof Runner ? override.runner : defaults.runners.runnerFor(platform);
      overrides.set(platform.value, {
        platform,
        runner,
        emulated: needsEmulation(platform, runner),
        dockerfile: override.dockerfile === undefined ? dockerfile ?? '' : checkRepoPath(problems, `${where}.dockerfile`, override.dockerfile) ?? '',
        buildArgs: { ...buildArgs, ...checkBuildArgs(problems, `${where}.buildArgs`, override.buildArgs) },
        target: override.target === undefined ? target : checkTarget(problems, `${where}.target`, override.target),
      });
    });
  }

  const buildSecrets = checkBuildSecrets(problems, `${at}.buildSecrets`, options.buildSecrets);
  const preBuildSteps = checkPreBuildSteps(problems, `${at}.preBuildSteps`, options.preBuildSteps);
  const checkout = checkCheckout(problems, `${at}.checkout`, options.checkout);
  const cache = checkCache(problems, `${at}.cache`, options.cache) ?? defaults.cache;
  const repository = checkRepository(problems, `${at}.repository`, options.repository);
  const freeDiskSpace = options.freeDiskSpace ?? false;
  if (typeof freeDiskSpace !== 'boolean') problems.add(`${at}.freeDiskSpace ${show(freeDiskSpace)} must be true or false`);
  const flavor = checkFlavor(problems, options.flavor, `${at}.flavor`);
  const smokeTest = checkSmokeTest(problems, `${at}.smokeTest`, options.smokeTest);
  if (smokeTest && strategy === BuildStrategy.EMULATED) {
    problems.add(`${at}.smokeTest needs BuildStrategy.NATIVE: the emulated strategy pushes its tags in the same step that builds, so there is no moment to test a platform image before it is published`);
  }

  problems.throwIfAny(`MultiArchImagePublisher: invalid image ${typeof name === 'string' ? show(name) : `at ${at}`}`);

  const legs = platforms.map(platform => overrides.get(platform.value) ?? {
    platform,
    runner: defaults.runners.runnerFor(platform),
    emulated: needsEmulation(platform, defaults.runners.runnerFor(platform)),
    dockerfile: dockerfile!,
    buildArgs,
    target,
  });
  return {
    name,
    jobSuffix: name.replace(/\./g, '-'),
    context: context!,
    strategy,
    legs,
    tags,
    buildArgs,
    dockerfile: dockerfile!,
    target,
    registries,
    repository: repository ?? name,
    // The image's flavor settings win one by one over the publisher's.
    flavor: defaults.flavor || flavor ? { ...defaults.flavor, ...flavor } : undefined,
    smokeTest,
    buildSecrets,
    preBuildSteps,
    checkout,
    cache,
    freeDiskSpace,
    labels,
    annotations,
  };
}

function checkSmokeTest(problems: Problems, option: string, value: unknown): SmokeTestOptions | undefined {
  if (value === undefined) return undefined;
  const test = value as SmokeTestOptions;
  if (typeof value !== 'object' || value === null || !Array.isArray(test.args) || test.args.length === 0) {
    problems.add(`${option} ${show(value)} needs args, a non-empty list such as ['--version']`);
    return undefined;
  }
  test.args.forEach((arg, i) => {
    if (typeof arg !== 'string' || /[\n\r]/.test(arg)) {
      problems.add(`${option}.args[${i}] ${show(arg)} must be a string without line breaks`);
    }
  });
  if (test.expectOutput !== undefined) {
    let valid = typeof test.expectOutput === 'string' && test.expectOutput !== '' && !/[\n\r]/.test(test.expectOutput);
    try {
      new RegExp(String(test.expectOutput));
    } catch {
      valid = false;
    }
    if (!valid) {
      problems.add(`${option}.expectOutput ${show(test.expectOutput)} is not a one-line regular expression, e.g. "^app 1\\."`);
    }
  }
  return test;
}
