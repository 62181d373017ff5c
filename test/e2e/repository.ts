import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { Testing } from 'projen';
import { MultiArchImagePublisher } from '../../src';
import { newProject } from '../util';
import { E2eEnvironment } from './environment';
import { Scenario } from './scenario';

export const WORKFLOW_FILE = '.github/workflows/publish-images.yml';

/**
 * git (not act, which reads github.repository from the remote's URL itself)
 * reaches https://github.com/<owner>/<name> in `<runDir>/origins/<owner>/<name>.git`:
 * set in the environment of the run (`url.<base>.insteadOf` as GIT_CONFIG_*),
 * so every git of the jobs, a fresh repository of the thin checkout included,
 * fetches from and lists the scenario's bare origin.
 */
export function useLocalOrigins(env: E2eEnvironment): void {
  Object.assign(process.env, {
    GIT_CONFIG_COUNT: '1',
    GIT_CONFIG_KEY_0: `url.${path.join(env.runDir, 'origins')}/.insteadOf`,
    GIT_CONFIG_VALUE_0: 'https://github.com/',
  });
}

/** A scenario's repository and the workflow file act runs in it. */
export interface WrittenRepository {
  readonly dir: string;
  readonly workflowFile: string;
}

/**
 * Writes a scenario's repository: the workflow the library generates for its
 * options, its files, one commit, and an `origin` naming the scenario's owner
 * (act reads github.repository from it). That URL is a bare repository here
 * (see useLocalOrigins), which gets the commit, so `git ls-remote origin` in
 * the jobs and the thin checkout of another ref answer locally.
 */
export function writeRepository(env: E2eEnvironment, scenario: Scenario): WrittenRepository {
  const dir = fs.mkdtempSync(path.join(env.runDir, `repo-${scenario.name}-`));
  const project = scenario.project?.() ?? newProject();
  const publisher = new MultiArchImagePublisher(project, scenario.options(env));
  scenario.customize?.(publisher, project, env);
  const workflowFile = scenario.workflowFile ?? publisher.workflow.file!.path;
  const text = Testing.synth(project)[workflowFile];
  if (text === undefined) throw new Error(`${scenario.name}: the project writes no ${workflowFile}`);
  fs.mkdirSync(path.join(dir, path.dirname(workflowFile)), { recursive: true });
  fs.writeFileSync(path.join(dir, workflowFile), text);
  for (const [file, content] of Object.entries(scenario.files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), content);
  }
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=e2e', '-c', 'user.email=e2e@localhost', ...args], { cwd: dir, encoding: 'utf-8', stdio: 'pipe' });
  const url = `https://github.com/${scenario.owner}/${scenario.name}.git`;
  execFileSync('git', ['init', '--quiet', '--bare', '--initial-branch', 'main', path.join(env.runDir, 'origins', scenario.owner, `${scenario.name}.git`)]);
  git('init', '--quiet', '--initial-branch', 'main');
  git('add', '.');
  git('commit', '--quiet', '-m', scenario.name);
  git('remote', 'add', 'origin', url);
  git('push', '--quiet', 'origin', 'main');
  scenario.git?.(git);
  return { dir, workflowFile };
}
