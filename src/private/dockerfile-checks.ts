import { DockerfileChecksOptions } from '../dockerfile-checks';
import { unknownKeyProblems } from './option-keys';
import { DOCKERFILE_CHECKS_KEYS } from './publisher-option-keys';

/** BuildKit's build argument for its Dockerfile checks. */
const CHECK_ARG = 'BUILDKIT_DOCKERFILE_CHECK';
const RULE = /^[A-Z][A-Za-z]+$/;

/** What is wrong with a `dockerfileChecks` option, one message per problem. */
export function dockerfileChecksProblems(option: string, value: unknown): string[] {
  if (value === undefined) return [];
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return [`${option} ${JSON.stringify(value)} must be an object such as { failOnWarnings: true, skip: ['JSONArgsRecommended'] }`];
  }
  const checks = value as DockerfileChecksOptions;
  const problems: string[] = unknownKeyProblems(option, value, DOCKERFILE_CHECKS_KEYS);
  if (checks.failOnWarnings !== undefined && typeof checks.failOnWarnings !== 'boolean') {
    problems.push(`${option}.failOnWarnings ${JSON.stringify(checks.failOnWarnings)} must be true or false`);
  }
  if (checks.skip !== undefined && (!Array.isArray(checks.skip) || !checks.skip.every(rule => typeof rule === 'string' && RULE.test(rule)))) {
    problems.push(`${option}.skip ${JSON.stringify(checks.skip)} must be a list of BuildKit check rule names, e.g. ["JSONArgsRecommended"]`);
  }
  return problems;
}

/** The build argument that applies the checks (none when BuildKit's own warnings are asked for). */
export function dockerfileCheckBuildArgs(checks: DockerfileChecksOptions | undefined): Record<string, string> {
  const parts: string[] = [];
  if (checks?.skip?.length) parts.push(`skip=${checks.skip.join(',')}`);
  if (checks?.failOnWarnings ?? true) parts.push('error=true');
  return parts.length > 0 ? { [CHECK_ARG]: parts.join(';') } : {};
}
