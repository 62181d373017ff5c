/**
 * Runs three real workflow checkers on GitHub Actions workflow files and returns
 * structured findings:
 *
 *  - actionlint 1.7.12 (with shellcheck for `run:` scripts)  -> tool 'actionlint'
 *  - zizmor 1.32.0, offline, regular persona, no config        -> tool 'zizmor'
 *  - GitHub's @actions/workflow-parser (scripts/parse-workflows.mjs) -> tool 'parser'
 *
 * Install the pinned tools first with `scripts/install-tools.sh` (into `.tools/`).
 * Every runner throws when its tool is missing, crashes, or demonstrably did not do
 * its job; an empty array always means "the tool ran and found nothing".
 * Each tool is invoked once per call (the whole batch of files at once).
 */
import { spawnSync, SpawnSyncReturns } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export interface Finding {
  tool: 'actionlint' | 'zizmor' | 'parser';
  file: string;
  line?: number;
  rule?: string;
  message: string;
}

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const TOOLS_DIR = path.join(REPO_ROOT, '.tools');
export const ACTIONLINT_BIN = path.join(TOOLS_DIR, 'bin', 'actionlint');
export const ZIZMOR_BIN = path.join(TOOLS_DIR, 'venv', 'bin', 'zizmor');
export const SHELLCHECK_DEDUPE = path.join(TOOLS_DIR, 'bin', 'shellcheck-dedupe');
export const PARSER_SCRIPT = path.join(REPO_ROOT, 'scripts', 'parse-workflows.mjs');

const ACTIONLINT_VERSION = '1.7.12';
const ZIZMOR_VERSION = '1.32.0';
const INSTALL_HINT = 'run scripts/install-tools.sh';
const MAX_BUFFER = 512 * 1024 * 1024;

/**
 * Canary workflows appended to every batch. Their expected findings prove that the
 * tool really analysed its input (e.g. that actionlint found and ran shellcheck,
 * which it otherwise skips silently); they are removed from the returned findings.
 */
const ACTIONLINT_CANARY = [
  'name: actionlint-canary',
  'on: push',
  'permissions: {}',
  'jobs:',
  '  canary:',
  '    runs-on: ubuntu-latest',
  '    steps:',
  '      - env:',
  '          CANARY: a b',
  '        run: echo $CANARY',
  '',
].join('\n');

const ZIZMOR_CANARY = [
  'name: zizmor-canary',
  'on:',
  '  issues:',
  '    types: [opened]',
  'permissions: {}',
  'jobs:',
  '  canary:',
  '    runs-on: ubuntu-latest',
  '    permissions: {}',
  '    steps:',
  '      - run: echo "${{ github.event.issue.title }}"',
  '',
].join('\n');

let canaryDir: string | undefined;
function canaryFile(name: string, content: string): string {
  if (canaryDir === undefined) {
    canaryDir = fs.mkdtempSync(path.join(os.tmpdir(), 'workflow-checks-canary-'));
    const dir = canaryDir;
    process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  }
  const file = path.join(canaryDir, name);
  if (!fs.existsSync(file)) fs.writeFileSync(file, content);
  return file;
}

/** Maps resolved absolute paths back to the path strings the caller passed in. */
class Inputs {
  readonly absolute: string[] = [];
  private readonly original = new Map<string, string>();

  constructor(files: string[]) {
    for (const f of files) {
      const abs = path.resolve(f);
      if (!fs.existsSync(abs) || !fs.statSync(abs).isFile()) {
        throw new Error(`workflow-checks: not a file: ${f}`);
      }
      if (!this.original.has(abs)) {
        this.original.set(abs, f);
        this.absolute.push(abs);
      }
    }
  }

  /** The caller's spelling of a path reported by a tool (relative to `cwd`). */
  display(reported: string, cwd: string): string {
    const abs = path.resolve(cwd, reported);
    return this.original.get(abs) ?? abs;
  }
}

