import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { ACTIONS, uses } from '../../src/actions';

const SOURCES = path.join(__dirname, 'actions');
const ESBUILD = path.join(__dirname, '..', '..', 'node_modules', '.bin', 'esbuild');

/**
 * Bundles each thin local action (test/e2e/actions/<owner>/<repo>/main.ts)
 * into `<outDir>/<owner>/<repo>/{action.yml,dist/index.js}`, one small
 * folder per action with no node_modules (act copies it on every use), and
 * returns act's `--local-repository` mapping for every action of the catalog.
 */
export function buildActions(outDir: string): string[] {
  return Object.values(ACTIONS).map(action => {
    const source = path.join(SOURCES, action.repository);
    const target = path.join(outDir, action.repository);
    if (!fs.existsSync(path.join(source, 'main.ts'))) {
      throw new Error(`No thin local action for ${action.repository} under test/e2e/actions/`);
    }
    fs.mkdirSync(path.join(target, 'dist'), { recursive: true });
    fs.copyFileSync(path.join(source, 'action.yml'), path.join(target, 'action.yml'));
    execFileSync(ESBUILD, [path.join(source, 'main.ts'), '--bundle', '--minify', '--platform=node', '--target=node20',
      '--format=cjs', '--log-level=error',
      // The toolkit is ESM and calls createRequire(import.meta.url): give the CommonJS bundle its own URL.
      '--banner:js=const __bundleUrl = require("url").pathToFileURL(__filename).href;', '--define:import.meta.url=__bundleUrl', `--outfile=${path.join(target, 'dist', 'index.js')}`], { stdio: 'inherit' });
    return `${uses(action)}=${target}`;
  });
}
