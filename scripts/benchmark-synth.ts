// How much does the publisher add to `npx projen`?
//
// Builds N realistic projen projects (a TypeScriptProject with its default
// GitHub workflows, release, eslint, jest and a .projenrc.ts) without the publisher and N
// with it (the examples/qm-nmr-calc configuration), interleaved, each in a
// fresh temporary directory that is deleted afterwards, and times every
// `project.synth()`. Prints figures only; it is not a test.
//
// Usage: npx ts-node --project projenrc/tsconfig.json scripts/benchmark-synth.ts [runs]
//        (runs defaults to 15, or BENCH_RUNS)
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { Component, Project } from 'projen';
import { NodePackageManager } from 'projen/lib/javascript';
import { TypeScriptProject } from 'projen/lib/typescript';
import { BuildStrategy, MultiArchImagePublisher, MultiArchImagePublisherOptions, Platform, Registry, TagRule } from '../src';

const RUNS = Number(process.argv[2] ?? process.env.BENCH_RUNS ?? 15);
const WARMUP = 3;
const EXAMPLE_WORKFLOW = path.join(__dirname, '..', 'examples', 'qm-nmr-calc', '.github', 'workflows', 'publish-images.yml');

/** The options of examples/qm-nmr-calc/.projenrc.ts (checked against its committed workflow below). */
const EXAMPLE_OPTIONS: MultiArchImagePublisherOptions = {
  workflowName: 'publish-images',
  triggers: { tags: ['v*'], workflowDispatch: true },
  registries: [Registry.ghcr()],
  tags: [TagRule.semver('{{version}}'), TagRule.semver('{{major}}.{{minor}}'), TagRule.raw('latest')],
  images: [
    { name: 'qm-nmr-calc-api', dockerfile: 'Dockerfile.api', strategy: BuildStrategy.EMULATED },
    {
      name: 'qm-nmr-calc-worker',
      dockerfile: 'Dockerfile.worker',
      platforms: [Platform.LINUX_AMD64, Platform.LINUX_ARM64],
      platformOverrides: [{ platform: Platform.LINUX_ARM64, dockerfile: 'Dockerfile.worker.arm64' }],
    },
  ],
};

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

function main(): void {
  if (!Number.isInteger(RUNS) || RUNS < 1) throw new Error(`runs must be a positive whole number, got ${RUNS}`);
  // Post-synthesis steps would run `npm install` in every temporary project.
  process.env.PROJEN_DISABLE_POST = 'true';
  const log = console.log;
  console.log = () => {}; // projen's own progress messages

  // The options above must still be the example's: same workflow, byte for byte.
  run(true, project => {
    const generated = fs.readFileSync(path.join(project.outdir, '.github/workflows/publish-images.yml'), 'utf8');
    if (fs.existsSync(EXAMPLE_WORKFLOW) && generated !== fs.readFileSync(EXAMPLE_WORKFLOW, 'utf8')) {
      log('warning: the workflow differs from examples/qm-nmr-calc (run scripts/main-job.sh, or update EXAMPLE_OPTIONS)');
    }
  });
  for (let i = 0; i < WARMUP; i++) {
    run(false);
    run(true);
  }

  const without: Sample[] = [];
  const withPublisher: Sample[] = [];
  for (let i = 0; i < RUNS; i++) {
    // Alternate which one goes first so drift (GC, caches, CPU clock) hits both alike.
    if (i % 2 === 0) {
      without.push(run(false));
      withPublisher.push(run(true));
    } else {
      withPublisher.push(run(true));
      without.push(run(false));
    }
  }
  console.log = log;

  const fmt = (ms: number) => `${ms.toFixed(1).padStart(7)} ms`;
  const synthWithout = median(without.map(s => s.synthMs));
  const synthWith = median(withPublisher.map(s => s.synthMs));
  const fullWithout = median(without.map(s => s.constructMs + s.synthMs));
  const fullWith = median(withPublisher.map(s => s.constructMs + s.synthMs));
  const ctor = median(withPublisher.map(s => s.ctorMs));
  const hooks = median(withPublisher.map(s => s.hooksMs));
  const component = median(withPublisher.map(s => s.ctorMs + s.hooksMs));
  log(`projen synth benchmark: ${RUNS} runs each (interleaved, ${WARMUP} warm-up pairs), Node ${process.version}`);
  log(`project: TypeScriptProject with release (${without[0].files} files written without the publisher, ${withPublisher[0].files} with)`);
  log('');
  log(`                      without       with      ratio`);
  log(`synth() median     ${fmt(synthWithout)} ${fmt(synthWith)}   ${(synthWith / synthWithout).toFixed(3)}`);
  log(`construct+synth    ${fmt(fullWithout)} ${fmt(fullWith)}   ${(fullWith / fullWithout).toFixed(3)}`);
  log(`synth() min        ${fmt(Math.min(...without.map(s => s.synthMs)))} ${fmt(Math.min(...withPublisher.map(s => s.synthMs)))}`);
  log(`synth() max        ${fmt(Math.max(...without.map(s => s.synthMs)))} ${fmt(Math.max(...withPublisher.map(s => s.synthMs)))}`);
  log('');
  log(`component's own time, median: ${component.toFixed(2)} ms (constructor ${ctor.toFixed(2)} ms + synth hooks of its components ${hooks.toFixed(2)} ms)`);
  log(`  = ${((100 * component) / fullWith).toFixed(1)}% of construct+synth with the publisher`);
  log(`difference of medians (construct+synth): ${(fullWith - fullWithout).toFixed(1)} ms`);
}

main();
