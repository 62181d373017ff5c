/**
 * Compares the seed's hand-written workflow (test/fixtures/seed-workflow.yml)
 * with the library's equivalent (test/support/seed-options.ts): the findings
 * of each workflow checker, and what happens when act runs both on a push of
 * the Git tag v1.2.3 with real buildx + BuildKit and real registries (the
 * environment of scripts/e2e.sh, which this script starts when run directly).
 * Prints a markdown table (paste-able into the README) and the timings.
 *
 *   scripts/install-tools.sh   # once: actionlint, shellcheck, zizmor
 *   npx ts-node --project projenrc/tsconfig.json scripts/compare-baseline.ts
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { e2eEnvironment } from '../test/e2e/environment';
import { RegistryReader } from '../test/e2e/registry-reader';
import { CaseOutcome, localActions, runCase } from '../test/support/baseline-act';
import {
  LIBRARY_WITHOUT_PROVENANCE, libraryText, libraryWithSecondImage, SECOND_IMAGE, seedUnderAct, seedWithoutProvenance, seedWithSecondImage,
} from '../test/support/baseline-variants';
import { Finding, REPO_ROOT, runActionlint, runWorkflowParser, runZizmor } from '../test/support/workflow-checks';

// The act runs need scripts/e2e.sh's namespace, registries and BuildKit: start them, with this script as the entry point.
if (!process.env.E2E_RUN_DIR) {
  const e2e = spawnSync('bash', [path.join(__dirname, 'e2e.sh')], { stdio: 'inherit', env: { ...process.env, E2E_ENTRY: path.relative(REPO_ROOT, __filename) } });
  process.exit(e2e.status ?? 1);
}

interface Subject {
  readonly title: string;
  readonly file: string;
  readonly text: string;
}

const started = Date.now();
const timings: string[] = [];
function timed<T>(what: string, fn: () => T): T {
  const t = Date.now();
  const out = fn();
  timings.push(`${what}: ${((Date.now() - t) / 1000).toFixed(1)} s`);
  return out;
}

const seedFile = path.join(REPO_ROOT, 'test', 'fixtures', 'seed-workflow.yml');
const library = { text: libraryText() };
// Testing.synth does not leave the file on disk; the checkers need one.
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'compare-baseline-'));
process.on('exit', () => fs.rmSync(scratch, { recursive: true, force: true }));
const libraryFile = path.join(scratch, 'publish-images.yml');
fs.writeFileSync(libraryFile, library.text);
const subjects: Subject[] = [
  { title: 'Seed workflow (hand-written)', file: seedFile, text: fs.readFileSync(seedFile, 'utf8') },
  { title: 'Library (`MultiArchImagePublisher`)', file: libraryFile, text: library.text },
];

// ------------------------------------------------------------------ checkers

const files = subjects.map(s => s.file);
const findings: Record<string, Finding[]> = {
  parser: timed('workflow parser', () => runWorkflowParser(files)),
  actionlint: timed('actionlint', () => runActionlint(files)),
  zizmor: timed('zizmor', () => runZizmor(files)),
};

function summarizeFindings(list: Finding[]): string {
  if (list.length === 0) return '✅ 0';
  const counts = new Map<string, number>();
  for (const f of list) {
    const sc = f.tool === 'actionlint' && f.rule === 'shellcheck' ? /SC\d+/.exec(f.message)?.[0] : undefined;
    const key = sc ? `shellcheck ${sc}` : f.rule ?? f.tool;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const parts = [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ×${n}`);
  return `⚠️ ${list.length}: ${parts.join(', ')}`;
}

// ------------------------------------------------------------------ act + real tools

const env = e2eEnvironment();
const reader = new RegistryReader(env);
const seed = seedUnderAct(subjects[0].text);
const texts = {
  realistic: [seed, library.text],
  noProvenance: [seedWithoutProvenance(seed), libraryText(LIBRARY_WITHOUT_PROVENANCE)],
  secondImage: [seedWithSecondImage(seed), libraryText(libraryWithSecondImage())],
};
const actions = localActions(env, [...texts.realistic, ...texts.secondImage]);
function act(label: string, owners: string[], runTexts: string[], fault?: string): CaseOutcome[] {
  return subjects.map((s, i) => timed(`act: ${s.title} — ${label}`, () =>
    runCase(env, reader, actions, { name: `${i === 0 ? 'seed' : 'library'}-${label.replace(/\W+/g, '-')}`, owner: owners[i], text: runTexts[i], fault })));
}

const md = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const short = (s: string, n = 260) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
const noDigests = (s: string) => s.replace(/sha256:[0-9a-f]{64}/g, 'sha256:…');

/** What moved in the registry and what failed, as `<br>`-separated lines. */
function details(o: CaseOutcome, withPlatforms = false): string[] {
  const published = o.moved.map(m => `\`${m.repository}\` (${m.tags.join(', ')})${withPlatforms ? ` holding ${m.platforms.join(', ') || 'no platform'}` : ''}`);
  const failed = o.failures.map(f => `failed: ${f.step}: ${short(noDigests(f.message))}`);
  return [
    published.length ? `tags moved: ${published.join('; ')}` : 'no tag moved',
    ...failed.slice(0, 2),
    ...(failed.length > 2 ? [`(+${failed.length - 2} more failed steps)`] : []),
  ];
}
const ran = (o: CaseOutcome) => (o.result.exitCode === 0 ? 'run succeeds' : 'run fails');
const ownerNote = (o: CaseOutcome) => (o.owner !== 'Acme-Org' ? `(owner \`${o.owner}\`, as \`Acme-Org\` never reaches the merge) ` : '');

