import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { freshOutdir } from './util';

const ROOT = path.join(__dirname, '..');

/**
 * The README's quick start is a promise to users: it must type-check against
 * this checkout and, run as a .projenrc.ts would be, write the workflow.
 */
test('the README quick start type-checks and writes the workflow', () => {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf-8');
  const snippet = readme.match(/## Quick start[\s\S]*?```ts\n([\s\S]*?)```/)?.[1];
  expect(snippet).toBeDefined();

  // A scratch consumer: this checkout's node_modules, and the package name pointing at src/.
  const dir = freshOutdir();
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  fs.writeFileSync(path.join(dir, '.projenrc.ts'), snippet!.replace("from 'projen-multiarch-publisher'", `from ${JSON.stringify(path.join(ROOT, 'src'))}`));
  fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({
    extends: path.join(ROOT, 'tsconfig.json'),
    compilerOptions: { rootDir: '/', noEmit: true, types: ['node'] },
    files: ['.projenrc.ts'],
  }));

  execFileSync(path.join(ROOT, 'node_modules', '.bin', 'tsc'), ['-p', dir], { encoding: 'utf-8' });
  execFileSync(process.execPath, ['-r', 'ts-node/register/transpile-only', '.projenrc.ts'], {
    cwd: dir,
    encoding: 'utf-8',
    env: { ...process.env, TS_NODE_PROJECT: path.join(dir, 'tsconfig.json'), PROJEN_DISABLE_POST: 'true' },
  });

  const workflow = YAML.parse(fs.readFileSync(path.join(dir, '.github', 'workflows', 'publish-images.yml'), 'utf-8'));
  expect(Object.keys(workflow.jobs)).toEqual([
    'build-qm-nmr-calc-api', 'build-qm-nmr-calc-worker', 'merge-qm-nmr-calc-worker', 'build-qm-nmr-calc-cli', 'merge-qm-nmr-calc-cli',
  ]);
  fs.rmSync(dir, { recursive: true, force: true });
});
