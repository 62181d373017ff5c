// How much does the publisher add to `npx projen`?
//
// 1. In process: builds N realistic projen projects (a TypeScriptProject with
//    its default GitHub workflows, release, eslint, jest and a .projenrc.ts)
//    without the publisher and N with it (the examples/qm-nmr-calc
//    configuration), interleaved, each in a fresh temporary directory that is
//    deleted afterwards, and times every `project.synth()`.
// 2. End to end: what a user waits for. Runs the example's projen `default`
//    task command (ts-node .projenrc.ts in a fresh Node process, as
//    `npx projen` does) N times in a temporary copy of examples/qm-nmr-calc
//    with its .projenrc.ts as is, and N times in a copy without the
//    `new MultiArchImagePublisher(...)` statement, interleaved. Both copies
//    use the example's node_modules through a symlink (install it first with
//    `bash scripts/main-job.sh`); nothing is written to examples/qm-nmr-calc.
//
// Prints figures only; it is not a test.
//
// Usage: npx ts-node --project projenrc/tsconfig.json scripts/benchmark-synth.ts [--runs N]
//        (N runs of each kind; defaults: 15 in process, 10 end to end; BENCH_RUNS also sets N)
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { Component, Project } from 'projen';
import { NodePackageManager } from 'projen/lib/javascript';
import { TypeScriptProject } from 'projen/lib/typescript';
import * as ts from 'typescript';
import { MultiArchImagePublisher, MultiArchImagePublisherOptions } from '../src';
import { seedOptions } from '../test/support/seed-options';

const WARMUP = 3;
const EXAMPLE_DIR = path.join(__dirname, '..', 'examples', 'qm-nmr-calc');
const WORKFLOW = path.join('.github', 'workflows', 'publish-images.yml');
const EXAMPLE_WORKFLOW = path.join(EXAMPLE_DIR, WORKFLOW);

/** The options of examples/qm-nmr-calc/.projenrc.ts (checked against its committed workflow below). */
const EXAMPLE_OPTIONS: MultiArchImagePublisherOptions = seedOptions({ workflowDispatch: true });

interface Sample {
  /** Constructing the project (and the publisher). */
  readonly constructMs: number;
  /** `project.synth()`. */
  readonly synthMs: number;
  /** The publisher's constructor. */
  readonly ctorMs: number;
  /** The synth hooks (pre/synthesize/post) of the publisher and the components it created. */
  readonly hooksMs: number;
  /** Files written to the output directory. */
  readonly files: number;
}

function newProject(outdir: string): TypeScriptProject {
  return new TypeScriptProject({
    name: 'qm-nmr-calc',
    defaultReleaseBranch: 'main',
    outdir,
    packageManager: NodePackageManager.NPM,
    projenrcTs: true,
    release: true,
  });
}

/** Wraps the synth hooks of `components` so their time is added to `spent.ms`. */
function timeHooks(components: Component[], spent: { ms: number }): void {
  for (const component of components) {
    for (const hook of ['preSynthesize', 'synthesize', 'postSynthesize'] as const) {
      const original = component[hook].bind(component);
      component[hook] = () => {
        const start = performance.now();
        try {
          original();
        } finally {
          spent.ms += performance.now() - start;
        }
      };
    }
  }
}