function publishOutcome(o: CaseOutcome): string {
  return [`${o.result.exitCode === 0 ? '✅' : '❌'} ${ran(o)}`, ...details(o)].join('<br>');
}

/** Does every merge download exactly the artifacts its own build jobs uploaded? */
function downloadScope(o: CaseOutcome): string {
  if (o.downloads.size === 0) return `❌ no merge job downloaded anything<br>${details(o).join('<br>')}`;
  const merges = [...o.downloads].map(([job, found]) => {
    const own = [...o.uploads].filter(([, by]) => o.needs.get(job)?.includes(by)).map(([name]) => name);
    const foreign = found.filter(name => !own.includes(name));
    const exact = foreign.length === 0 && own.every(name => found.includes(name));
    return `${exact ? '✅' : '❌'} ${job} downloads ${found.length} artifacts, ${found.length - foreign.length} of the ${own.length} its own build jobs uploaded`
      + (foreign.length ? `, and ${foreign.map(n => `\`${n}\` (from ${o.uploads.get(n) ?? '?'})`).join(', ')}` : '');
  });
  return [...merges, `the ${ran(o)}`, ...details(o)].join('<br>');
}

/** With the tagged index rewritten to hold only linux/amd64, does the run fail, and where? */
function faultOutcome(o: CaseOutcome): string {
  return [`${o.result.exitCode === 0 ? '❌' : '✅'} ${ran(o)}`, ...details(o, true)].join('<br>');
}

/** Does a worker index without linux/arm64 ever get a tag? */
function wrongPlatformOutcome(o: CaseOutcome): string {
  const bad = o.moved.filter(m => /qm-nmr-calc-worker$/.test(m.repository) && !m.platforms.includes('linux/arm64'));
  return [`${bad.length ? '❌ worker tags name an index without linux/arm64' : '✅ no worker tag names an index without linux/arm64'}, ${ran(o)}`, ...details(o, true)].join('<br>');
}

const rows: Array<[string, string[]]> = [];
rows.push(['GitHub workflow parser findings', subjects.map(s => summarizeFindings(findings.parser.filter(f => path.resolve(REPO_ROOT, f.file) === s.file)))]);
rows.push(['actionlint (+ shellcheck) findings', subjects.map(s => summarizeFindings(findings.actionlint.filter(f => path.resolve(REPO_ROOT, f.file) === s.file)))]);
rows.push(['zizmor findings (offline, regular persona)', subjects.map(s => summarizeFindings(findings.zizmor.filter(f => path.resolve(REPO_ROOT, f.file) === s.file)))]);

const ORG = ['Acme-Org', 'Acme-Org'];
// The seed cannot get past its worker build with Acme-Org; a lowercase owner shows the rest of its data flow.
const LOWER = ['acme-org', 'Acme-Org'];
const realistic = act('Acme-Org, action defaults', ORG, texts.realistic);
const noProvenance = act('Acme-Org, provenance off', ORG, texts.noProvenance);
const secondImage = act('a second per-platform image', LOWER, texts.secondImage);
const faulty = act('index rewritten to linux-amd64 only', LOWER, texts.realistic, 'filter-index:linux/amd64');
const wrongPlatform = act('arm64 leg builds linux-amd64', LOWER, texts.realistic, 'build-platform:linux/arm64=linux/amd64');

rows.push(['Publish on tag `v1.2.3`, owner `Acme-Org` (build-push-action defaults: provenance attestations on)', realistic.map(publishOutcome)]);
rows.push(['Same, attestations off (`provenance: false` on every build)', noProvenance.map(publishOutcome)]);
rows.push([`Merge downloads only its own image's digests (a second per-platform image \`${SECOND_IMAGE}\` in the same run)`, secondImage.map(o => ownerNote(o) + downloadScope(o))]);
rows.push(['Registry index missing `linux/arm64` (crane rewrites each index right after `imagetools create`) fails the run', faulty.map(o => ownerNote(o) + faultOutcome(o))]);
rows.push(['An arm64 leg given another `platforms` value (its build asked for linux/amd64) does not publish', wrongPlatform.map(o => ownerNote(o) + wrongPlatformOutcome(o))]);

/**
 * On real BuildKit a leg whose Dockerfile starts `FROM --platform=linux/amd64`
 * pushes amd64 files labelled with the platform it was asked for, so no index
 * check can see it; only BuildKit's FromPlatformFlagConstDisallowed check does,
 * and only as a warning unless the build makes checks errors
 * (scripts/e2e.sh, scenario from-platform-const, proves both outcomes).
 */
function constPlatformOutcome(s: Subject): string {
  const builds = s.text.match(/uses: docker\/build-push-action@/g)?.length ?? 0;
  const checked = s.text.match(/BUILDKIT_DOCKERFILE_CHECK=[^\n]*error=true/g)?.length ?? 0;
  return checked > 0
    ? '✅ the build fails: BuildKit\'s Dockerfile checks are errors (`dockerfileChecks`, on by default), so `FromPlatformFlagConstDisallowed` stops the leg before it pushes'
    : `❌ run succeeds: BuildKit labels the amd64 files linux/arm64, every index check passes, and its \`FromPlatformFlagConstDisallowed\` warning is the only sign (${builds} build step(s), none makes checks errors)`;
}
rows.push(['An arm64 leg whose Dockerfile starts `FROM --platform=linux/amd64` (real BuildKit)', subjects.map(constPlatformOutcome)]);

const header = `| | ${subjects.map(s => s.title).join(' | ')} |`;
const rule = `| --- | ${subjects.map(() => '---').join(' | ')} |`;
const body = rows.map(([what, cells]) => `| ${what} | ${cells.map(md).join(' | ')} |`);
console.log([header, rule, ...body].join('\n'));
console.log('');
console.log('Data-flow rows: act runs each workflow file with every job on this host, buildx against a real BuildKit, a TLS registry as `ghcr.io`, thin local actions (test/e2e/actions) for every `uses:` ref.');
console.log(`Runs in ${((Date.now() - started) / 1000).toFixed(1)} s:`);
for (const t of timings) console.log(`- ${t}`);
