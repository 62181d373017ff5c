import { SetupBuildxOptions } from '../buildx';
import { Platform } from '../platform';
import { PlatformRunner, Runner } from '../runner';
import { FlavorOptions, LatestTag } from '../tags';
import { checkInstance, Problems, show } from './problems';
import { FLAVOR_KEYS, PLATFORM_RUNNER_KEYS, SETUP_BUILDX_KEYS } from './publisher-option-keys';
import { TagPart, tagTextProblem } from './tag-grammar';

export function checkPlatformRunners(problems: Problems, value: PlatformRunner[] | undefined): PlatformRunner[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    problems.add(`platformRunners ${show(value)} must be a list of { platform, runner }`);
    return [];
  }
  const seen = new Set<string>();
  return value.filter((entry, i) => {
    if (typeof entry !== 'object' || entry === null) {
      problems.add(`platformRunners[${i}] ${show(entry)} must be an object such as { platform: Platform.LINUX_ARM64, runner: Runner.labels('my-arm64-runner') }`);
      return false;
    }
    problems.addUnknownKeys(`platformRunners[${i}]`, entry, PLATFORM_RUNNER_KEYS);
    const platformValid = checkInstance(problems, `platformRunners[${i}].platform`, entry.platform, Platform, 'use a constant such as Platform.LINUX_ARM64');
    const runnerValid = checkInstance(problems, `platformRunners[${i}].runner`, entry.runner, Runner, 'use Runner.labels(...), Runner.group(...) or a constant');
    if (!platformValid || !runnerValid) return false;
    if (seen.has(entry.platform.value)) {
      problems.add(`platformRunners lists ${entry.platform.value} twice`);
      return false;
    }
    seen.add(entry.platform.value);
    return true;
  });
}

export function checkFlavor(problems: Problems, value: FlavorOptions | undefined, option = 'flavor'): FlavorOptions | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null) {
    problems.add(`${option} ${show(value)} must be an object such as { latest: LatestTag.AUTO }`);
    return undefined;
  }
  problems.addUnknownKeys(option, value, FLAVOR_KEYS);
  const latestValues = Object.values(LatestTag) as string[];
  if (value.latest !== undefined && !latestValues.includes(value.latest)) {
    problems.add(`${option}.latest ${show(value.latest)} is not allowed; use LatestTag.AUTO, LatestTag.ALWAYS or LatestTag.NEVER`);
  }
  for (const key of ['prefix', 'suffix'] as const) {
    const text = value[key];
    if (text !== undefined && (typeof text !== 'string' || /[\n\r,]/.test(text))) {
      problems.add(`${option}.${key} ${show(text)} must be a string without commas or line breaks`);
    } else if (text !== undefined) {
      const problem = tagTextProblem(text, key === 'prefix' ? TagPart.PREFIX : TagPart.REST);
      if (problem) problems.add(`${option}.${key} ${problem}`);
    }
  }
  if (value.onLatest !== undefined && typeof value.onLatest !== 'boolean') {
    problems.add(`${option}.onLatest ${show(value.onLatest)} must be true or false`);
  }
  return value;
}

const BUILDX_VERSION = /^(latest|v?\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?)$/;

export function checkSetupBuildx(problems: Problems, value: SetupBuildxOptions | undefined): SetupBuildxOptions | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    problems.add(`setupBuildx ${show(value)} must be an object such as { version: 'v0.19.3', driverOpts: ['image=moby/buildkit:v0.18.2'] }`);
    return undefined;
  }
  problems.addUnknownKeys('setupBuildx', value, SETUP_BUILDX_KEYS);
  if (value.version !== undefined && (typeof value.version !== 'string' || !BUILDX_VERSION.test(value.version))) {
    problems.add(`setupBuildx.version ${show(value.version)} is not a buildx release; use e.g. "v0.19.3" or "latest"`);
  }
  if (value.driverOpts !== undefined) {
    if (!Array.isArray(value.driverOpts)) {
      problems.add(`setupBuildx.driverOpts ${show(value.driverOpts)} must be a list of "key=value" strings`);
    } else {
      value.driverOpts.forEach((option, i) => {
        if (typeof option !== 'string' || !/^[A-Za-z][A-Za-z0-9._-]*=[^\n\r]*$/.test(option)) {
          problems.add(`setupBuildx.driverOpts[${i}] ${show(option)} must be one "key=value" line, e.g. "image=moby/buildkit:v0.18.2"`);
        }
      });
    }
  }
  return value;
}