function run(withPublisher: boolean, keep?: (project: Project) => void): Sample {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'mai-bench-'));
  try {
    const spent = { ms: 0 };
    let ctorMs = 0;
    const constructStart = performance.now();
    const project = newProject(outdir);
    if (withPublisher) {
      const before = new Set(project.components);
      const start = performance.now();
      new MultiArchImagePublisher(project, EXAMPLE_OPTIONS);
      ctorMs = performance.now() - start;
      timeHooks(project.components.filter(component => !before.has(component)), spent);
    }
    const constructMs = performance.now() - constructStart;

    const synthStart = performance.now();
    project.synth();
    const synthMs = performance.now() - synthStart;
    keep?.(project);
    const files = (fs.readdirSync(outdir, { recursive: true, withFileTypes: true }) as fs.Dirent[]).filter(entry => entry.isFile()).length;
    return { constructMs, synthMs, ctorMs, hooksMs: spent.ms, files };
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

const fmt = (ms: number) => `${ms.toFixed(1).padStart(7)} ms`;

/** Runs both `runs` times, alternating which goes first so drift (GC, caches, CPU clock) hits both alike. */
function interleave<T>(runs: number, without: () => T, withPublisher: () => T): { without: T[]; withPublisher: T[] } {
  const result = { without: [] as T[], withPublisher: [] as T[] };
  for (let i = 0; i < runs; i++) {
    if (i % 2 === 0) {
      result.without.push(without());
      result.withPublisher.push(withPublisher());
    } else {
      result.withPublisher.push(withPublisher());
      result.without.push(without());
    }
  }
  return result;
}

function benchmarkInProcess(runs: number): void {
  // Post-synthesis steps would run `npm install` in every temporary project.
  process.env.PROJEN_DISABLE_POST = 'true';
  const log = console.log;
  console.log = () => {}; // projen's own progress messages

  // The options above must still be the example's: same workflow, byte for byte.
  run(true, project => {
    const generated = fs.readFileSync(path.join(project.outdir, WORKFLOW), 'utf8');
    if (fs.existsSync(EXAMPLE_WORKFLOW) && generated !== fs.readFileSync(EXAMPLE_WORKFLOW, 'utf8')) {
      log('warning: the workflow differs from examples/qm-nmr-calc (run scripts/main-job.sh, or update EXAMPLE_OPTIONS)');
    }
  });
  for (let i = 0; i < WARMUP; i++) {
    run(false);
    run(true);
  }
  const { without, withPublisher } = interleave(runs, () => run(false), () => run(true));
  console.log = log;

  const synthWithout = median(without.map(s => s.synthMs));
  const synthWith = median(withPublisher.map(s => s.synthMs));
  const fullWithout = median(without.map(s => s.constructMs + s.synthMs));
  const fullWith = median(withPublisher.map(s => s.constructMs + s.synthMs));
  const ctor = median(withPublisher.map(s => s.ctorMs));
  const hooks = median(withPublisher.map(s => s.hooksMs));
  const component = median(withPublisher.map(s => s.ctorMs + s.hooksMs));
  log(`projen synth benchmark, in process: ${runs} runs each (interleaved, ${WARMUP} warm-up pairs), Node ${process.version}`);
  log(`project: TypeScriptProject with release (${without[0].files} files written without the publisher, ${withPublisher[0].files} with)`);
  log('');
  log('                      without       with      ratio');
  log(`synth() median     ${fmt(synthWithout)} ${fmt(synthWith)}   ${(synthWith / synthWithout).toFixed(3)}`);
  log(`construct+synth    ${fmt(fullWithout)} ${fmt(fullWith)}   ${(fullWith / fullWithout).toFixed(3)}`);
  log(`synth() min        ${fmt(Math.min(...without.map(s => s.synthMs)))} ${fmt(Math.min(...withPublisher.map(s => s.synthMs)))}`);
  log(`synth() max        ${fmt(Math.max(...without.map(s => s.synthMs)))} ${fmt(Math.max(...withPublisher.map(s => s.synthMs)))}`);
  log('');
  log(`component's own time, median: ${component.toFixed(2)} ms (constructor ${ctor.toFixed(2)} ms + synth hooks of its components ${hooks.toFixed(2)} ms)`);
  log(`  = ${((100 * component) / fullWith).toFixed(1)}% of construct+synth with the publisher`);
  log(`difference of medians (construct+synth): ${(fullWith - fullWithout).toFixed(1)} ms`);
}

// --- End to end ------------------------------------------------------------------

const E2E_WARMUP = 1;

/** `text` without the whole lines that `node` spans. */
function cutLines(text: string, node: ts.Node): string {
  const start = text.lastIndexOf('\n', node.getStart() - 1) + 1;
  const end = text.indexOf('\n', node.getEnd());
  return text.slice(0, start) + (end === -1 ? '' : text.slice(end + 1));
}

/** The example's .projenrc.ts without the `new MultiArchImagePublisher(...)` statement and the imports only it used. */
function removePublisher(source: string): string {
  const parse = (text: string) => ts.createSourceFile('.projenrc.ts', text, ts.ScriptTarget.Latest, true);
  let statement: ts.Node | undefined;
  const find = (node: ts.Node): void => {
    const isPublisher = ts.isExpressionStatement(node) && ts.isNewExpression(node.expression)
      && node.expression.expression.getText() === 'MultiArchImagePublisher';
    if (isPublisher) {
      statement = node;
    } else {
      ts.forEachChild(node, find);
    }
  };
  find(parse(source));
  if (!statement) throw new Error('no `new MultiArchImagePublisher(...)` statement in examples/qm-nmr-calc/.projenrc.ts');
  const text = cutLines(source, statement);

  const imports = parse(text).statements.find(
    (node): node is ts.ImportDeclaration =>
      ts.isImportDeclaration(node) && (node.moduleSpecifier as ts.StringLiteral).text === 'projen-multiarch-publisher',
  );
  const named = imports?.importClause?.namedBindings;
  if (!imports || !named || !ts.isNamedImports(named)) return text;
  const rest = cutLines(text, imports);
  const used = named.elements.map(element => element.name.text).filter(name => new RegExp(`\\b${name}\\b`).test(rest));
  return used.length === 0 ? rest : text.slice(0, named.getStart()) + `{ ${used.join(', ')} }` + text.slice(named.getEnd());
}

/** A temporary copy of the example (its node_modules symlinked), with `projenrc` as its .projenrc.ts. */
function copyExample(projenrc: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mai-bench-e2e-'));
  const nodeModules = path.join(EXAMPLE_DIR, 'node_modules');
  fs.cpSync(EXAMPLE_DIR, dir, { recursive: true, filter: source => source !== nodeModules });
  fs.symlinkSync(nodeModules, path.join(dir, 'node_modules'), 'dir');
  fs.writeFileSync(path.join(dir, '.projenrc.ts'), projenrc);
  return dir;
}

function benchmarkEndToEnd(runs: number): void {
  // The command of the example's `default` task, which `npx projen` runs: an
  // `execArgs` argv appended, as one command line, to its `shell` invocation.
  const tasks = JSON.parse(fs.readFileSync(path.join(EXAMPLE_DIR, '.projen', 'tasks.json'), 'utf8'));
  const step = tasks.tasks.default.steps[0];
  if (!Array.isArray(step.shell) || !Array.isArray(step.execArgs)) throw new Error(`unexpected default task step: ${JSON.stringify(step)}`);
  const [program, ...args] = [...step.shell, step.execArgs.join(' ')] as string[];
  // The environment of a terminal: the npm_* variables of the `npx ts-node` running this script
  // (npm_config_local_prefix=<repository root>, ...) would point the inner npx at the wrong project.
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('npm_') && name !== 'PROJEN_DISABLE_POST'));

  const source = fs.readFileSync(path.join(EXAMPLE_DIR, '.projenrc.ts'), 'utf8');
  const withDir = copyExample(source);
  const withoutDir = copyExample(removePublisher(source));
  try {
    // CPU time (user + system) of the child processes is the steadier figure on a busy
    // machine: other load stretches wall time, not the work a synth does.
    const cpu: Record<string, number[]> = { [withoutDir]: [], [withDir]: [] };
    const synth = (dir: string): number => {
      const start = performance.now();
      const cpuStart = childrenCpuMs();
      const result = spawnSync(program, args, { cwd: dir, env, encoding: 'utf8' });
      const ms = performance.now() - start;
      cpu[dir].push(childrenCpuMs() - cpuStart);
      if (result.status !== 0) {
        throw new Error(`${program} ${args.join(' ')} failed in ${dir} (${result.error ?? `exit ${result.status}`}):\n${result.stdout}${result.stderr}`);
      }
      return ms;
    };

    // Warm-up; the first run without the publisher also deletes the copied workflow, as projen would.
    for (let i = 0; i < E2E_WARMUP; i++) {
      synth(withoutDir);
      synth(withDir);
    }
    if (fs.existsSync(path.join(withoutDir, WORKFLOW)) || !fs.existsSync(path.join(withDir, WORKFLOW))) {
      throw new Error(`expected ${WORKFLOW} with the publisher only`);
    }
    if (fs.readFileSync(path.join(withDir, WORKFLOW), 'utf8') !== fs.readFileSync(EXAMPLE_WORKFLOW, 'utf8')) {
      console.log('warning: the workflow differs from the committed one in examples/qm-nmr-calc (run scripts/main-job.sh)');
    }
    cpu[withoutDir].length = 0;
    cpu[withDir].length = 0;
    const { without, withPublisher } = interleave(runs, () => synth(withoutDir), () => synth(withDir));

    const medianWithout = median(without);
    const medianWith = median(withPublisher);
    console.log(`projen synth benchmark, end to end: ${runs} runs each (interleaved, ${E2E_WARMUP} warm-up pair), Node ${process.version}`);
    console.log(`command: ${program} ${args.slice(0, -1).join(' ')} '${args[args.length - 1]}'  (the default task of examples/qm-nmr-calc, in temporary copies)`);
    console.log('');
    console.log('                      without       with      ratio');
    console.log(`wall time median   ${fmt(medianWithout)} ${fmt(medianWith)}   ${(medianWith / medianWithout).toFixed(3)}`);
    console.log(`wall time min      ${fmt(Math.min(...without))} ${fmt(Math.min(...withPublisher))}`);
    console.log(`wall time max      ${fmt(Math.max(...without))} ${fmt(Math.max(...withPublisher))}`);
    const cpuWithout = median(cpu[withoutDir]);
    const cpuWith = median(cpu[withDir]);
    console.log(`CPU time median    ${fmt(cpuWithout)} ${fmt(cpuWith)}   ${(cpuWith / cpuWithout).toFixed(3)}`);
    console.log('');
    console.log(`difference of medians: ${(medianWith - medianWithout).toFixed(1)} ms`);
  } finally {
    fs.rmSync(withDir, { recursive: true, force: true });
    fs.rmSync(withoutDir, { recursive: true, force: true });
  }
}

