import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { E2eEnvironment, toolPath } from './environment';
import { freePort } from './ports';

/** The event a scenario triggers: act's event name and payload. */
export interface WorkflowEvent {
  readonly name: 'push' | 'pull_request' | 'workflow_dispatch' | 'schedule' | 'release';
  readonly payload: Record<string, unknown>;
}

export const Events = {
  tagPush: (tag: string): WorkflowEvent => ({ name: 'push', payload: { ref: `refs/tags/${tag}` } }),
  branchPush: (branch: string): WorkflowEvent => ({ name: 'push', payload: { ref: `refs/heads/${branch}` } }),
  // act takes a scheduled run's ref from repository.default_branch (without it: the checkout's
  // branch, and it writes default_branch "master" into the payload, which metadata-action reads).
  schedule: (cron = '0 3 * * *'): WorkflowEvent => ({ name: 'schedule', payload: { schedule: cron, repository: { default_branch: 'main' } } }),
  workflowDispatch: (inputs: Record<string, string> = {}, ref = 'refs/heads/main'): WorkflowEvent =>
    ({ name: 'workflow_dispatch', payload: { ref, inputs } }),
  release: (tag: string, action = 'published', prerelease = false): WorkflowEvent => ({
    name: 'release',
    payload: { action, ref: `refs/tags/${tag}`, release: { tag_name: tag, prerelease, draft: false } },
  }),
  pullRequest: (number: number, base = 'main'): WorkflowEvent => ({
    name: 'pull_request',
    payload: { number, pull_request: { number, head: { ref: 'feature' }, base: { ref: base } } },
  }),
};

/**
 * `owner/repo/<workflow file>@<ref>`, as GitHub sets GITHUB_WORKFLOW_REF (act 0.2.89 does
 * not; keyless signing certifies this identity). The repository is the one act reads from `origin`.
 */
