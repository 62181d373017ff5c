/**
 * Runs a GitHub Actions workflow on this machine: jobs in `needs` order,
 * matrix legs one after the other (each on its own simulated machine: fresh
 * RUNNER_TEMP, workspace, HOME and /tmp), `run:` scripts for real with bash,
 * actions through the stand-ins in actions.ts, `docker` through the
 * recording stub in docker-cli.ts backed by the fake registry.
 */
import { spawnSync } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as YAML from 'yaml';
import { actionKey, HarnessError, LegRuntime, runAction, RunRuntime } from './actions';
import { ContextEntry, EvalContext, evaluateCondition, evaluateTemplate, interpolate, StatusFunctions, toStr, Value } from './expressions';
import { globMatch } from './glob';
import { ContainerRunFault, COSIGN_MARKER, EngineConfig, LocalImage, MACHINE_ENV, MachineState } from './machine';
import { FakeRegistry, RegistryFault } from './registry';
import {
  Annotation, AttestationRecord, BuildRecord, ContainerRunRecord, DockerCall, DownloadRecord, Fault, ImagetoolsCreate, JobRecord, LegRecord,
  LoginRecord,
  OidcRequest, Permissions, RegistryTag, RunnerRecord, RunOptions, RunResult, SimulatedEvent, Status, StepRecord, UploadRecord,
} from './types';

// ----------------------------------------------------------------- events

const DEFAULT_SHA = 'c0ffee5eed0fc0ffee5eed0fc0ffee5eed0fc0ff';

export const Events = {
  /** A push of a Git tag, e.g. `v1.2.3`. */
  tagPush(tag = 'v1.2.3', sha = DEFAULT_SHA): SimulatedEvent {
    return { name: 'push', ref: `refs/tags/${tag}`, sha };
  },
  /** A push to a branch. */
  branchPush(branch = 'main', sha = DEFAULT_SHA): SimulatedEvent {
    return { name: 'push', ref: `refs/heads/${branch}`, sha };
  },
  /** A manual run from the Actions tab, on a branch. */
  workflowDispatch(branch = 'main', inputs: Record<string, string> = {}, sha = DEFAULT_SHA): SimulatedEvent {
    return { name: 'workflow_dispatch', ref: `refs/heads/${branch}`, sha, inputs };
  },
  /**
   * A pull request into `base` (activity `synchronize`): `github.ref` is
   * `refs/pull/<number>/merge` and `github.sha` the merge commit. `fork`
   * makes it come from a fork: a read-only GITHUB_TOKEN, no secrets and no
   * OIDC token, as GitHub does.
   */
  pullRequest(number = 7, base = 'main', options: { head?: string; fork?: boolean; action?: string; sha?: string; headSha?: string } = {}): SimulatedEvent {
    return {
      name: 'pull_request',
      ref: `refs/pull/${number}/merge`,
      sha: options.sha ?? DEFAULT_SHA,
      number,
      baseRef: base,
      headRef: options.head ?? 'feature',
      headSha: options.headSha ?? 'feed5eedfeed5eedfeed5eedfeed5eedfeed5eed',
      fork: options.fork ?? false,
      action: options.action ?? 'synchronize',
    };
  },
  /**
   * A GitHub release published for an existing tag (`on: release`, activity
   * `published`): `github.ref` is the release's tag.
   */
  release(tag = 'v1.2.3', sha = DEFAULT_SHA, action = 'published'): SimulatedEvent {
    return { name: 'release', ref: `refs/tags/${tag}`, sha, action };
  },
  /** A scheduled run: on the latest commit of the default branch (`branch` must be it). */
  schedule(branch = 'main', cron?: string, sha = DEFAULT_SHA): SimulatedEvent {
    return { name: 'schedule', ref: `refs/heads/${branch}`, sha, cron };
  },
};

export const Faults = {
  /** The registry reads every index back without this platform's manifests. */
  inspectDropsPlatform(platform: string, reference?: string): RegistryFault {
    return { kind: 'inspect-drops-platform', platform, reference };
  },
  /** Builds (optionally only of one platform / in one job) report no digest. */
  buildReturnsNoDigest(options: { platform?: string; job?: string } = {}): Fault {
    return { kind: 'build-returns-no-digest', ...options };
  },
  /** Builds of `platform` push an image of `produces` instead. */
  buildProducesPlatform(platform: string, produces: string): Fault {
    return { kind: 'build-produces-platform', platform, produces };
  },
  /**
   * `docker run` of an image of `platform` (optionally only in one job)
   * exits with `exitCode` (default 1) after printing `output`: a smoke test
   * that fails. `exitCode: 0` with other output models an image that starts
   * but prints the wrong thing.
   */
  smokeTestFails(options: { platform: string; exitCode?: number; output?: string; job?: string }): ContainerRunFault {
    return {
      kind: 'container-run-fails',
      platform: options.platform,
      job: options.job,
      exitCode: options.exitCode ?? 1,
      output: options.output ?? 'Illegal instruction (core dumped)',
    };
  },
};

// ----------------------------------------------------------------- prerequisites

let jqChecked = false;
function requireJq(): void {
  if (jqChecked) return;
  const r = spawnSync('jq', ['--version'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) {
    throw new HarnessError('jq is required by the workflow scripts: install it with `apt-get update && apt-get install -y jq`');
  }
  jqChecked = true;
}

let dockerCliBundle: string | undefined;
/** Bundles docker-cli.ts (+ registry.ts, machine.ts) into one JS file, once per source version. */
function dockerCli(): string {
  if (dockerCliBundle && fs.existsSync(dockerCliBundle)) return dockerCliBundle;
  const sources = ['docker-cli.ts', 'registry.ts', 'machine.ts'].map(f => fs.readFileSync(path.join(__dirname, f), 'utf8'));
  const hash = crypto.createHash('sha256').update(sources.join('\0')).digest('hex').slice(0, 16);
  const out = path.join(os.tmpdir(), `dataflow-harness-docker-cli-${hash}.js`);
  if (!fs.existsSync(out)) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const esbuild = require('esbuild');
    const tmp = `${out}.${process.pid}.tmp`;
    esbuild.buildSync({
      entryPoints: [path.join(__dirname, 'docker-cli.ts')],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node18',
      outfile: tmp,
      logLevel: 'silent',
    });
    fs.renameSync(tmp, out);
  }
  dockerCliBundle = out;
  return out;
}

// ----------------------------------------------------------------- helpers

