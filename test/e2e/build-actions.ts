import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { ActionRefs } from 'projen/lib/github';
import { ACTIONS, uses } from '../../src/actions';

const SOURCES = path.join(__dirname, 'actions');
const ESBUILD = path.join(__dirname, '..', '..', 'node_modules', '.bin', 'esbuild');

/**
 * Actions outside our catalog that projen's own jobs use in the release
 * workflows the projenRelease scenarios run (projen pins them itself).
 */
const PROJEN_ACTIONS = [
  ActionRefs.ACTIONS_SETUP_NODE, ActionRefs.ACTIONS_UPLOAD_ARTIFACT, ActionRefs.ACTIONS_DOWNLOAD_ARTIFACT, ActionRefs.ACTIONS_CHECKOUT,
];

/**
 * Bundles each thin local action (test/e2e/actions/<owner>/<repo>/main.ts)
 * into `<outDir>/<owner>/<repo>/{action.yml,dist/index.js}`, one small
 * folder per action with no node_modules (act copies it on every use), and
 * returns act's `--local-repository` mapping for every action of the catalog
 * and of PROJEN_ACTIONS.
 */
export function buildActions(outDir: string): string[] {
  const refs = [...new Set([...Object.values(ACTIONS).map(uses), ...PROJEN_ACTIONS])];
  const built = new Set<string>();
  return refs.map(ref => {
    const repository = ref.split('@')[0];
    const source = path.join(SOURCES, repository);
    const target = path.join(outDir, repository);
    if (!fs.existsSync(path.join(source, 'main.ts'))) {
      throw new Error(`No thin local action for ${repository} under test/e2e/actions/`);
    }
    if (!built.has(repository)) {
      built.add(repository);
      fs.mkdirSync(path.join(target, 'dist'), { recursive: true });
      fs.copyFileSync(path.join(source, 'action.yml'), path.join(target, 'action.yml'));
      execFileSync(ESBUILD, [path.join(source, 'main.ts'), '--bundle', '--minify', '--platform=node', '--target=node20',
        '--format=cjs', '--log-level=error',
        // The toolkit is ESM and calls createRequire(import.meta.url): give the CommonJS bundle its own URL.
        '--banner:js=const __bundleUrl = require("url").pathToFileURL(__filename).href;', '--define:import.meta.url=__bundleUrl', `--outfile=${path.join(target, 'dist', 'index.js')}`], { stdio: 'inherit' });
    }
    return `${ref}=${target}`;
  });
}
