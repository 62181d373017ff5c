/**
 * Records an intended change to the generated workflows: rewrites the golden
 * workflow of every recorded consumer (test/compat/golden) and appends the
 * change, with what a user must do after upgrading, to docs/workflow-changes.md.
 * Refuses when nothing but pins changed (pins need no record).
 *
 *   npx ts-node --project projenrc/tsconfig.json scripts/record-workflow-change.ts "<what changed>" "<what a user must do>"
 */
import * as fs from 'fs';
import * as path from 'path';
import { CHANGES_FILE, fingerprint, GOLDEN_DIR, goldenPath, REPO_ROOT, synthConsumer, withoutPins } from '../test/compat/compat';
import { RECORDED_CONSUMERS } from '../test/compat/consumers';

const [summary, action] = process.argv.slice(2);
if (!summary?.trim() || !action?.trim() || process.argv.length !== 4) {
  console.error('usage: record-workflow-change.ts "<what changed>" "<what a user must do after upgrading, or: nothing>"');
  process.exit(1);
}

const names = Object.keys(RECORDED_CONSUMERS).sort();
const current = Object.fromEntries(names.map(name => [name, synthConsumer(name)]));
const changed = names.filter(name => !fs.existsSync(goldenPath(name)) || withoutPins(fs.readFileSync(goldenPath(name), 'utf-8')) !== withoutPins(current[name]));
if (changed.length === 0) {
  console.error('record-workflow-change: no recorded consumer\'s workflow changed beyond pins; nothing to record');
  process.exit(1);
}

fs.mkdirSync(GOLDEN_DIR, { recursive: true });
for (const name of names) fs.writeFileSync(goldenPath(name), current[name]);
const entries = (fs.readFileSync(CHANGES_FILE, 'utf-8').match(/^## /gm) ?? []).length;
fs.appendFileSync(CHANGES_FILE, [
  '',
  `## ${entries + 1}. ${summary.trim()}`,
  '',
  `- After upgrading: ${action.trim()}`,
  `- Recorded consumers whose workflow changed: ${changed.map(name => `\`${name}\``).join(', ')}`,
  `<!-- goldens: ${fingerprint(current)} -->`,
  '',
].join('\n'));
console.log(`recorded change ${entries + 1} (${changed.join(', ')}); review git diff and commit test/compat/golden and ${path.relative(REPO_ROOT, CHANGES_FILE)}`);