function failure(tool: string, r: SpawnSyncReturns<string>): string {
  const why = r.error ? `error ${r.error.message}` : r.signal ? `signal ${r.signal}` : `exit code ${r.status}`;
  const tail = (s: string | null | undefined) => (s ?? '').trim().split('\n').slice(-30).join('\n');
  return `${tool} failed (${why})\n--- stderr ---\n${tail(r.stderr)}\n--- stdout ---\n${tail(r.stdout)}`;
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv): SpawnSyncReturns<string> {
  return spawnSync(cmd, args, { cwd: REPO_ROOT, env, encoding: 'utf8', maxBuffer: MAX_BUFFER });
}

function parseJson(tool: string, r: SpawnSyncReturns<string>): unknown {
  try {
    return JSON.parse(r.stdout);
  } catch (e) {
    throw new Error(`${failure(tool, r)}\n(could not parse JSON output: ${(e as Error).message})`);
  }
}

function assertExecutable(file: string, what: string): void {
  try {
    fs.accessSync(file, fs.constants.X_OK);
  } catch {
    throw new Error(`workflow-checks: ${what} not found at ${file} (${INSTALL_HINT})`);
  }
}

function findShellcheck(): string {
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter), '/usr/bin', '/usr/local/bin'];
  for (const dir of dirs) {
    if (!dir) continue;
    const candidate = path.join(dir, 'shellcheck');
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      // keep looking
    }
  }
  throw new Error(`workflow-checks: shellcheck not found on PATH or in /usr/bin (${INSTALL_HINT})`);
}

function checkVersion(bin: string, args: string[], expected: RegExp, what: string): void {
  const r = run(bin, args, process.env);
  if (r.error || r.status !== 0) throw new Error(failure(`${what} ${args.join(' ')}`, r));
  if (!expected.test(r.stdout)) {
    throw new Error(`workflow-checks: unexpected ${what} version: ${r.stdout.trim()} (${INSTALL_HINT})`);
  }
}

let actionlintTools: { shellcheck: string } | undefined;
function verifyActionlint(): { shellcheck: string } {
  if (actionlintTools) return actionlintTools;
  assertExecutable(ACTIONLINT_BIN, 'actionlint');
  assertExecutable(SHELLCHECK_DEDUPE, 'shellcheck-dedupe');
  const shellcheck = findShellcheck();
  checkVersion(shellcheck, ['--version'], /^version: \d/m, 'shellcheck');
  checkVersion(ACTIONLINT_BIN, ['-version'], new RegExp(`^v?${ACTIONLINT_VERSION.replace(/\./g, '\\.')}\\s`), 'actionlint');
  actionlintTools = { shellcheck };
  return actionlintTools;
}

let zizmorVerified = false;
function verifyZizmor(): void {
  if (zizmorVerified) return;
  assertExecutable(ZIZMOR_BIN, 'zizmor');
  checkVersion(ZIZMOR_BIN, ['--version'], new RegExp(`^zizmor ${ZIZMOR_VERSION.replace(/\./g, '\\.')}\\s*$`), 'zizmor');
  zizmorVerified = true;
}

/** An empty config file, so no project `.github/actionlint.yaml` can silence anything. */
function actionlintConfig(runnerLabels: string[]): string {
  // The only setting: the labels of the repository's own larger or
  // self-hosted runners, which actionlint cannot know (its `runner-label`
  // rule reports unknown labels). Every rule stays on.
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'actionlint-config-')), 'actionlint.yaml');
  const labels = runnerLabels.map(label => `    - ${JSON.stringify(label)}\n`).join('');
  fs.writeFileSync(file, labels ? `self-hosted-runner:\n  labels:\n${labels}` : '# default actionlint configuration\n');
  return file;
}

interface ActionlintError {
  message: string;
  filepath: string;
  line: number;
  column: number;
  kind: string;
}