/** CPU time (user + system) of this process's finished children, from /proc (Linux). */
function childrenCpuMs(): number {
  const stat = fs.readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Fields 16 and 17 of proc(5), cutime and cstime, in clock ticks (100 a second on Linux).
  return (Number(fields[13]) + Number(fields[14])) * 10;
}

function main(): void {
  const argv = process.argv.slice(2);
  if (!(argv.length === 0 || (argv.length === 2 && argv[0] === '--runs'))) {
    console.error('usage: npx ts-node --project projenrc/tsconfig.json scripts/benchmark-synth.ts [--runs N]');
    process.exit(2);
  }
  const runs = argv[1] ?? process.env.BENCH_RUNS;
  if (runs !== undefined && !/^[1-9]\d*$/.test(runs)) {
    console.error(`--runs must be a positive whole number, got ${runs}`);
    process.exit(2);
  }
  if (!fs.existsSync(path.join(EXAMPLE_DIR, 'node_modules', 'projen-multiarch-publisher'))) {
    console.error('examples/qm-nmr-calc/node_modules (with projen-multiarch-publisher) is missing: run `bash scripts/main-job.sh` first');
    process.exit(1);
  }

  benchmarkInProcess(Number(runs ?? 15));
  console.log('');
  console.log('');
  benchmarkEndToEnd(Number(runs ?? 10));
}

main();
