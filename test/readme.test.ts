import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { runReadmeSnippet } from './support/readme-snippet';
import { freshOutdir } from './util';

const ROOT = path.join(__dirname, '..');
const README = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf-8');
const PROJEN_CLI = path.join(ROOT, 'node_modules', 'projen', 'bin', 'projen');

function workflowIn(dir: string, name: string): any {
  return YAML.parse(fs.readFileSync(path.join(dir, '.github', 'workflows', name), 'utf-8'));
}

/** The first ```ts block after a README heading. */
function snippetAfter(heading: string): string {
  const snippet = README.match(new RegExp(`## ${heading}[\\s\\S]*?\`\`\`ts\\n([\\s\\S]*?)\`\`\``))?.[1];
  if (!snippet) throw new Error(`README.md has no ts block under "## ${heading}"`);
  return snippet;
}

/** Runs the projen CLI in `dir`; --no-post: no `npm install` into the borrowed node_modules. */
function projen(dir: string, ...args: string[]): string {
  return execFileSync(process.execPath, [PROJEN_CLI, ...args, '--no-post'], {
    cwd: dir,
    encoding: 'utf-8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, CI: undefined, JEST_WORKER_ID: undefined },
  });
}

function readTree(dir: string, skip: Set<string>): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (rel: string) => {
    for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const child = path.join(rel, entry.name);
      if (skip.has(child)) continue;
      if (entry.isDirectory()) walk(child);
      else files[child] = fs.readFileSync(path.join(dir, child), 'utf-8');
    }
  };
  walk('');
  return files;
}

describe('the README', () => {
  test('Install adds the library through devDeps, the projen way', () => {
    expect(snippetAfter('Install')).toContain("devDeps: ['projen-multiarch-publisher'],");
    expect(README).toMatch(/Upgrading is `npx projen upgrade`/);
  });

  /**
   * The quick start is pasted into a TypeScript project that `projen new
   * typescript` just created and synthesized twice with the projen CLI (which
   * type-checks .projenrc.ts). The only edit: the import points at this
   * checkout instead of the published package, and node_modules is this
   * checkout's, so nothing is installed.
   */
  test('the quick start works pasted into a new TypeScript project, twice', () => {
    const dir = freshOutdir();
    fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
    projen(dir, 'new', 'typescript', '--no-git', '--package-manager', 'npm', '--name', 'qm-nmr-calc');
    expect(fs.readFileSync(path.join(dir, '.projenrc.ts'), 'utf-8')).toContain('new typescript.TypeScriptProject(');

    const quickStart = snippetAfter('Quick start');
    expect(quickStart).toContain("from 'projen-multiarch-publisher';");
    fs.writeFileSync(path.join(dir, '.projenrc.ts'),
      quickStart.replace("from 'projen-multiarch-publisher';", `from ${JSON.stringify(path.join(ROOT, 'src'))};`));

    const outputs = [projen(dir)];
    const skip = new Set(['node_modules']);
    const first = readTree(dir, skip);
    outputs.push(projen(dir));
    const second = readTree(dir, skip);

    // The second synth works and changes nothing; the library stays a managed dependency.
    expect(second).toEqual(first);
    expect(JSON.parse(first['package.json']).devDependencies).toHaveProperty('projen-multiarch-publisher');
    // No warning: the quick start does not move `latest` on manual runs.
    expect(outputs.join('\n')).not.toContain('MultiArchImagePublisher');

    const workflow = YAML.parse(first[path.join('.github', 'workflows', 'publish-images.yml')]);
    expect(Object.keys(workflow.jobs)).toEqual([
      'build-qm-nmr-calc-api', 'build-qm-nmr-calc-worker', 'merge-qm-nmr-calc-worker', 'build-qm-nmr-calc-cli', 'merge-qm-nmr-calc-cli',
    ]);
    expect(workflow.on).toEqual({ push: { tags: ['v*'] } });
    // `latest` comes only from metadata-action's latest=auto, so it appears once, on the highest version.
    expect(first[path.join('.github', 'workflows', 'publish-images.yml')]).not.toMatch(/type=raw,value=latest|latest=always/);
    fs.unlinkSync(path.join(dir, 'node_modules'));
    fs.rmSync(dir, { recursive: true, force: true });
  }, 300_000);
});

test("the README's projen release example puts the image jobs into projen's release workflow", () => {
  const dir = runReadmeSnippet('Publishing on projen releases');
  expect(fs.existsSync(path.join(dir, '.github', 'workflows', 'publish-images.yml'))).toBe(false);
  expect(Object.keys(workflowIn(dir, 'release.yml').jobs)).toEqual(['release', 'release_github', 'build-acme-service', 'merge-acme-service']);
  fs.rmSync(dir, { recursive: true, force: true });
});