function workflowRef(repoDir: string, workflowFile: string, event: WorkflowEvent): string {
  // The URL as written (act reads it so); `git remote get-url` would apply the run's insteadOf rewrite.
  const origin = execFileSync('git', ['config', '--get', 'remote.origin.url'], { cwd: repoDir, encoding: 'utf-8' }).trim();
  const repository = origin.replace(/^https:\/\/github\.com\//, '').replace(/\.git$/, '');
  const ref = event.name === 'pull_request' ? `refs/pull/${event.payload.number}/merge` : String(event.payload.ref ?? 'refs/heads/main');
  return `${repository}/${workflowFile}@${ref}`;
}

/** One act run: its exit code, each job's result and the whole log. */
export interface ActResult {
  readonly exitCode: number;
  /** Job id (matrix legs share one) -> `success` | `failure`. */
  readonly jobs: Record<string, string>;
  /** `job › step` of every failed step. */
  readonly failedSteps: string[];
  /** Every `::error::` message the steps printed. */
  readonly errors: string[];
  /** What act itself logged at level fatal (why it stopped before or between jobs). */
  readonly fatal: string[];
  readonly log: string;
}

/** The labels of one `runs-on` value: a label, a list of labels, or a group with labels. */
function labelsOf(runsOn: unknown): string[] {
  // A label chosen in an expression (`${{ cond && 'a' || 'b' }}`): every quoted literal (extras are harmless).
  if (typeof runsOn === 'string') return runsOn.includes('${{') ? [...runsOn.matchAll(/'([^']+)'/g)].map(m => m[1]) : [runsOn];
  if (Array.isArray(runsOn)) return runsOn.flatMap(labelsOf);
  if (runsOn && typeof runsOn === 'object') {
    const { group, labels } = runsOn as { group?: unknown; labels?: unknown };
    return [...labelsOf(labels ?? []), ...labelsOf(group ?? [])];
  }
  return [];
}

/**
 * Every label the workflow's jobs run on, from `runs-on:` and matrix `runner` entries
 * (JSON for several labels or a group: `runs-on: ${{ fromJSON(matrix.runner) }}`). Each label
 * is mapped on its own: act 0.2.89 evaluates a matrix job's runs-on once, for whichever leg
 * comes first, and every leg then looks up those labels.
 */
export function runnerLabels(workflowYaml: string): string[] {
  const workflow = YAML.parse(workflowYaml);
  const labels = new Set<string>();
  for (const job of Object.values<any>(workflow.jobs)) {
    labelsOf(job['runs-on']).forEach(label => labels.add(label));
    for (const entry of job.strategy?.matrix?.include ?? []) {
      if (typeof entry.runner !== 'string') continue;
      labelsOf(/^[[{]/.test(entry.runner) ? JSON.parse(entry.runner) : entry.runner).forEach(label => labels.add(label));
    }
  }
  return [...labels];
}

/**
 * Runs the repository's workflow under act: every job on this host, act's own
 * artifact and cache servers on 127.0.0.1 (ports of the run's own, see ports.ts), every
 * action mapped to its thin local folder, secrets given on the command line.
 */
export function runAct(env: E2eEnvironment, options: {
  readonly repoDir: string;
  readonly workflowFile: string;
  readonly event: WorkflowEvent;
  readonly localActions: string[];
  readonly secrets: Record<string, string>;
  /** github.actor: the user GHCR logins use. */
  readonly actor: string;
  readonly variables?: Record<string, string>;
  readonly extraEnv?: Record<string, string>;
}): ActResult {
  const work = fs.mkdtempSync(path.join(env.runDir, 'act-'));
  const eventFile = path.join(work, 'event.json');
  fs.writeFileSync(eventFile, JSON.stringify(options.event.payload));
  const args = [
    options.event.name, '--json', '--actor', options.actor, '-W', options.workflowFile, '-e', eventFile,
    ...runnerLabels(fs.readFileSync(path.join(options.repoDir, options.workflowFile), 'utf-8')).flatMap(label => ['-P', `${label}=-self-hosted`]),
    '--artifact-server-addr', '127.0.0.1', '--artifact-server-port', String(freePort()), '--artifact-server-path', path.join(work, 'artifacts'),
    '--cache-server-addr', '127.0.0.1', '--cache-server-port', String(freePort()), '--cache-server-path', path.join(work, 'cache'),
    '--action-cache-path', path.join(work, 'action-cache'), '--action-offline-mode',
    ...options.localActions.flatMap(mapping => ['--local-repository', mapping]),
    ...Object.keys(options.secrets).flatMap(name => ['-s', name]),
    ...Object.entries(options.variables ?? {}).flatMap(([name, value]) => ['--var', `${name}=${value}`]),
    '--env', `GITHUB_WORKFLOW_REF=${workflowRef(options.repoDir, options.workflowFile, options.event)}`,
  ];
  const result = spawnSync(toolPath(env, 'act'), args, {
    cwd: options.repoDir,
    encoding: 'utf-8',
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, ...options.secrets, ...options.extraEnv },
  });
  const log = `${result.stdout}\n${result.stderr}`;
  fs.writeFileSync(path.join(work, 'act.log'), log);
  const jobs: Record<string, string> = {};
  const failedSteps: string[] = [];
  const errors: string[] = [];
  const fatal: string[] = [];
  for (const line of result.stdout.split('\n')) {
    if (!line.startsWith('{')) continue;
    let entry: any;
    try { entry = JSON.parse(line); } catch { continue; }
    if (entry.level === 'fatal') fatal.push(String(entry.msg));
    if (entry.jobResult) jobs[entry.jobID] = jobs[entry.jobID] === 'failure' ? 'failure' : entry.jobResult;
    if (entry.stepResult === 'failure' && entry.stage === 'Main') failedSteps.push(`${entry.jobID} › ${entry.step}`);
    const error = /::error::(.*)$/.exec(String(entry.msg ?? '').trim());
    if (error) errors.push(error[1]);
  }
  return { exitCode: result.status ?? -1, jobs, failedSteps, errors, fatal, log };
}
