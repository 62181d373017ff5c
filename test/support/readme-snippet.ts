import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { freshOutdir } from '../util';

const ROOT = path.join(__dirname, '..', '..');

/**
 * Type-checks the first TypeScript block under the README heading `section`
 * against this checkout and runs it as a .projenrc.ts would be run (no
 * post-synthesis steps), in a scratch consumer that uses this checkout's
 * node_modules with the package name pointing at src/. Returns its directory.
 */
export function runReadmeSnippet(section: string): string {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf-8');
  const snippet = readme.match(new RegExp(`## ${section}[\\s\\S]*?\`\`\`ts\\n([\\s\\S]*?)\`\`\``))?.[1];
  if (snippet === undefined) throw new Error(`README.md has no TypeScript block under "## ${section}"`);

  const dir = freshOutdir();
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  fs.writeFileSync(path.join(dir, '.projenrc.ts'), snippet.replace("from 'projen-multiarch-publisher'", `from ${JSON.stringify(path.join(ROOT, 'src'))}`));
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
  return dir;
}
