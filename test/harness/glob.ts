/**
 * Glob matching for artifact names and file paths. Uses the `minimatch`
 * package when node_modules has it (download-artifact itself uses minimatch
 * for `pattern:`), else a small fallback that understands `*`, `?`, `**` and
 * `[...]`.
 */
import * as fs from 'fs';
import * as path from 'path';

type Matcher = (name: string, pattern: string) => boolean;

function loadMinimatch(): Matcher | undefined {
  try {
    // minimatch is not a declared dependency: use it when node_modules has it.
    // eslint-disable-next-line @typescript-eslint/no-require-imports, import/no-extraneous-dependencies
    const mod = require('minimatch');
    const fn = typeof mod === 'function' ? mod : mod.minimatch;
    if (typeof fn !== 'function') return undefined;
    return (name, pattern) => fn(name, pattern, { dot: true });
  } catch {
    return undefined;
  }
}

/** `*` within a path segment, `**` across segments, `?` one character, `[...]` a class. */
export function globToRegExp(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*') {
      if (pattern[i + 1] === '*') {
        i++;
        if (pattern[i + 1] === '/') { i++; re += '(?:.*/)?'; } else { re += '.*'; }
      } else {
        re += '[^/]*';
      }
    } else if (c === '?') {
      re += '[^/]';
    } else if (c === '[') {
      const end = pattern.indexOf(']', i + 1);
      if (end < 0) { re += '\\['; continue; }
      let cls = pattern.slice(i + 1, end);
      if (cls.startsWith('!')) cls = '^' + cls.slice(1);
      re += `[${cls.replace(/\\/g, '\\\\')}]`;
      i = end;
    } else {
      re += c.replace(/[.+^${}()|\\]/g, '\\$&');
    }
  }
  return new RegExp(`^${re}$`);
}

const fallback: Matcher = (name, pattern) => globToRegExp(pattern).test(name);

const minimatchImpl = loadMinimatch();

/** Which implementation is in use, for the harness's report. */
export const GLOB_IMPLEMENTATION = minimatchImpl ? 'minimatch' : 'built-in';

export function globMatch(name: string, pattern: string): boolean {
  return (minimatchImpl ?? fallback)(name, pattern);
}

export function hasGlob(p: string): boolean {
  return /[*?[]/.test(p);
}

/** Every file under `dir`, as absolute paths. */
export function walkFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const stat = fs.statSync(dir);
  if (stat.isFile()) return [dir];
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...walkFiles(full));
    else if (entry.isFile()) out.push(full);
  }
  return out.sort();
}

/**
 * Files matching an absolute path pattern (as actions/upload-artifact's
 * `path:` lines): a plain file, a directory (all files below it), or a glob.
 * Returns the files and the directory the match is rooted at (the part of
 * the pattern before its first wildcard).
 */
export function expandPathPattern(pattern: string): { files: string[]; root: string } {
  if (!hasGlob(pattern)) {
    if (!fs.existsSync(pattern)) return { files: [], root: path.dirname(pattern) };
    const isDir = fs.statSync(pattern).isDirectory();
    return { files: walkFiles(pattern), root: isDir ? pattern : path.dirname(pattern) };
  }
  const segments = pattern.split('/');
  const firstGlob = segments.findIndex(hasGlob);
  const root = segments.slice(0, firstGlob).join('/') || '/';
  const files = walkFiles(root).filter(file => globMatch(file, pattern) || globMatch(file, pattern + '/**'));
  return { files, root };
}