/** actionlint (+ shellcheck) over all files in one invocation. */
export function runActionlint(files: string[], runnerLabels: string[] = []): Finding[] {
  const { shellcheck } = verifyActionlint();
  const inputs = new Inputs(files);
  if (inputs.absolute.length === 0) return [];
  const canary = canaryFile('actionlint-canary.yml', ACTIONLINT_CANARY);

  // Identical scripts (the generated workflows repeat a dozen of them) are
  // checked once per batch; see scripts/shellcheck-dedupe.go. The canary is
  // unique, so it always reaches the real shellcheck.
  const env = {
    ...process.env,
    PATH: [path.dirname(shellcheck), '/usr/bin', process.env.PATH ?? ''].join(path.delimiter),
    SHELLCHECK_REAL: shellcheck,
    SHELLCHECK_DEDUPE_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'shellcheck-dedupe-')),
  };
  const r = run(ACTIONLINT_BIN, [
    '-format', '{{json .}}',
    '-no-color',
    '-config-file', actionlintConfig(runnerLabels),
    '-shellcheck', SHELLCHECK_DEDUPE,
    '-pyflakes', '',
    ...inputs.absolute,
    canary,
  ], env);
  // 0 = no problems, 1 = problems found, 2 = bad options, 3 = fatal error.
  if (r.error || (r.status !== 0 && r.status !== 1)) throw new Error(failure('actionlint', r));
  const raw = parseJson('actionlint', r);
  if (!Array.isArray(raw)) throw new Error(`${failure('actionlint', r)}\n(output is not a JSON array)`);

  const findings: Finding[] = [];
  let canaryHits = 0;
  for (const e of raw as ActionlintError[]) {
    if (path.resolve(REPO_ROOT, e.filepath) === canary) {
      if (e.kind === 'shellcheck' && /SC2086/.test(e.message)) canaryHits++;
      continue;
    }
    findings.push({
      tool: 'actionlint',
      file: inputs.display(e.filepath, REPO_ROOT),
      line: e.line,
      rule: e.kind,
      message: e.message,
    });
  }
  if (canaryHits !== 1) {
    throw new Error(`workflow-checks: actionlint did not report the shellcheck canary finding (SC2086): shellcheck integration is not working\n${failure('actionlint', r)}`);
  }
  return findings;
}

interface ZizmorLocation {
  symbolic: {
    key: { Local?: { verbatim_path?: string; given_path?: string } };
    annotation?: string;
    kind?: string;
    feature_kind?: string | { Subfeature?: { fragment?: { Raw?: string } } };
  };
  concrete?: { location?: { start_point?: { row: number } } };
}
interface ZizmorFinding {
  ident: string;
  desc: string;
  determinations: { severity: string; confidence: string };
  locations: ZizmorLocation[];
}

/**
 * zizmor over all files in one invocation: `--offline` (no GitHub API, online audits
 * disabled), `--persona=regular` (the default), `--no-config` and `--no-ignores` (nothing
 * can silence an audit). Files zizmor refuses to audit (invalid YAML/schema, which it
 * skips with a warning) are reported as `zizmor`/`not-audited` findings, never dropped.
 */
