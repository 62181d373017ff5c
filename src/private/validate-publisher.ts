import { Platform } from '../platform';
import { PlatformRunner, Runner } from '../runner';
import { FlavorOptions, LatestTag } from '../tags';
import { Problems, show } from './problems';

export function checkPlatformRunners(problems: Problems, value: PlatformRunner[] | undefined): PlatformRunner[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    problems.add(`platformRunners ${show(value)} must be a list of { platform, runner }`);
    return [];
  }
  const seen = new Set<string>();
  return value.filter((entry, i) => {
    if (typeof entry !== 'object' || entry === null || !(entry.platform instanceof Platform)) {
      problems.add(`platformRunners[${i}].platform ${show(entry?.platform)} is not a Platform; use a constant such as Platform.LINUX_ARM64`);
      return false;
    }
    if (!(entry.runner instanceof Runner)) {
      problems.add(`platformRunners[${i}].runner ${show(entry.runner)} is not a Runner; use Runner.labels(...), Runner.group(...) or a constant`);
      return false;
    }
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
  const latestValues = Object.values(LatestTag) as string[];
  if (value.latest !== undefined && !latestValues.includes(value.latest)) {
    problems.add(`${option}.latest ${show(value.latest)} is not allowed; use LatestTag.AUTO, LatestTag.ALWAYS or LatestTag.NEVER`);
  }
  for (const key of ['prefix', 'suffix'] as const) {
    const text = value[key];
    if (text !== undefined && (typeof text !== 'string' || /[\n\r,]/.test(text))) {
      problems.add(`${option}.${key} ${show(text)} must be a string without commas or line breaks`);
    }
  }
  if (value.onLatest !== undefined && typeof value.onLatest !== 'boolean') {
    problems.add(`${option}.onLatest ${show(value.onLatest)} must be true or false`);
  }
  return value;
}
