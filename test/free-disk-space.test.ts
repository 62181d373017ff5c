/**
 * freeDiskSpace's script, run for real under bash, but against stand-in
 * directories: it deletes toolchains, so it must never run on this machine's
 * own /usr or /opt (nor under act, which runs jobs on this host).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { TagRule } from '../src';
import { synthWorkflow } from './util';

describe('freeDiskSpace', () => {
  const { workflow } = synthWorkflow({
    tags: [TagRule.semver('{{version}}')],
    images: [{ name: 'worker', freeDiskSpace: true }],
  });
  const step = workflow.jobs['build-worker'].steps.find((s: any) => s.name === 'Free disk space');

  test('the generated step removes the listed toolchains (stand-ins under a temporary root) and reports what it freed', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'free-disk-'));
    try {
      for (const dir of ['usr/local/lib/android/sdk', 'usr/local/julia1.11/bin', 'usr/local/lib/keep', 'opt/hostedtoolcache/node']) {
        fs.mkdirSync(path.join(root, dir), { recursive: true });
        fs.writeFileSync(path.join(root, dir, 'big'), Buffer.alloc(1024 * 1024));
      }
      // A sudo that only runs its command, for a run as an ordinary user (the script uses sudo then).
      const bin = path.join(root, 'bin');
      fs.mkdirSync(bin);
      fs.writeFileSync(path.join(bin, 'sudo'), '#!/bin/sh\nexec "$@"\n', { mode: 0o755 });
      // Each listed path, moved under the root (its glob kept): the step's own list, nothing else.
      const standIns = (step.env.REMOVE_PATHS as string).split(' ').map(p => path.join(root, p)).join(' ');
      // As GitHub runs a `shell: bash` step: the script in a file, `bash --noprofile --norc -eo pipefail {0}`.
      const script = path.join(root, 'step.sh');
      fs.writeFileSync(script, step.run);
      const result = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], {
        encoding: 'utf-8',
        env: { PATH: `${bin}:${process.env.PATH}`, REMOVE_PATHS: standIns },
      });
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      expect(result.stdout).toMatch(/^Freed -?\d+ MiB in \d+ s; \d+ GiB available on \/\n$/);
      // Android and Julia (a glob) are gone; what is not listed stays.
      expect(fs.existsSync(path.join(root, 'usr/local/lib/android'))).toBe(false);
      expect(fs.existsSync(path.join(root, 'usr/local/julia1.11'))).toBe(false);
      expect(fs.readdirSync(path.join(root, 'usr/local/lib'))).toEqual(['keep']);
      expect(fs.readdirSync(path.join(root, 'opt/hostedtoolcache'))).toEqual(['node']);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  test('it runs only on GitHub-hosted runners (never on a self-hosted machine, nor under act here)', () => {
    expect(step.if).toBe("runner.environment == 'github-hosted'");
    expect(step.shell).toBe('bash');
  });
});