export function runZizmor(files: string[], persona: 'regular' | 'pedantic' = 'regular'): Finding[] {
  verifyZizmor();
  const inputs = new Inputs(files);
  if (inputs.absolute.length === 0) return [];
  const canary = canaryFile('zizmor-canary.yml', ZIZMOR_CANARY);

  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  for (const k of Object.keys(env)) {
    if (k.startsWith('ZIZMOR_') || k === 'GH_TOKEN' || k === 'GITHUB_TOKEN' || k === 'GH_HOST') delete env[k];
  }
  const r = run(ZIZMOR_BIN, [
    '--offline',
    '--persona', persona,
    '--no-config',
    '--no-ignores',
    '--no-progress',
    '--color', 'never',
    '--format', 'json',
    ...inputs.absolute,
    canary,
  ], env);
  // Exit codes (docs.zizmor.sh/usage/#exit-codes): 0 = no findings, 1 = error,
  // 10..14 = findings (highest severity unknown..high); anything else is an error.
  // The canary always yields a finding, so anything but 10..14 is a failure.
  if (r.error || r.status === null || r.status < 10 || r.status > 14) throw new Error(failure('zizmor', r));
  const raw = parseJson('zizmor', r);
  if (!Array.isArray(raw)) throw new Error(`${failure('zizmor', r)}\n(output is not a JSON array)`);

  const findings: Finding[] = [];
  let canaryHits = 0;
  for (const f of raw as ZizmorFinding[]) {
    const primary = f.locations.find((l) => l.symbolic.kind === 'Primary') ?? f.locations[0];
    const local = primary?.symbolic.key.Local;
    const reported = local?.verbatim_path ?? local?.given_path;
    if (reported === undefined) {
      throw new Error(`workflow-checks: zizmor finding without a local path: ${JSON.stringify(f)}`);
    }
    if (path.resolve(REPO_ROOT, reported) === canary) {
      if (f.ident === 'template-injection') canaryHits++;
      continue;
    }
    const row = primary.concrete?.location?.start_point?.row;
    const annotation = primary.symbolic.annotation ? `: ${primary.symbolic.annotation}` : '';
    const kind = primary.symbolic.feature_kind;
    const fragment = typeof kind === 'object' ? kind.Subfeature?.fragment?.Raw : undefined;
    const detail = typeof fragment === 'string' ? ` [${fragment}]` : '';
    const finding: Finding = {
      tool: 'zizmor',
      file: inputs.display(reported, REPO_ROOT),
      rule: f.ident,
      message: `${f.desc}${annotation}${detail} (severity ${f.determinations.severity}, confidence ${f.determinations.confidence})`,
    };
    if (row !== undefined) finding.line = row + 1;
    findings.push(finding);
  }
  if (canaryHits === 0) {
    throw new Error(`workflow-checks: zizmor did not report the template-injection canary finding\n${failure('zizmor', r)}`);
  }

  // zizmor logs "completed <path>" for every audited input and merely warns about the
  // inputs it skips (invalid YAML or schema): surface skipped inputs as findings.
  const completed = new Set<string>();
  const warnings: string[] = [];
  for (const line of r.stderr.split('\n')) {
    const done = / completed (.+)$/.exec(line);
    if (done) completed.add(path.resolve(REPO_ROOT, done[1].trim()));
    const warn = /\bWARN\b.*?: (failed to .*)$/.exec(line);
    if (warn) warnings.push(warn[1].trim());
  }
  if (!completed.has(canary)) {
    throw new Error(`workflow-checks: could not read zizmor's per-input progress log\n${failure('zizmor', r)}`);
  }
  for (const abs of inputs.absolute) {
    if (completed.has(abs)) continue;
    const own = warnings.filter((w) => w.includes(`file://${abs} `));
    const reason = own.length > 0 ? own : warnings.filter((w) => !w.includes('file://'));
    findings.push({
      tool: 'zizmor',
      file: inputs.display(abs, REPO_ROOT),
      rule: 'not-audited',
      message: `zizmor skipped this input${reason.length > 0 ? `: ${reason.join('; ')}` : ''}`,
    });
  }
  return findings;
}

/** GitHub's official workflow parser (schema + semantic validation), one node process. */
export function runWorkflowParser(files: string[]): Finding[] {
  const inputs = new Inputs(files);
  if (inputs.absolute.length === 0) return [];
  const r = run(process.execPath, [PARSER_SCRIPT, ...inputs.absolute], process.env);
  if (r.error || r.status !== 0) throw new Error(failure('parse-workflows.mjs', r));
  const raw = parseJson('parse-workflows.mjs', r);
  if (!Array.isArray(raw)) throw new Error(`${failure('parse-workflows.mjs', r)}\n(output is not a JSON array)`);
  return (raw as Finding[]).map((f) => ({ ...f, tool: 'parser' as const, file: inputs.display(f.file, REPO_ROOT) }));
}

/** All three checkers over the same batch. */
/**
 * All three tools. `runnerLabels` declares the labels of larger or self-hosted
 * runners to actionlint, as a repository using them would.
 */
export function checkWorkflows(files: string[], runnerLabels: string[] = []): Finding[] {
  return [...runWorkflowParser(files), ...runActionlint(files, runnerLabels), ...runZizmor(files)];
}

/** Human-readable one-line-per-finding rendering, handy in assertion messages. */
export function formatFindings(findings: Finding[]): string {
  return findings
    .map((f) => `${f.file}${f.line !== undefined ? `:${f.line}` : ''} [${f.tool}${f.rule ? `/${f.rule}` : ''}] ${f.message}`)
    .join('\n');
}
