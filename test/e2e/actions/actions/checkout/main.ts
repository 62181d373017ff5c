import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as core from '@actions/core';
import { requiredEnv, run } from '../../lib/docker';

/**
 * act skips a checkout of the repository under test at the event's ref (it
 * copies the repository into the workspace instead), so this runs for another
 * ref of it: as actions/checkout, a repository in the workspace whose origin
 * is github.com/<repository>, fetching that ref. git reaches that URL in the
 * scenario's bare origin (useLocalOrigins in test/e2e/repository.ts). Another
 * repository is not reproduced.
 */
run(() => {
  const repository = core.getInput('repository') || requiredEnv('GITHUB_REPOSITORY');
  const ref = core.getInput('ref');
  if (repository !== requiredEnv('GITHUB_REPOSITORY') || !ref) {
    throw new Error(`checkout of ${repository}${ref ? '' : ' without a ref'} is not reproduced by the e2e run (act checks out only the repository under test)`);
  }
  const workspace = requiredEnv('GITHUB_WORKSPACE');
  const git = (...args: string[]) => {
    core.info(`[command]git ${args.join(' ')}`);
    return execFileSync('git', args, { cwd: workspace, encoding: 'utf-8' });
  };
  const url = `${process.env.GITHUB_SERVER_URL || 'https://github.com'}/${repository}.git`;
  fs.mkdirSync(workspace, { recursive: true });
  if (!fs.existsSync(path.join(workspace, '.git'))) {
    git('init', '--quiet');
    git('remote', 'add', 'origin', url);
  }
  const depth = core.getInput('fetch-depth') === '0' ? [] : [`--depth=${core.getInput('fetch-depth') || '1'}`];
  git('fetch', '--quiet', '--no-tags', ...depth, 'origin', ref);
  git('checkout', '--quiet', '--force', '--detach', 'FETCH_HEAD');
  core.info(`Checked out ${ref} at ${git('rev-parse', 'HEAD').trim()}`);
});
