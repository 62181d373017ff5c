// Does the packed library work on the projen a user already has?
//
// For each projen version: a fresh consumer project under .compat/ (git-ignored)
// whose only dev dependencies are that projen, constructs and the packed
// tarball, installed the way a user installs (`npm install`, never
// --legacy-peer-deps). The consumer then synthesizes the seed configuration
// (test/support/seed-options.ts) with a bare Project + GitHub, and its workflow
// is compared with the one this checkout writes in process. The only difference
// allowed is the documented one (dropDerivedStepIds below).
//
// Usage: npx ts-node --project projenrc/tsconfig.json scripts/projen-compat.ts [--tarball FILE] [VERSION[:CONSTRUCTS]...]
//   Without versions: the lowest projen of the peer range (with constructs
//   10.0.0, the lowest its peer range allows) and NEWEST_PROJEN (with the newest
//   constructs 10.x); exits non-zero unless both install and write the same
//   workflow. A version below the peer range must instead be refused by npm and,
//   forced in with --legacy-peer-deps, by the component's own Error.
//   The tarball defaults to dist/pack/projen-multiarch-publisher.tgz (bash scripts/main-job.sh).
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { Project } from 'projen';
import { GitHub } from 'projen/lib/github';
import * as ts from 'typescript';
import { MultiArchImagePublisher } from '../src';
import { isSupportedProjenVersion, MIN_PROJEN_VERSION } from '../src/private/projen-version';
import { seedOptions } from '../test/support/seed-options';

/** The newest projen release this was measured on; raise it when projen ships a new one. */
const NEWEST_PROJEN = '0.103.25';
const REPO = path.resolve(__dirname, '..');
const WORK = path.join(REPO, '.compat');
const WORKFLOW = path.join('.github', 'workflows', 'publish-images.yml');

/**
 * The one difference between supported projen releases, removed before
 * comparing: projen 0.101 and later give every step without an `id` one
 * derived from its name (`- name: Set up QEMU` gets `id: set_up_qemu`, a
 * repeated one `_2`, ...). Nothing refers to those ids, so the workflow does
 * the same. Ids the library sets itself (`meta`, `build`, ...) are compared.
 */
function dropDerivedStepIds(text: string): string {
  const lines = text.split('\n');
  return lines.filter((line, i) => {
    const id = /^\s+id: (\S+)$/.exec(line)?.[1];
    const name = /^\s+- name: (.+)$/.exec(lines[i - 1] ?? '')?.[1];
    return !(id && name && new RegExp(`^${derivedStepId(name)}(_\\d+)?$`).test(id));
  }).join('\n');
}

/** projen's rule (src/github/workflows.ts) for an id derived from a step name. */
function derivedStepId(name: string): string {
  return name.replace(/\s+/g, '_').toLowerCase().replace(/[^a-z0-9_-]/g, '_').replace(/_+/g, '_').replace(/^_|_$/g, '');
}

interface Outcome {
  readonly spec: string;
  readonly install: string;
  readonly result: string;
  readonly seconds: number;
  readonly ok: boolean;
}

function main(): void {
  const args = process.argv.slice(2);
  let tarball = path.join(REPO, 'dist', 'pack', 'projen-multiarch-publisher.tgz');
  const specs: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--tarball') tarball = path.resolve(args[++i]);
    else specs.push(args[i]);
  }
  if (specs.length === 0) specs.push(`${MIN_PROJEN_VERSION}:10.0.0`, NEWEST_PROJEN);
  if (!fs.existsSync(tarball)) throw new Error(`no tarball at ${tarball}; run \`bash scripts/main-job.sh\` first or pass --tarball`);

  fs.mkdirSync(WORK, { recursive: true });
  const reference = normalize(referenceWorkflow());
  const seedModule = compileSeedOptions();
  const outcomes = specs.map(spec => tryVersion(spec, tarball, reference, seedModule));

  console.log();
  console.log('| projen | constructs | npm install | result | seconds |');
  console.log('| --- | --- | --- | --- | --- |');
  for (const o of outcomes) {
    const [projen, constructs] = o.spec.split(':');
    console.log(`| ${projen} | ${constructs ?? '^10.0.0'} | ${o.install} | ${o.result} | ${o.seconds.toFixed(1)} |`);
  }
  if (outcomes.some(o => !o.ok)) {
    console.error('projen-compat: FAILED (see above)');
    process.exit(1);
  }
}

/** The workflow this checkout writes, with the projen in node_modules. */
function referenceWorkflow(): string {
  const outdir = fs.mkdtempSync(path.join(WORK, 'reference-'));
  try {
    const project = new Project({ name: 'consumer', outdir });
    new GitHub(project);
    new MultiArchImagePublisher(project, seedOptions());
    process.env.PROJEN_DISABLE_POST = 'true';
    project.synth();
    return fs.readFileSync(path.join(outdir, WORKFLOW), 'utf-8');
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

/** test/support/seed-options.ts as CommonJS that imports the installed package instead of ../../src. */
function compileSeedOptions(): string {
  const source = fs.readFileSync(path.join(REPO, 'test', 'support', 'seed-options.ts'), 'utf-8');
  const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2020 } }).outputText;
  const rewritten = js.replace('require("../../src")', 'require("projen-multiarch-publisher")');
  if (rewritten === js) throw new Error('test/support/seed-options.ts no longer imports "../../src"; update compileSeedOptions');
  return rewritten;
}

