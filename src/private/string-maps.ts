import { buildArgExpressionProblems } from './build-args';
import { Problems, show } from './problems';

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

/** Build arguments: `NAME: value` strings that fit on one line. */
export function checkBuildArgs(problems: Problems, option: string, value: unknown): Record<string, string> {
  const args = checkStringMap(problems, option, value, BUILD_ARG_KEY);
  buildArgExpressionProblems(option, args).forEach(problem => problems.add(problem));
  return args;
}

/** Labels or annotations: `key: value` strings that fit on one line. */
export function checkMetadata(problems: Problems, option: string, value: unknown): Record<string, string> {
  return checkStringMap(problems, option, value, METADATA_KEY);
}
