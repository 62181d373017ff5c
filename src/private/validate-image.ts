import * as path from 'path';
import { BuildStrategy } from '../build-strategy';
import { Cache } from '../cache';
import { DockerfileChecksOptions } from '../dockerfile-checks';
import { ImageOptions, SmokeTestOptions } from '../image';
import { Registry } from '../registry';
import { FlavorOptions, TagRule } from '../tags';
import { checkCheckout, checkPreBuildSteps } from './before-build';
import { checkBuildSecrets } from './build-secrets';
import { checkCache } from './cache-inputs';
import { dockerfileCheckBuildArgs, dockerfileChecksProblems } from './dockerfile-checks';
import { checkBoolean, checkEnvironment, checkTimeout } from './job-settings';
import { jobSuffixOf, ResolvedImage } from './model';
import { checkRepository, IMAGE_NAME } from './names';
import { checkInstance, Problems, show } from './problems';
import { IMAGE_KEYS, SMOKE_TEST_KEYS } from './publisher-option-keys';
import { checkRepoPath, CONTEXT_EXAMPLE, DOCKERFILE_EXAMPLE } from './repo-paths';
import { needsEmulation, RunnerPlan } from './runner-plan';
import { checkBuildArgs, checkMetadata } from './string-maps';
import { checkOverrides, checkPlatforms, checkTarget } from './validate-platforms';
import { checkFlavor } from './validate-publisher';
import { checkRegistries } from './validate-registries';
import { ResolvedSupplyChain, resolveSupplyChain } from './validate-supply-chain';
import { checkTagRules } from './validate-tags';

/** The OCI key that names an image; metadata-action's default is the repository's name. */
const TITLE = 'org.opencontainers.image.title';

/** Publisher-level defaults an image falls back to. */
export interface ImageDefaults {
  readonly registries: Registry[];
  readonly labels: Record<string, string>;
  readonly annotations: Record<string, string>;
  readonly tags: TagRule[];
  readonly flavor?: FlavorOptions;
  readonly runners: RunnerPlan;
  readonly cache: Cache;
  readonly dockerfileChecks?: DockerfileChecksOptions;
  readonly timeoutMinutes?: number;
  readonly failFast: boolean;
  readonly environment?: string;
  readonly supplyChain: ResolvedSupplyChain;
}

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

  problems.addUnknownKeys(at, options, IMAGE_KEYS);
  const name = options.name;
  if (typeof name !== 'string' || !IMAGE_NAME.test(name) || name.length > 128) {
    problems.add(`${at}.name ${show(name)} is not a valid image name; use lowercase letters and digits separated by ".", "_", "__" or one or more "-" (at most 128 characters), e.g. "my-api"`);
  }

  const context = options.context === undefined ? '.' : checkRepoPath(problems, `${at}.context`, options.context, CONTEXT_EXAMPLE);
  const dockerfile = options.dockerfile === undefined
    ? path.posix.join(context ?? '.', 'Dockerfile')
    : checkRepoPath(problems, `${at}.dockerfile`, options.dockerfile, DOCKERFILE_EXAMPLE);

  let strategy = BuildStrategy.NATIVE;
  if (options.strategy !== undefined
    && checkInstance(problems, `${at}.strategy`, options.strategy, BuildStrategy, 'use BuildStrategy.NATIVE or BuildStrategy.EMULATED')) {
    strategy = options.strategy;
  }

  const { platforms, complete } = checkPlatforms(problems, `${at}.platforms`, options.platforms);
  dockerfileChecksProblems(`${at}.dockerfileChecks`, options.dockerfileChecks).forEach(problem => problems.add(problem));
  const checks = dockerfileCheckBuildArgs(options.dockerfileChecks ?? defaults.dockerfileChecks);
  const buildArgs = { ...checks, ...checkBuildArgs(problems, `${at}.buildArgs`, options.buildArgs) };
  const target = checkTarget(problems, `${at}.target`, options.target);
  const tags = checkTagRules(problems, `${at}.tags`, options.tags) ?? defaults.tags;
  const registries = checkRegistries(problems, `${at}.registries`, options.registries) ?? defaults.registries;
  // Several images of one repository are told apart by their title; a user's own title wins.
  const title: Record<string, string> = typeof name === 'string' ? { [TITLE]: name } : {};
  const labels = { ...title, ...defaults.labels, ...checkMetadata(problems, `${at}.labels`, options.labels) };
  const annotations = { ...title, ...defaults.annotations, ...checkMetadata(problems, `${at}.annotations`, options.annotations) };
  const overrides = checkOverrides(problems, at, options.platformOverrides, {
    platforms, platformsComplete: complete, strategy, dockerfile, buildArgs, target, runners: defaults.runners,
  });

  const buildSecrets = checkBuildSecrets(problems, `${at}.buildSecrets`, options.buildSecrets);
  const preBuildSteps = checkPreBuildSteps(problems, `${at}.preBuildSteps`, options.preBuildSteps);
  const checkout = checkCheckout(problems, `${at}.checkout`, options.checkout);
  const cache = checkCache(problems, `${at}.cache`, options.cache) ?? defaults.cache;
  const repository = checkRepository(problems, `${at}.repository`, options.repository);
  const freeDiskSpace = options.freeDiskSpace ?? false;
  if (typeof freeDiskSpace !== 'boolean') problems.add(`${at}.freeDiskSpace ${show(freeDiskSpace)} must be true or false`);
  const flavor = checkFlavor(problems, options.flavor, `${at}.flavor`);
  const timeoutMinutes = checkTimeout(problems, `${at}.timeoutMinutes`, options.timeoutMinutes) ?? defaults.timeoutMinutes;
  const failFast = checkBoolean(problems, `${at}.failFast`, options.failFast) ?? defaults.failFast;
  const environment = checkEnvironment(problems, `${at}.environment`, options.environment) ?? defaults.environment;
  const smokeTest = checkSmokeTest(problems, `${at}.smokeTest`, options.smokeTest);
  const supplyChain = resolveSupplyChain(problems, `${at}.`, options, defaults.supplyChain);

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
    jobSuffix: jobSuffixOf(name),
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
    timeoutMinutes,
    failFast,
    environment,
    supplyChain,
  };
}

function checkSmokeTest(problems: Problems, option: string, value: unknown): SmokeTestOptions | undefined {
  if (value === undefined) return undefined;
  const test = value as SmokeTestOptions;
  if (typeof value !== 'object' || value === null || !Array.isArray(test.args) || test.args.length === 0) {
    problems.add(`${option} ${show(value)} needs args, a non-empty list such as ['--version']`);
    return undefined;
  }
  problems.addUnknownKeys(option, value, SMOKE_TEST_KEYS);
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