function parseFileCommand(text: string, what: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].replace(/\r$/, '');
    if (line === '') continue;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    const eq = line.indexOf('=');
    if (heredoc && (eq < 0 || eq > line.indexOf('<<'))) {
      const [, key, delimiter] = heredoc;
      const value: string[] = [];
      i++;
      while (i < lines.length && lines[i].replace(/\r$/, '') !== delimiter) value.push(lines[i++].replace(/\r$/, ''));
      if (i >= lines.length) throw new HarnessError(`${what}: heredoc for ${key} is missing its delimiter ${delimiter}`);
      out[key] = value.join('\n');
    } else if (eq > 0) {
      out[line.slice(0, eq)] = line.slice(eq + 1);
    } else {
      throw new HarnessError(`${what}: unreadable line ${JSON.stringify(line)}`);
    }
  }
  return out;
}

function annotationsOf(stdout: string): Array<{ level: Annotation['level']; message: string }> {
  const out: Array<{ level: Annotation['level']; message: string }> = [];
  for (const line of stdout.split('\n')) {
    const m = /^::(error|warning|notice)(?: [^:]*)?::(.*)$/.exec(line);
    if (m) out.push({ level: m[1] as Annotation['level'], message: m[2] });
  }
  return out;
}

function shellCommand(shell: string | undefined, script: string): string[] {
  switch (shell) {
    case undefined: return ['bash', '-e', script];
    case 'bash': return ['bash', '--noprofile', '--norc', '-eo', 'pipefail', script];
    case 'sh': return ['sh', '-e', script];
    default:
      if (shell.includes('{0}')) return shell.split(/\s+/).map(part => part.replace('{0}', script));
      throw new HarnessError(`shell ${JSON.stringify(shell)} is not modelled (use bash, sh or a command with {0})`);
  }
}

/** A resolved `runs-on` (a label, a list of labels, or `{ group, labels }`) as labels and group. */
function runnerOf(runsOn: unknown, job: string): RunnerRecord {
  const labelList = (v: unknown): string[] => {
    if (v === undefined || v === null) return [];
    if (typeof v === 'string') return [v];
    if (Array.isArray(v) && v.every(x => typeof x === 'string')) return v as string[];
    throw new HarnessError(`job ${job}: runs-on labels ${JSON.stringify(v)} are neither a label nor a list of labels`);
  };
  if (runsOn && typeof runsOn === 'object' && !Array.isArray(runsOn)) {
    const { group, labels, ...rest } = runsOn as Record<string, unknown>;
    if (Object.keys(rest).length) throw new HarnessError(`job ${job}: runs-on ${JSON.stringify(runsOn)} has keys other than group and labels`);
    if (group !== undefined && typeof group !== 'string') throw new HarnessError(`job ${job}: runs-on group ${JSON.stringify(group)} is not a name`);
    return group === undefined ? { labels: labelList(labels) } : { group, labels: labelList(labels) };
  }
  const labels = labelList(runsOn);
  if (labels.length === 0 || labels.some(l => l === '')) throw new HarnessError(`job ${job}: runs-on ${JSON.stringify(runsOn)} names no runner`);
  return { labels };
}

function runnerArchOf(runner: RunnerRecord, known: Record<string, 'X64' | 'ARM64'> = {}): 'X64' | 'ARM64' {
  const names = [...runner.labels, ...(runner.group === undefined ? [] : [runner.group])];
  const declared = names.map(n => known[n]).filter(Boolean);
  if (declared.length) return declared[0];
  return names.some(l => /(^|[-_.])(arm|arm64|aarch64)($|[-_.])/i.test(l)) ? 'ARM64' : 'X64';
}

// ----------------------------------------------------------------- permissions

const PERMISSION_SCOPES = [
  'actions', 'attestations', 'checks', 'contents', 'deployments', 'discussions', 'id-token', 'issues', 'models',
  'packages', 'pages', 'pull-requests', 'repository-projects', 'security-events', 'statuses',
];

/**
 * A GITHUB_TOKEN's permissions from a `permissions:` value (`read-all`,
 * `write-all`, `{}` or a map; unlisted scopes are `none`), or the fallback
 * when there is none. `metadata: read` is always there. From a fork, write
 * becomes read and id-token none.
 */
function resolvePermissions(spec: unknown, fallback: Permissions, fork: boolean, where: string): Permissions {
  let out: Permissions;
  if (spec === undefined || spec === null) {
    out = { ...fallback };
  } else if (spec === 'read-all' || spec === 'write-all') {
    const level = spec === 'read-all' ? 'read' : 'write';
    out = Object.fromEntries(PERMISSION_SCOPES.map(k => [k, k === 'id-token' ? (level === 'write' ? 'write' : 'none') : level]));
  } else if (typeof spec === 'object' && !Array.isArray(spec)) {
    out = Object.fromEntries(PERMISSION_SCOPES.map(k => [k, 'none']));
    for (const [k, v] of Object.entries(spec as Record<string, unknown>)) {
      if (!PERMISSION_SCOPES.includes(k)) throw new HarnessError(`${where}: unknown permission scope ${JSON.stringify(k)}`);
      const allowed = k === 'id-token' ? ['write', 'none'] : ['read', 'write', 'none'];
      if (typeof v !== 'string' || !allowed.includes(v)) throw new HarnessError(`${where}: permission ${k}: ${JSON.stringify(v)} is not one of ${allowed.join(', ')}`);
      out[k] = v as 'read' | 'write' | 'none';
    }
  } else {
    throw new HarnessError(`${where}: permissions ${JSON.stringify(spec)} is not read-all, write-all or a map`);
  }
  out.metadata = 'read';
  if (fork) {
    for (const k of Object.keys(out)) if (out[k] === 'write') out[k] = k === 'id-token' ? 'none' : 'read';
  }
  return out;
}

function defaultPermissions(mode: 'restricted' | 'permissive'): Permissions {
  const level = (k: string) => {
    if (k === 'id-token') return 'none';
    if (mode === 'permissive') return 'write';
    return k === 'contents' || k === 'packages' ? 'read' : 'none';
  };
  return Object.fromEntries(PERMISSION_SCOPES.map(k => [k, level(k)]));
}

