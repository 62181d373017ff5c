import * as fs from 'fs';
import * as path from 'path';

/**
 * The oldest projen the generated workflow is right on. Older releases
 * silently drop `shell: bash` from the steps (so `pipefail` is lost);
 * measured with scripts/projen-compat.ts. package.json's peer range is
 * built from this value (.projenrc.ts), so the two cannot drift apart.
 */
export const MIN_PROJEN_VERSION = '0.93.3';

/** The peer range this library declares for projen: every later 0.x release. */
export const PROJEN_PEER_RANGE = `>=${MIN_PROJEN_VERSION} <1.0.0`;

/**
 * False only for a projen release older than MIN_PROJEN_VERSION. An unknown
 * version, or projen's own development build (0.0.0), is given the benefit of the doubt.
 */
export function isSupportedProjenVersion(found: string | undefined): boolean {
  const version = parseVersion(found);
  if (!version || version.every(part => part === 0)) return true;
  return compareVersions(version, parseVersion(MIN_PROJEN_VERSION)!) >= 0;
}

/** Throws a plain Error if `found` is a projen release older than MIN_PROJEN_VERSION. */
export function checkProjenVersion(found: string | undefined): void {
  if (!isSupportedProjenVersion(found)) {
    throw new Error(`MultiArchImagePublisher: this project uses projen ${found}, but projen-multiarch-publisher needs projen ${PROJEN_PEER_RANGE} `
      + '(older releases drop `shell: bash` from workflow steps); upgrade projen with `npx projen upgrade` (raise `projenVersion` first if .projenrc.ts sets it)');
  }
}

/** The version of the projen this library runs with, if it can be read. */
export function installedProjenVersion(): string | undefined {
  try {
    const main = require.resolve('projen');
    // projen's entry point is lib/index.js; package.json is one level above lib/.
    const manifest = path.join(path.dirname(main), '..', 'package.json');
    const parsed = JSON.parse(fs.readFileSync(manifest, 'utf-8'));
    return parsed.name === 'projen' && typeof parsed.version === 'string' ? parsed.version : undefined;
  } catch {
    return undefined;
  }
}

function parseVersion(value: string | undefined): number[] | undefined {
  const match = /^(\d+)\.(\d+)\.(\d+)/.exec(value ?? '');
  return match ? match.slice(1, 4).map(Number) : undefined;
}

function compareVersions(a: number[], b: number[]): number {
  for (let i = 0; i < 3; i++) {
    if (a[i] !== b[i]) return a[i] - b[i];
  }
  return 0;
}
