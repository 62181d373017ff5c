import { Problems, show } from './problems';

/**
 * The distribution grammar of a name component: lowercase letters and digits
 * separated by `.`, one or two `_`, or one or more `-`.
 */
export const IMAGE_NAME = /^[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*$/;

/** A registry repository path: lowercase components separated by `/`. */
export function checkRepository(problems: Problems, option: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.length > 255 || !value.split('/').every(part => IMAGE_NAME.test(part))) {
    problems.add(`${option} ${show(value)} is not a valid repository name; use lowercase letters and digits separated by ".", "_", "__" or one or more "-", in "/"-separated parts, e.g. "server" or "tools/server"`);
    return undefined;
  }
  return value;
}