/** GitHub's push filters: branches/branches-ignore and tags/tags-ignore. */
function pushMatches(filter: any, ref: string): boolean {
  if (filter === null || filter === undefined) return true;
  const isTag = ref.startsWith('refs/tags/');
  const name = ref.replace(/^refs\/(tags|heads)\//, '');
  const own = isTag ? ['tags', 'tags-ignore'] : ['branches', 'branches-ignore'];
  const other = isTag ? ['branches', 'branches-ignore'] : ['tags', 'tags-ignore'];
  const has = (k: string) => filter[k] !== undefined;
  if (!has(own[0]) && !has(own[1])) return !(has(other[0]) || has(other[1]));
  if (has(own[0])) {
    let included = false;
    for (const p of [].concat(filter[own[0]])) {
      const pattern = String(p);
      if (pattern.startsWith('!')) { if (globMatch(name, pattern.slice(1))) included = false; } else if (globMatch(name, pattern)) {included = true;}
    }
    return included;
  }
  return ![].concat(filter[own[1]]).some(p => globMatch(name, String(p)));
}

function refuseUnmodelledFilters(filter: any, event: string): void {
  for (const key of ['paths', 'paths-ignore']) {
    if (filter && typeof filter === 'object' && filter[key] !== undefined) throw new HarnessError(`on.${event}.${key} is not modelled (the harness knows no changed files)`);
  }
}

/** GitHub's pull_request filters: `types` (default opened, synchronize, reopened) and branches/branches-ignore on the base branch. */
function pullRequestMatches(filter: any, event: SimulatedEvent): boolean {
  if (filter === null || filter === undefined) filter = {};
  const types: string[] = filter.types === undefined ? ['opened', 'synchronize', 'reopened'] : [].concat(filter.types);
  if (!types.includes(event.action ?? 'synchronize')) return false;
  const base = event.baseRef;
  if (base === undefined) throw new HarnessError('a pull_request event needs a base branch (use Events.pullRequest)');
  if (filter.branches !== undefined) {
    let included = false;
    for (const p of [].concat(filter.branches)) {
      const pattern = String(p);
      if (pattern.startsWith('!')) { if (globMatch(base, pattern.slice(1))) included = false; } else if (globMatch(base, pattern)) {included = true;}
    }
    return included;
  }
  if (filter['branches-ignore'] !== undefined) return ![].concat(filter['branches-ignore']).some(p => globMatch(base, String(p)));
  return true;
}

function triggers(on: any, event: SimulatedEvent): boolean {
  if (typeof on === 'string') return on === event.name;
  if (Array.isArray(on)) return on.includes(event.name);
  if (!on || typeof on !== 'object' || !(event.name in on)) return false;
  const filter = on[event.name];
  if (event.name === 'push' || event.name === 'pull_request') refuseUnmodelledFilters(filter, event.name);
  if (event.name === 'push') return pushMatches(filter, event.ref);
  if (event.name === 'pull_request') return pullRequestMatches(filter, event);
  if (event.name === 'release') {
    const types: string[] = filter?.types === undefined ? ['published', 'unpublished', 'created', 'edited', 'deleted', 'prereleased', 'released'] : [].concat(filter.types);
    return types.includes(event.action ?? 'published');
  }
  if (event.name === 'schedule') {
    const crons: string[] = Array.isArray(filter) ? filter.map((c: any) => String(c?.cron)) : [];
    if (crons.length === 0) throw new HarnessError('on.schedule must list at least one { cron }');
    return event.cron === undefined || crons.includes(event.cron);
  }
  return true;
}

/**
 * Jobs in waves: every job whose needs are met runs before any job of the
 * next wave (file order within a wave). On GitHub, jobs without a mutual
 * `needs` run concurrently in any order; waves are the adversarial order for
 * a download by `pattern:`, since every artifact an earlier wave makes
 * already exists when a later job downloads.
 */
function jobWaves(jobs: Record<string, any>): string[] {
  const ids = Object.keys(jobs);
  for (const id of ids) {
    for (const need of needsOf(jobs[id])) {
      if (!(need in jobs)) throw new HarnessError(`job ${id} needs ${need}, which does not exist`);
    }
  }
  const done = new Set<string>();
  const order: string[] = [];
  while (done.size < ids.length) {
    const wave = ids.filter(id => !done.has(id) && needsOf(jobs[id]).every(n => done.has(n)));
    if (wave.length === 0) throw new HarnessError(`needs cycle among ${ids.filter(id => !done.has(id)).join(', ')}`);
    for (const id of wave) { done.add(id); order.push(id); }
  }
  return order;
}

function needsOf(job: any): string[] {
  const needs = job?.needs;
  if (needs === undefined || needs === null) return [];
  return Array.isArray(needs) ? needs.map(String) : [String(needs)];
}

/** GitHub's matrix expansion: the product of the domains, then `exclude`, then `include`. */
export function expandMatrix(matrix: any): Array<Record<string, Value>> {
  if (matrix === undefined || matrix === null) return [{}];
  if (typeof matrix !== 'object' || Array.isArray(matrix)) throw new HarnessError(`strategy.matrix must be a mapping, got ${JSON.stringify(matrix)}`);
  const { include = [], exclude = [], ...domains } = matrix;
  const keys = Object.keys(domains);
  let combos: Array<Record<string, Value>> = keys.length ? [{}] : [];
  for (const key of keys) {
    const values = domains[key];
    if (!Array.isArray(values)) throw new HarnessError(`matrix.${key} must be a list`);
    combos = combos.flatMap(c => values.map((v: Value) => ({ ...c, [key]: v })));
  }
  const same = (a: Value, b: Value) => JSON.stringify(a) === JSON.stringify(b);
  combos = combos.filter(c => !(exclude as any[]).some(x => Object.entries(x).every(([k, v]) => same(c[k], v as Value))));
  const originals = combos.length;
  for (const inc of include as Array<Record<string, Value>>) {
    let matched = false;
    for (let i = 0; i < originals; i++) {
      const c = combos[i];
      if (Object.entries(inc).every(([k, v]) => !keys.includes(k) || same(c[k], v))) {
        Object.assign(c, inc);
        matched = true;
      }
    }
    if (!matched) combos.push({ ...inc });
  }
  return combos;
}

// ----------------------------------------------------------------- the run

interface StepState {
  outputs: Record<string, string>;
  outcome: Status;
  conclusion: Status;
}

export function runWorkflow(workflow: string | object, options: RunOptions = {}): RunResult {
  requireJq();
  const doc: any = typeof workflow === 'string' ? YAML.parse(workflow) : workflow;
  if (!doc || typeof doc !== 'object' || !doc.jobs) throw new HarnessError('not a workflow: no jobs');
  return new Run(doc, options).execute();
}

class Run implements RunRuntime {
  public readonly event: SimulatedEvent;
  public readonly owner: string;
  public readonly repo: string;
  public readonly defaultBranch: string;
  public readonly date = new Date('2025-06-01T12:00:00Z');
  public readonly faults: Fault[];
  public readonly root: string;
  public readonly registryDir: string;
  public readonly artifactsDir: string;
  public readonly binDir: string;
  public readonly cosignDir: string;
  public readonly artifacts = new Map<string, { job: string; leg: string; files: string[] }>();
  public readonly builds: BuildRecord[] = [];
  public readonly logins: LoginRecord[] = [];
  public readonly oidcRequests: OidcRequest[] = [];
  public readonly attestations: AttestationRecord[] = [];
  public readonly containerRuns: ContainerRunRecord[] = [];
  public readonly awsSessions = new Map<string, { account: string; role: string }>();
  public readonly uploads: UploadRecord[] = [];
  public readonly downloads: DownloadRecord[] = [];
  public readonly dockerCalls: DockerCall[] = [];
  public readonly annotations: Annotation[] = [];
  public readonly warnings: string[] = [];
  public readonly jobs: Record<string, JobRecord> = {};
  public readonly legs: LegRecord[] = [];
  public readonly runId: number;
  public workflowEnv: Record<string, string> = {};
  private callsRead = 0;

  constructor(public readonly doc: any, public readonly options: RunOptions) {
    this.event = options.event ?? Events.tagPush();
    this.owner = options.owner ?? 'Acme-Org';
    this.repo = options.repo ?? 'qm-nmr-calc';
    this.defaultBranch = options.defaultBranch ?? 'main';
    this.faults = options.faults ?? [];
    this.runId = options.runId ?? 4242;
    if (this.event.name === 'schedule' && this.event.ref !== `refs/heads/${this.defaultBranch}`) {
      throw new HarnessError(`scheduled runs use the default branch (${this.defaultBranch}), not ${this.event.ref}`);
    }
    this.root = fs.mkdtempSync(path.join(os.tmpdir(), 'dataflow-run-'));
    this.registryDir = path.join(this.root, 'registry');
    this.artifactsDir = path.join(this.root, 'artifacts');
    this.binDir = path.join(this.root, 'bin');
    fs.mkdirSync(this.artifactsDir, { recursive: true });
    fs.mkdirSync(this.binDir, { recursive: true });
    const registryFaults = this.faults.filter((f): f is RegistryFault => f.kind === 'inspect-drops-platform');
    FakeRegistry.create(this.registryDir, options.seed ?? 'dataflow-harness', registryFaults);
    const engine: EngineConfig = {
      containerOutput: options.containerOutput ?? '',
      faults: this.faults.filter((f): f is ContainerRunFault => f.kind === 'container-run-fails'),
    };
    fs.writeFileSync(path.join(this.registryDir, 'engine.json'), JSON.stringify(engine));
    const q = (s: string) => `'${s.replace(/'/g, '\'\\\'\'')}'`;
    fs.writeFileSync(path.join(this.binDir, 'docker'), `#!/usr/bin/env bash\nexec ${q(process.execPath)} ${q(dockerCli())} ${q(this.registryDir)} "$@"\n`, { mode: 0o755 });
    // cosign is not on the runner until sigstore/cosign-installer puts this directory on PATH.
    this.cosignDir = path.join(this.root, 'cosign-bin');
    fs.mkdirSync(this.cosignDir, { recursive: true });
    fs.writeFileSync(path.join(this.cosignDir, 'cosign'), `#!/usr/bin/env bash\nexec ${q(process.execPath)} ${q(dockerCli())} ${q(this.registryDir)} ${COSIGN_MARKER} "$@"\n`, { mode: 0o755 });
  }

  /**
   * The `inputs` context: a manual run's inputs typed as the workflow
   * declares them (a `boolean` input is a boolean, false when not given),
   * with their defaults; empty for other events.
   */
  public inputsContext(): Value {
    if (this.event.name !== 'workflow_dispatch') return {};
    const declared: Record<string, any> = (this.doc.on ?? this.doc.true)?.workflow_dispatch?.inputs ?? {};
    const given = this.event.inputs ?? {};
    for (const name of Object.keys(given)) {
      if (!(name in declared)) throw new HarnessError(`workflow_dispatch has no input ${name}`);
    }
    const inputs: Record<string, Value> = {};
    for (const [name, spec] of Object.entries(declared)) {
      const value = given[name] ?? (spec?.default === undefined ? undefined : String(spec.default));
      if (value === undefined && spec?.required) throw new HarnessError(`workflow_dispatch input ${name} is required`);
      inputs[name] = spec?.type === 'boolean' ? value === 'true' : value ?? '';
    }
    return inputs;
  }

  public githubContext(jobId: string, workspace: string, token = 'ghs_harnessDummyToken'): Record<string, Value> {
    const e = this.event;
    const isTag = e.ref.startsWith('refs/tags/');
    const repository = { name: this.repo, full_name: `${this.owner}/${this.repo}`, default_branch: this.defaultBranch, private: false, owner: { login: this.owner } };
    const payload: Record<string, Value> = { ref: e.ref, inputs: e.inputs ?? null, repository };
    if (e.name === 'pull_request') {
      const headRepo = e.fork ? { name: this.repo, full_name: `a-contributor/${this.repo}`, fork: true, owner: { login: 'a-contributor' } } : { ...repository, fork: false };
      payload.number = e.number ?? null;
      payload.action = e.action ?? 'synchronize';
      payload.pull_request = {
        number: e.number ?? null,
        head: { ref: e.headRef ?? '', sha: e.headSha ?? '', repo: headRepo },
        base: { ref: e.baseRef ?? '', repo: repository },
      };
    }
    if (e.name === 'schedule') payload.schedule = e.cron ?? String((this.doc.on ?? this.doc.true)?.schedule?.[0]?.cron ?? '');
    return {
      event_name: e.name,
      event: payload as Value,
      ref: e.ref,
      ref_name: e.ref.replace(/^refs\/(tags|heads|pull)\//, ''),
      ref_type: isTag ? 'tag' : 'branch',
      ref_protected: false,
      sha: e.sha,
      repository: `${this.owner}/${this.repo}`,
      repository_owner: this.owner,
      repositoryUrl: `git://github.com/${this.owner}/${this.repo}.git`,
      actor: this.options.actor ?? 'octocat',
      triggering_actor: this.options.actor ?? 'octocat',
      run_id: String(this.runId),
      run_number: '7',
      run_attempt: '1',
      workflow: String(this.doc.name ?? 'workflow'),
      workflow_ref: `${this.owner}/${this.repo}/.github/workflows/${this.options.workflowFile ?? 'publish-images.yml'}@${e.ref}`,
      job: jobId,
      head_ref: e.name === 'pull_request' ? e.headRef ?? '' : '',
      base_ref: e.name === 'pull_request' ? e.baseRef ?? '' : '',
      server_url: 'https://github.com',
      api_url: 'https://api.github.com',
      graphql_url: 'https://api.github.com/graphql',
      workspace,
      token,
      retention_days: '90',
      action: '',
    };
  }

  /**
   * `secrets`: GITHUB_TOKEN is the leg's token; others are the run's
   * `secrets` option (missing ones are ''), or dummies when it is not given.
   * A pull request from a fork gets none but GITHUB_TOKEN.
   */
  public secrets(token = 'ghs_harnessDummyToken'): ContextEntry {
    const given = this.options.secrets;
    const fork = this.event.name === 'pull_request' && this.event.fork === true;
    return {
      value: {},
      resolve: p => {
        if (p.length !== 1) return undefined;
        if (p[0] === 'GITHUB_TOKEN') return token;
        if (fork) return '';
        if (given) return given[p[0]] ?? '';
        return `dummy-secret-${p[0]}`;
      },
    };
  }

  /** `vars`: the repository's configuration variables (the run's `vars` option); a missing one is ''. */
  public vars(): ContextEntry {
    const given = this.options.vars ?? {};
    return { value: {}, resolve: p => (p.length === 1 ? given[p[0]] ?? '' : undefined) };
  }

  /** The permissions of a job's GITHUB_TOKEN. */
  public jobPermissions(id: string, job: any): Permissions {
    const fork = this.event.name === 'pull_request' && this.event.fork === true;
    const repoDefault = defaultPermissions(this.options.defaultPermissions ?? 'restricted');
    const workflow = resolvePermissions(this.doc.permissions, repoDefault, false, 'workflow');
    return resolvePermissions(job.permissions, workflow, fork, `job ${id}`);
  }

  /** Docker calls made since the last look, attributed to a step. Stops the run on a call the stub does not model. */
  public takeDockerCalls(job: string, leg: string, step: string): DockerCall[] {
    const file = path.join(this.registryDir, 'calls.jsonl');
    if (!fs.existsSync(file)) return [];
    const lines = fs.readFileSync(file, 'utf8').split('\n').filter(Boolean);
    const fresh = lines.slice(this.callsRead).map(l => JSON.parse(l));
    this.callsRead = lines.length;
    const unmodelled = fresh.find((c: any) => c.notModelled);
    if (unmodelled) throw new HarnessError(`${leg} / ${step}: docker ${unmodelled.argv.join(' ')}: ${unmodelled.notModelled}`);
    const calls = fresh.map((c: any) => ({ job, leg, step, argv: c.argv, exitCode: c.code, stdout: c.stdout, stderr: c.stderr }));
    this.dockerCalls.push(...calls);
    for (const c of fresh) {
      if (c.run) this.containerRuns.push({ job, leg, step, ...c.run, exitCode: c.code, stdout: c.stdout, stderr: c.stderr });
    }
    return calls;
  }

  public execute(): RunResult {
    try {
      const triggered = triggers(this.doc.on ?? this.doc.true, this.event);
      if (triggered) {
        const base: EvalContext = {
          contexts: {
            github: { value: this.githubContext('', ''), strict: true },
            secrets: this.secrets(),
            vars: this.vars(),
            inputs: { value: this.inputsContext() },
          },
        };
        for (const [k, v] of Object.entries(this.doc.env ?? {})) this.workflowEnv[k] = interpolate(v, base);
        for (const id of jobWaves(this.doc.jobs)) this.runJob(id, this.doc.jobs[id]);
      }
      const failed = Object.values(this.jobs).some(j => j.status === 'failure' || j.status === 'cancelled');
      const registry = FakeRegistry.open(this.registryDir);
      const tags: Record<string, RegistryTag> = {};
      for (const [ref, t] of Object.entries(registry.tags())) {
        tags[ref] = { ...t, platforms: t.manifests.filter(m => !m.attestation && m.platform !== 'unknown/unknown').map(m => m.platform) };
      }
      const imagetoolsCreates: ImagetoolsCreate[] = this.dockerCalls
        // A dry run only plans an index; it is in dockerCalls, not here.
        .filter(c => c.argv[0] === 'buildx' && c.argv[1] === 'imagetools' && c.argv[2] === 'create' && !c.argv.includes('--dry-run'))
        .map(c => {
          const created: string[] = [];
          const sources: string[] = [];
          const args = c.argv.slice(3);
          for (let i = 0; i < args.length; i++) {
            const a = args[i];
            if (a === '-t' || a === '--tag') created.push(args[++i]);
            else if (a.startsWith('--tag=')) created.push(a.slice(6));
            else if (a === '--annotation' || a === '--builder' || a === '--progress') i++;
            else if (!a.startsWith('-')) sources.push(a);
          }
          return { job: c.job, leg: c.leg, step: c.step, tags: created, sources, exitCode: c.exitCode, stderr: c.stderr };
        });
      return {
        event: this.event,
        owner: this.owner,
        triggered,
        conclusion: !triggered ? 'skipped' : failed ? 'failure' : 'success',
        jobs: this.jobs,
        legs: this.legs,
        dockerCalls: this.dockerCalls,
        imagetoolsCreates,
        builds: this.builds,
        logins: this.logins,
        oidcRequests: this.oidcRequests,
        attestations: this.attestations,
        signatures: fs.existsSync(path.join(this.registryDir, 'signatures.json'))
          ? JSON.parse(fs.readFileSync(path.join(this.registryDir, 'signatures.json'), 'utf8')) : [],
        containerRuns: this.containerRuns,
        uploads: this.uploads,
        downloads: this.downloads,
        registry: tags,
        summaries: this.legs.filter(l => l.summary).map(l => ({ job: l.job, leg: l.label, text: l.summary })),
        annotations: this.annotations,
        warnings: this.warnings,
        directory: this.options.keepDirectory ? this.root : undefined,
      };
    } finally {
      if (!this.options.keepDirectory) fs.rmSync(this.root, { recursive: true, force: true });
    }
  }

  private runJob(id: string, job: any): void {
    for (const unsupported of ['uses', 'container', 'services']) {
      if (job[unsupported] !== undefined) throw new HarnessError(`job ${id}: "${unsupported}" is not modelled`);
    }
    const needs = needsOf(job);
    const record: JobRecord = { id, needs, permissions: this.jobPermissions(id, job), status: 'skipped', legs: [], outputs: {} };
    this.jobs[id] = record;
    const needResults = needs.map(n => this.jobs[n]);
    const needsValue: Record<string, Value> = Object.fromEntries(needResults.map(n => [n.id, { result: n.status, outputs: n.outputs }]));
    const needsCtx: ContextEntry = {
      value: needsValue,
      resolve: p => {
        if (p.length >= 1 && !needs.includes(p[0])) throw new HarnessError(`job ${id}: needs.${p[0]} is not in its needs (${needs.join(', ') || 'none'})`);
        return undefined;
      },
    };
    const status: StatusFunctions = {
      success: () => needResults.every(n => n.status === 'success'),
      failure: () => needResults.some(n => n.status === 'failure' || n.status === 'cancelled'),
      cancelled: () => false,
    };
    const jobCtx: EvalContext = {
      contexts: {
        github: { value: this.githubContext(id, ''), strict: true },
        needs: needsCtx,
        inputs: { value: this.inputsContext() },
        secrets: this.secrets(),
        vars: this.vars(),
      },
      status,
    };
    if (!evaluateCondition(job.if, jobCtx)) {
      const failedNeeds = needResults.filter(n => n.status !== 'success').map(n => `${n.id}: ${n.status}`);
      record.skippedBecause = job.if !== undefined ? `if: ${job.if} was false${failedNeeds.length ? ` (${failedNeeds.join(', ')})` : ''}` : `needs did not succeed (${failedNeeds.join(', ')})`;
      return;
    }
    const strategy = job.strategy ?? {};
    const matrixValue = evaluateTemplate(strategy.matrix, jobCtx);
    const combos = strategy.matrix === undefined ? [{}] : expandMatrix(matrixValue);
    const failFast = strategy['fail-fast'] === undefined ? true : evaluateCondition(String(strategy['fail-fast']), { contexts: jobCtx.contexts });
    let cancelled = false;
    combos.forEach((matrix, index) => {
      const leg = new Leg(this, id, job, record.permissions, matrix, index, combos.length, needsCtx, strategy.matrix !== undefined, failFast);
      if (cancelled) {
        leg.record.status = 'cancelled';
      } else {
        leg.execute();
        if (leg.record.status === 'failure' && failFast) cancelled = true;
      }
      record.legs.push(leg.record);
      this.legs.push(leg.record);
      for (const [k, v] of Object.entries(leg.record.outputs)) if (v !== '') record.outputs[k] = v;
    });
    const continueOnError = job['continue-on-error'] === true;
    record.status = record.legs.some(l => l.status === 'failure' || l.status === 'cancelled') && !continueOnError ? 'failure' : 'success';
  }
}

class Leg implements LegRuntime {
  public readonly record: LegRecord;
  public readonly label: string;
  public readonly workspace: string;
  public readonly home: string;
  public readonly temp: string;
  public readonly machineTmp: string;
  public readonly files: string;
  public readonly machineFile: string;
  /** This leg's GITHUB_TOKEN (registered with the registry, with the job's permissions). */
  public readonly token: string;
  public runnerArch: 'X64' | 'ARM64' = 'X64';
  public qemu: 'all' | Set<string> | undefined;
  public readonly qemuRequests: string[] = [];
  public buildx = false;
  public readonly localImages: Record<string, LocalImage> = {};
  private readonly fileEnv: Record<string, string> = {};
  private readonly pathAdditions: string[] = [];
  private readonly steps: Record<string, StepState> = {};
  private jobEnv: Record<string, string> = {};
  private readonly stepIds: Set<string>;
  private failed = false;
  private counter = 0;
  private currentStepEnv: Record<string, string> = {};

  constructor(
    public readonly run: Run,
    public readonly jobId: string,
    private readonly job: any,
    public readonly permissions: Permissions,
    private readonly matrix: Record<string, Value>,
    private readonly index: number,
    private readonly total: number,
    private readonly needsCtx: ContextEntry,
    hasMatrix: boolean,
    private readonly failFast: boolean,
  ) {
    const scalars = Object.values(matrix).filter(v => v !== null && typeof v !== 'object' && v !== '').map(v => toStr(v));
    this.label = hasMatrix ? `${jobId} (${scalars.join(', ')})` : jobId;
    const dir = path.join(run.root, 'machines', `${jobId}-${index}`);
    this.workspace = path.join(dir, 'work', run.repo);
    this.home = path.join(dir, 'home');
    this.temp = path.join(dir, 'runner-temp');
    this.machineTmp = path.join(dir, 'tmp');
    this.files = path.join(dir, 'file-commands');
    this.machineFile = path.join(dir, 'machine.json');
    for (const d of [this.workspace, this.home, this.temp, this.machineTmp, this.files]) fs.mkdirSync(d, { recursive: true });
    this.token = `ghs_${crypto.createHash('sha256').update(`${run.runId}/${jobId}/${index}`).digest('hex').slice(0, 36)}`;
    this.stepIds = new Set((job.steps ?? []).map((s: any) => s.id).filter(Boolean));
    this.record = {
      job: jobId,
      index,
      label: this.label,
      name: jobId,
      matrix,
      runsOn: undefined,
      runner: { labels: [] },
      runnerArch: 'X64',
      qemuSetUp: false,
      qemuPlatforms: [],
      status: 'success',
      steps: [],
      summary: '',
      outputs: {},
    };
  }

  /** /tmp on this machine is private to it; relative paths start in the workspace; ~ is HOME. */
  public hostPath(p: string): string {
    let out = p.trim();
    if (out.startsWith('~/') || out === '~') out = this.home + out.slice(1);
    if (!out.startsWith(this.run.root)) out = out.replace(/^\/tmp(?=\/|$)/, this.machineTmp);
    return path.resolve(this.workspace, out);
  }

  private remapScript(script: string): string {
    return script.replace(/(^|[\s'"=:(>])\/tmp(?=\/|[\s'"]|$)/gm, `$1${this.machineTmp}`);
  }

  private contexts(extraEnv: Record<string, string> = {}): Record<string, ContextEntry> {
    const stepIds = this.stepIds;
    return {
      github: { value: this.run.githubContext(this.jobId, this.workspace, this.token), strict: true },
      runner: {
        value: { name: `harness-${this.jobId}-${this.index}`, os: 'Linux', arch: this.runnerArch, temp: this.temp, tool_cache: path.join(this.home, 'toolcache'), debug: '', environment: 'github-hosted' },
        strict: true,
      },
      matrix: { value: this.matrix, strict: true },
      needs: this.needsCtx,
      strategy: { value: { 'fail-fast': this.failFast, 'job-index': this.index, 'job-total': this.total, 'max-parallel': this.total }, strict: true },
      job: { value: { status: this.failed ? 'failure' : 'success', container: {}, services: {} } },
      secrets: this.run.secrets(this.token),
      vars: this.run.vars(),
      inputs: { value: this.run.inputsContext() },
      env: { value: { ...this.envContext(), ...extraEnv } },
      steps: {
        value: this.steps as unknown as Value,
        resolve: p => {
          if (p.length >= 1 && !stepIds.has(p[0])) throw new HarnessError(`job ${this.jobId}: steps.${p[0]} names no step of this job`);
          return undefined;
        },
      },
    };
  }

  private envContext(): Record<string, string> {
    return { ...this.fileEnv, ...this.run.workflowEnv, ...this.jobEnv };
  }

  public processEnv(stepEnv: Record<string, string> = this.currentStepEnv, files: Record<string, string> = {}): NodeJS.ProcessEnv {
    const github = this.run.githubContext(this.jobId, this.workspace, this.token);
    // GitHub hands the OIDC token request to a job's steps only with `id-token: write`.
    const oidc: Record<string, string> = this.permissions['id-token'] === 'write'
      ? { ACTIONS_ID_TOKEN_REQUEST_URL: `https://pipelines.actions.githubusercontent.com/harness/idtoken?run=${this.run.runId}&job=${this.jobId}`, ACTIONS_ID_TOKEN_REQUEST_TOKEN: `oidc-request-${this.token}` }
      : {};
    return {
      PATH: [this.run.binDir, ...this.pathAdditions, process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin'].join(':'),
      HOME: this.home,
      LANG: 'C.UTF-8',
      TMPDIR: this.machineTmp,
      ...this.envContext(),
      ...stepEnv,
      CI: 'true',
      GITHUB_ACTIONS: 'true',
      GITHUB_WORKFLOW: String(github.workflow),
      GITHUB_WORKFLOW_REF: String(github.workflow_ref),
      GITHUB_RUN_ID: String(github.run_id),
      GITHUB_RUN_NUMBER: String(github.run_number),
      GITHUB_RUN_ATTEMPT: '1',
      GITHUB_JOB: this.jobId,
      GITHUB_ACTOR: String(github.actor),
      GITHUB_REPOSITORY: String(github.repository),
      GITHUB_REPOSITORY_OWNER: String(github.repository_owner),
      GITHUB_EVENT_NAME: String(github.event_name),
      GITHUB_SHA: String(github.sha),
      GITHUB_REF: String(github.ref),
      GITHUB_REF_NAME: String(github.ref_name),
      GITHUB_REF_TYPE: String(github.ref_type),
      GITHUB_HEAD_REF: String(github.head_ref),
      GITHUB_BASE_REF: String(github.base_ref),
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_API_URL: 'https://api.github.com',
      GITHUB_WORKSPACE: this.workspace,
      RUNNER_OS: 'Linux',
      RUNNER_ARCH: this.runnerArch,
      RUNNER_TEMP: this.temp,
      RUNNER_NAME: `harness-${this.jobId}-${this.index}`,
      ...oidc,
      [MACHINE_ENV]: this.machineFile,
      ...files,
    };
  }

  /** Writes what the `docker` stub needs to know about this machine. */
  private writeMachine(): void {
    const state: MachineState = {
      job: this.jobId,
      leg: this.label,
      runnerArch: this.runnerArch,
      qemu: this.qemu === undefined ? null : this.qemu === 'all' ? 'all' : [...this.qemu],
      images: this.localImages,
    };
    fs.writeFileSync(this.machineFile, JSON.stringify(state));
  }

  public execute(): void {
    const rec = this.record;
    const baseCtx: EvalContext = { contexts: this.contexts() };
    rec.name = this.job.name !== undefined ? interpolate(this.job.name, baseCtx) : this.label;
    const runsOn = this.job['runs-on'];
    if (runsOn === undefined) throw new HarnessError(`job ${this.jobId}: runs-on is missing`);
    rec.runsOn = Array.isArray(runsOn) ? runsOn.map(r => evaluateTemplate(r, baseCtx)) : evaluateTemplate(runsOn, baseCtx);
    rec.runner = runnerOf(rec.runsOn, this.jobId);
    this.runnerArch = runnerArchOf(rec.runner, this.run.options.runnerArchitectures);
    rec.runnerArch = this.runnerArch;
    FakeRegistry.open(this.run.registryDir).issueToken(this.token, this.jobId, this.permissions);
    for (const [k, v] of Object.entries(this.job.env ?? {})) this.jobEnv[k] = interpolate(v, { contexts: this.contexts() });
    const defaults = { ...(this.run.doc.defaults?.run ?? {}), ...(this.job.defaults?.run ?? {}) };

    (this.job.steps ?? []).forEach((step: any, i: number) => this.runStep(step, i, defaults));

    rec.qemuSetUp = this.qemu !== undefined;
    rec.qemuPlatforms = [...this.qemuRequests];
    rec.status = this.failed ? 'failure' : 'success';
    if (this.job.outputs) {
      const ctx: EvalContext = { contexts: this.contexts() };
      for (const [k, v] of Object.entries(this.job.outputs)) rec.outputs[k] = interpolate(v, ctx);
    }
  }

  private runStep(step: any, index: number, defaults: Record<string, string>): void {
    const status: StatusFunctions = { success: () => !this.failed, failure: () => this.failed, cancelled: () => false };
    const ctx = (extra?: Record<string, string>): EvalContext => ({ contexts: this.contexts(extra), status });
    const name = step.name !== undefined ? interpolate(step.name, ctx()) : step.uses ? `Run ${step.uses}` : `Run ${String(step.run).split('\n')[0]}`;
    const rec: StepRecord = {
      index,
      name,
      id: step.id,
      uses: step.uses,
      run: step.run,
      status: 'skipped',
      outcome: 'skipped',
      stdout: '',
      stderr: '',
      errors: [],
      outputs: {},
    };
    this.record.steps.push(rec);
    const state: StepState = { outputs: {}, outcome: 'skipped', conclusion: 'skipped' };
    if (step.id) this.steps[step.id] = state;
    if (!evaluateCondition(step.if, ctx())) return;

    const stepEnv: Record<string, string> = {};
    for (const [k, v] of Object.entries(step.env ?? {})) stepEnv[k] = interpolate(v, ctx(stepEnv));
    const stepCtx = ctx(stepEnv);
    const continueOnError = step['continue-on-error'] !== undefined && evaluateCondition(String(step['continue-on-error']), { contexts: stepCtx.contexts });

    let ok: boolean;
    const started = Date.now();
    if (step.run !== undefined && step.uses !== undefined) throw new HarnessError(`step "${name}" has both run and uses`);
    if (step.run !== undefined) {
      ok = this.runScript(step, rec, stepEnv, stepCtx, defaults);
    } else if (step.uses !== undefined) {
      ok = this.runActionStep(step, rec, stepEnv, stepCtx);
    } else {
      throw new HarnessError(`step "${name}" has neither run nor uses`);
    }
    for (const a of annotationsOf(rec.stdout)) {
      this.run.annotations.push({ ...a, job: this.jobId, leg: this.label, step: name });
      if (a.level === 'error') rec.errors.push(a.message);
    }
    this.run.takeDockerCalls(this.jobId, this.label, name);
    rec.durationMs = Date.now() - started;
    rec.outcome = ok ? 'success' : 'failure';
    rec.status = ok || continueOnError ? 'success' : 'failure';
    state.outputs = rec.outputs;
    state.outcome = rec.outcome;
    state.conclusion = rec.status;
    if (rec.status === 'failure') this.failed = true;
  }

  private fileCommands(): Record<string, string> {
    const n = this.counter++;
    const files = {
      GITHUB_OUTPUT: path.join(this.files, `output-${n}`),
      GITHUB_ENV: path.join(this.files, `env-${n}`),
      GITHUB_PATH: path.join(this.files, `path-${n}`),
      GITHUB_STEP_SUMMARY: path.join(this.files, `summary-${n}`),
    };
    for (const f of Object.values(files)) fs.writeFileSync(f, '');
    return files;
  }

  private readFileCommands(files: Record<string, string>, rec: StepRecord): void {
    Object.assign(rec.outputs, parseFileCommand(fs.readFileSync(files.GITHUB_OUTPUT, 'utf8'), `${rec.name}: GITHUB_OUTPUT`));
    Object.assign(this.fileEnv, parseFileCommand(fs.readFileSync(files.GITHUB_ENV, 'utf8'), `${rec.name}: GITHUB_ENV`));
    for (const line of fs.readFileSync(files.GITHUB_PATH, 'utf8').split('\n').filter(Boolean).reverse()) this.pathAdditions.unshift(line);
    this.record.summary += fs.readFileSync(files.GITHUB_STEP_SUMMARY, 'utf8');
  }

  private runScript(step: any, rec: StepRecord, stepEnv: Record<string, string>, ctx: EvalContext, defaults: Record<string, string>): boolean {
    const script = interpolate(this.remapScript(String(step.run)), ctx);
    const shell = step.shell ?? defaults.shell;
    const wdRaw = step['working-directory'] ?? defaults['working-directory'];
    const cwd = wdRaw === undefined ? this.workspace : this.hostPath(interpolate(wdRaw, ctx));
    const file = path.join(this.files, `script-${this.counter}.sh`);
    fs.writeFileSync(file, script);
    const files = this.fileCommands();
    if (!fs.existsSync(cwd)) {
      rec.stderr = `An error occurred trying to start process '/usr/bin/bash' with working directory '${cwd}'. No such file or directory`;
      rec.exitCode = 1;
      return false;
    }
    const [cmd, ...args] = shellCommand(shell, file);
    this.writeMachine();
    const r = spawnSync(cmd, args, {
      cwd,
      env: this.processEnv(stepEnv, files),
      encoding: 'utf8',
      timeout: this.run.options.scriptTimeoutMs ?? 30_000,
      maxBuffer: 64 * 1024 * 1024,
    });
    if (r.error) throw new HarnessError(`step "${rec.name}": could not run ${cmd}: ${r.error.message}`);
    rec.stdout = r.stdout;
    rec.stderr = r.stderr;
    rec.exitCode = r.status ?? 1;
    this.readFileCommands(files, rec);
    return r.status === 0;
  }

  private runActionStep(step: any, rec: StepRecord, stepEnv: Record<string, string>, ctx: EvalContext): boolean {
    const key = actionKey(String(step.uses));
    const inputs: Record<string, string> = {};
    for (const [k, v] of Object.entries(step.with ?? {})) inputs[k] = interpolate(v, ctx);
    this.currentStepEnv = stepEnv;
    const outcome = runAction({ key, inputs, step: rec.name, leg: this as LegRuntime });
    this.currentStepEnv = {};
    rec.outputs = { ...outcome.outputs };
    Object.assign(this.fileEnv, outcome.env ?? {});
    for (const dir of outcome.path ?? []) this.pathAdditions.unshift(dir);
    rec.stdout = (outcome.log ?? []).join('\n');
    for (const w of outcome.warnings ?? []) {
      this.run.warnings.push(`${this.label} / ${rec.name}: ${w}`);
      this.run.annotations.push({ level: 'warning', message: w, job: this.jobId, leg: this.label, step: rec.name });
    }
    if (outcome.error !== undefined) {
      rec.errors.push(outcome.error);
      rec.stderr = outcome.error;
      this.run.annotations.push({ level: 'error', message: outcome.error, job: this.jobId, leg: this.label, step: rec.name });
      return false;
    }
    return true;
  }
}

// ----------------------------------------------------------------- reporting

/** A readable transcript of a run, for assertion messages. */
export function describeRun(result: RunResult): string {
  const lines: string[] = [`run on ${result.event.name} ${result.event.ref} (owner ${result.owner}): ${result.conclusion}`];
  for (const job of Object.values(result.jobs)) {
    lines.push(`job ${job.id}: ${job.status}${job.skippedBecause ? ` — ${job.skippedBecause}` : ''}`);
    for (const leg of job.legs) {
      const qemu = leg.qemuSetUp ? `, QEMU ${leg.qemuPlatforms.join(',')}` : '';
      lines.push(`  ${leg.label} on ${JSON.stringify(leg.runsOn)} (${leg.runnerArch}${qemu}): ${leg.status}`);
      for (const s of leg.steps) {
        lines.push(`    [${s.status}] ${s.name}${s.exitCode !== undefined ? ` (exit ${s.exitCode})` : ''}${s.durationMs !== undefined ? ` ${s.durationMs} ms` : ''}`);
        if (s.status === 'failure') {
          for (const e of s.errors) lines.push(`        error: ${e}`);
          const tail = (s.stderr || s.stdout).trim().split('\n').slice(-8);
          for (const t of tail) lines.push(`        | ${t}`);
        }
      }
    }
  }
  for (const r of result.containerRuns) lines.push(`docker run (${r.leg}): ${r.image} as ${r.requestedPlatform} [${r.source}${r.emulated ? ', QEMU' : ''}] -> exit ${r.exitCode}`);
  for (const c of result.imagetoolsCreates) lines.push(`imagetools create (${c.job}): tags=${c.tags.join(' ')} sources=${c.sources.join(' ')} -> exit ${c.exitCode}`);
  for (const [ref, t] of Object.entries(result.registry)) lines.push(`registry ${ref} -> ${t.digest.slice(0, 19)}… [${t.platforms.join(', ')}]`);
  return lines.join('\n');
}

/** The steps that failed, as `job / leg / step: errors`. */
export function failedSteps(result: RunResult): Array<{ job: string; leg: string; step: string; errors: string[]; output: string }> {
  return result.legs.flatMap(leg => leg.steps.filter(s => s.status === 'failure').map(s => ({
    job: leg.job, leg: leg.label, step: s.name, errors: s.errors, output: `${s.stdout}\n${s.stderr}`,
  })));
}
