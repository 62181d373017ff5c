import * as path from 'path';
import { Problems, show } from './problems';

/**
 * A path inside the repository, normalised to POSIX form. Returns undefined
 * (and records a problem) for absolute paths, paths that climb out of the
 * repository and values that are not literal strings. `example` is a valid
 * value of the same option (a directory for a context, a file for a Dockerfile).
 */
export function checkRepoPath(problems: Problems, option: string, value: unknown, example: string): string | undefined {
  const give = `give a path relative to the repository root, e.g. ${JSON.stringify(example)}`;
  if (typeof value !== 'string' || value.trim() === '') {
    problems.add(`${option} ${show(value)} is not a path; ${give}`);
    return undefined;
  }
  if (/[\n\r\0]/.test(value) || value.includes('${{')) {
    problems.add(`${option} ${show(value)} must be a literal path without line breaks or expressions`);
    return undefined;
  }
  const normalized = path.posix.normalize(value.replace(/\\/g, '/'));
  if (path.posix.isAbsolute(normalized) || /^[A-Za-z]:/.test(normalized) || normalized === '..' || normalized.startsWith('../')) {
    problems.add(`${option} ${show(value)} is outside the repository; ${give}`);
    return undefined;
  }
  return normalized === '' ? '.' : normalized.replace(/\/$/, '') || '.';
}

/** Examples the path errors give, one per kind of path. */
export const CONTEXT_EXAMPLE = 'docker/api';
export const DOCKERFILE_EXAMPLE = 'docker/Dockerfile';