const SYNTH_SCRIPT = `
const { Project } = require('projen');
const { GitHub } = require('projen/lib/github');
const { MultiArchImagePublisher } = require('projen-multiarch-publisher');
const { seedOptions } = require('./seed-options.js');
const project = new Project({ name: 'consumer', outdir: process.argv[2] });
new GitHub(project);
new MultiArchImagePublisher(project, seedOptions());
project.synth();
`;

function tryVersion(spec: string, tarball: string, reference: string, seedModule: string): Outcome {
  const started = Date.now();
  const [projen, constructs = '^10.0.0'] = spec.split(':');
  const supported = isSupportedProjenVersion(projen);
  const dir = path.join(WORK, `projen-${projen}`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const outcome = (install: string, result: string, ok: boolean): Outcome =>
    ({ spec, install, result, ok, seconds: (Date.now() - started) / 1000 });
  console.error(`[projen-compat] projen ${projen}, constructs ${constructs}: npm install`);

  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({
    name: 'compat-consumer',
    private: true,
    devDependencies: { 'projen': projen, constructs, 'projen-multiarch-publisher': `file:${tarball}` },
  }, undefined, 2));
  const install = npmInstall(dir, []);
  if (!supported) {
    // Below the range: npm must refuse, and a forced install must meet the component's Error.
    if (install.status === 0) return outcome('installed (should be refused)', 'peer range too wide', false);
    const refusal = /ERESOLVE/.test(install.stderr) ? 'refused (ERESOLVE)' : `failed: ${lastLine(install.stderr)}`;
    const forced = npmInstall(dir, ['--legacy-peer-deps']);
    if (forced.status !== 0) return outcome(refusal, `--legacy-peer-deps install failed: ${lastLine(forced.stderr)}`, false);
    const synth = synthIn(dir, seedModule);
    const refused = synth.status !== 0 && synth.stderr.includes(`uses projen ${projen}, but projen-multiarch-publisher needs projen`);
    return outcome(refusal, refused ? 'forced: constructor Error naming both versions' : `forced: no clear Error (exit ${synth.status})`, refused);
  }
  if (install.status !== 0) return outcome(`failed: ${lastLine(install.stderr)}`, '-', false);

  const installed = readVersion(dir, 'projen');
  const singleProjen = spawnSync(process.execPath, ['-e', `
    const own = require.resolve('projen', { paths: [process.cwd()] });
    const lib = require.resolve('projen', { paths: [require('path').dirname(require.resolve('projen-multiarch-publisher/package.json', { paths: [process.cwd()] }))] });
    process.exit(own === lib ? 0 : 1);`], { cwd: dir });
  if (singleProjen.status !== 0) return outcome('installed', 'two copies of projen', false);

  const synth = synthIn(dir, seedModule);
  if (synth.status !== 0) return outcome(`installed ${installed}`, `synth failed: ${lastLine(synth.stderr)}`, false);
  const written = normalize(fs.readFileSync(path.join(dir, 'out', WORKFLOW), 'utf-8'));
  if (written === reference) return outcome(`installed ${installed} (constructs ${readVersion(dir, 'constructs')})`, 'workflow identical', true);
  fs.writeFileSync(path.join(dir, 'reference.yml'), reference);
  fs.writeFileSync(path.join(dir, 'written.yml'), written);
  const diff = spawnSync('diff', ['-u', 'reference.yml', 'written.yml'], { cwd: dir, encoding: 'utf-8' });
  console.error(diff.stdout.split('\n').slice(0, 80).join('\n'));
  return outcome(`installed ${installed}`, `workflow differs (${dir}/written.yml)`, false);
}

function npmInstall(dir: string, extra: string[]) {
  return spawnSync('npm', ['install', '--no-audit', '--no-fund', '--no-package-lock', '--prefer-offline', ...extra], { cwd: dir, encoding: 'utf-8' });
}

function synthIn(dir: string, seedModule: string) {
  fs.writeFileSync(path.join(dir, 'seed-options.js'), seedModule);
  fs.writeFileSync(path.join(dir, 'synth.js'), SYNTH_SCRIPT);
  const result = spawnSync(process.execPath, ['synth.js', path.join(dir, 'out')], {
    cwd: dir, encoding: 'utf-8', env: { ...process.env, PROJEN_DISABLE_POST: 'true' },
  });
  if (result.status !== 0) console.error(result.stderr);
  return result;
}

function normalize(text: string): string {
  return dropDerivedStepIds(text);
}

function readVersion(dir: string, name: string): string {
  return JSON.parse(fs.readFileSync(path.join(dir, 'node_modules', name, 'package.json'), 'utf-8')).version;
}

function lastLine(text: string): string {
  return text.trim().split('\n').filter(l => l.trim() !== '').slice(-1)[0] ?? '';
}

main();
