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
 * Writes a scenario's repository: the workflow the library generates for its
 * options, its files, one commit, and an `origin` naming the scenario's owner
 * (act reads github.repository from it; nothing is fetched).
 */
export function writeRepository(env: E2eEnvironment, scenario: Scenario): string {
  const dir = fs.mkdtempSync(path.join(env.runDir, `repo-${scenario.name}-`));
  const project = newProject();
  const publisher = new MultiArchImagePublisher(project, scenario.options(env));
  scenario.customize?.(publisher, project, env);
  const text = Testing.synth(project)[publisher.workflow.file!.path];
  fs.mkdirSync(path.join(dir, path.dirname(WORKFLOW_FILE)), { recursive: true });
  fs.writeFileSync(path.join(dir, WORKFLOW_FILE), text);
  for (const [file, content] of Object.entries(scenario.files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), content);
  }
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'pipe' });
  git('init', '--quiet', '--initial-branch', 'main');
  git('-c', 'user.name=e2e', '-c', 'user.email=e2e@localhost', 'add', '.');
  git('-c', 'user.name=e2e', '-c', 'user.email=e2e@localhost', 'commit', '--quiet', '-m', scenario.name);
  git('remote', 'add', 'origin', `https://github.com/${scenario.owner}/${scenario.name}.git`);
  return dir;
}
