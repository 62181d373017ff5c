/**
 * Compares the seed's hand-written workflow (test/fixtures/seed-workflow.yml)
 * with the library's equivalent (test/support/seed-options.ts): the findings
 * of each workflow checker, and what the data-flow harness observes when it
 * runs both on a push of the Git tag v1.2.3 by the owner `Acme-Org`.
 * Prints a markdown table (paste-able into the README) and the timings.
 *
 *   scripts/install-tools.sh   # once: actionlint, shellcheck, zizmor
 *   npx ts-node --project projenrc/tsconfig.json scripts/compare-baseline.ts
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { describeRun, Events, failedSteps, Faults, RunOptions, RunResult, runWorkflow } from '../test/harness';
import { seedOptions } from '../test/support/seed-options';
import { Finding, REPO_ROOT, runActionlint, runWorkflowParser, runZizmor } from '../test/support/workflow-checks';
import { synthWorkflow } from '../test/util';

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
const library = synthWorkflow(seedOptions());
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

// ------------------------------------------------------------------ harness

const TAG = Events.tagPush('v1.2.3');
function harness(subject: Subject, label: string, options: RunOptions): RunResult {
  return timed(`harness: ${subject.title} — ${label}`, () => runWorkflow(subject.text, { event: TAG, ...options }));
}

const md = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const short = (s: string, n = 140) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** Which images the run published (registry tags grouped by repository), and what failed. */
function publishOutcome(r: RunResult): string {
  const byRepo = new Map<string, string[]>();
  for (const ref of Object.keys(r.registry)) {
    const at = ref.lastIndexOf(':');
    byRepo.set(ref.slice(0, at), [...(byRepo.get(ref.slice(0, at)) ?? []), ref.slice(at + 1)]);
  }
  const published = [...byRepo.entries()].map(([repo, tags]) => `\`${repo}\` (${tags.join(', ')})`);
  const noDigests = (s: string) => s.replace(/sha256:[0-9a-f]{64}/g, 'sha256:…');
  const failures = failedSteps(r).map(f => `${f.job} › ${f.step}: ${short(noDigests(f.errors[0] ?? f.output.trim().split('\n').pop() ?? ''))}`);
  const uniqueFailures = [...new Set(failures)];
  const head = r.conclusion === 'success' ? '✅ run succeeds' : '❌ run fails';
  return [
    head,
    published.length ? `published ${published.join('; ')}` : 'nothing published',
    ...uniqueFailures.slice(0, 2).map(f => `failed: ${f}`),
    ...(uniqueFailures.length > 2 ? [`(+${uniqueFailures.length - 2} more failures)`] : []),
  ].join('<br>');
}

/** Does every merge download exactly the digests its own build jobs made? */
function downloadScope(r: RunResult): string {
  const merges = r.downloads;
  if (merges.length === 0) return 'no merge job ran';
  return merges.map(d => {
    const needs = r.jobs[d.job]?.needs ?? [];
    const own = new Set(r.builds.filter(b => needs.includes(b.job) && b.digest).map(b => b.digest.replace('sha256:', '')));
    const got = new Set(d.files.map(f => path.basename(f)));
    const exact = got.size === own.size && [...got].every(f => own.has(f));
    const verdict = exact ? '✅ exactly its own' : '❌ not exactly its own';
    const patternNote = d.pattern === undefined ? `name \`${d.name}\``
      : /digests~[a-z0-9._-]+~\*/.test(d.pattern) ? `pattern \`${d.pattern}\` names the image`
        : `pattern \`${d.pattern}\` names no image: any other image's digests would be merged in`;
    return `${verdict} (${d.job}: ${d.artifacts.join(', ')} → ${got.size} digest(s) for ${own.size} built); ${patternNote}`;
  }).join('<br>');
}

/** With an index missing linux/arm64 in the registry, does the run fail, and where? */
function faultOutcome(r: RunResult): string {
  if (r.conclusion === 'success') {
    const inspected = r.dockerCalls.filter(c => c.argv[2] === 'inspect');
    return `❌ run succeeds: the broken index is published silently${inspected.length ? ` (${inspected.length} \`imagetools inspect\` call(s) only print it)` : ''}`;
  }
  const f = failedSteps(r);
  const jobs = [...new Set(f.map(x => `${x.job} › ${x.step}`))];
  const first = f.flatMap(x => x.errors).find(e => /linux\/arm64/.test(e)) ?? f[0]?.errors[0] ?? '';
  return `✅ run fails at ${jobs.join('; ')}: ${short(first)}`;
}

/** Does a worker index without linux/arm64 ever get a tag? */
function wrongPlatformOutcome(r: RunResult): string {
  const tagged = Object.keys(r.registry).filter(ref => /qm-nmr-calc-worker:/.test(ref) && !r.registry[ref].platforms.includes('linux/arm64'));
  if (tagged.length) return `❌ worker tags ${tagged.map(ref => ref.split(':').pop()).join(', ')} name an index without linux/arm64${r.conclusion === 'success' ? ', and the run succeeds' : ''}`;
  const f = failedSteps(r).find(x => /worker/.test(x.job));
  return `✅ no worker tag moves: ${f ? `${f.job} › ${f.step}: ${short(f.errors.find(e => /linux\/arm64/.test(e)) ?? f.errors[0] ?? '')}` : 'nothing published'}`;
}

const rows: Array<[string, string[]]> = [];
rows.push(['GitHub workflow parser findings', subjects.map(s => summarizeFindings(findings.parser.filter(f => path.resolve(REPO_ROOT, f.file) === s.file)))]);
rows.push(['actionlint (+ shellcheck) findings', subjects.map(s => summarizeFindings(findings.actionlint.filter(f => path.resolve(REPO_ROOT, f.file) === s.file)))]);
rows.push(['zizmor findings (offline, regular persona)', subjects.map(s => summarizeFindings(findings.zizmor.filter(f => path.resolve(REPO_ROOT, f.file) === s.file)))]);

const realistic = subjects.map(s => harness(s, 'Acme-Org, action defaults', { owner: 'Acme-Org' }));
const noProvenance = subjects.map(s => harness(s, 'Acme-Org, no attestations', { owner: 'Acme-Org', attestations: 'never' }));
// The seed cannot get past its worker build with Acme-Org; a lowercase owner shows the rest of its data flow.
const lower = subjects.map((s, i) => (noProvenance[i].downloads.length ? noProvenance[i] : harness(s, 'acme-org, no attestations', { owner: 'acme-org', attestations: 'never' })));
const faultOwner = (i: number) => (noProvenance[i].downloads.length ? 'Acme-Org' : 'acme-org');
const faulty = subjects.map((s, i) => harness(s, 'index missing linux/arm64', {
  owner: faultOwner(i), attestations: 'never', faults: [Faults.inspectDropsPlatform('linux/arm64')],
}));

const wrongPlatform = subjects.map((s, i) => harness(s, 'arm64 leg pushes an amd64 image', {
  owner: faultOwner(i), attestations: 'never', faults: [Faults.buildProducesPlatform('linux/arm64', 'linux/amd64')],
}));

rows.push(['Publish on tag `v1.2.3`, owner `Acme-Org` (build-push-action defaults: provenance attestations on)', realistic.map(publishOutcome)]);
rows.push(['Same, attestations off (`provenance: false` everywhere)', noProvenance.map(publishOutcome)]);
rows.push(['Merge downloads only its own image\'s digests', lower.map(r => `${r.owner !== 'Acme-Org' ? `(owner \`${r.owner}\`, as \`Acme-Org\` never reaches the merge) ` : ''}${downloadScope(r)}`)]);
rows.push(['Registry index missing `linux/arm64` fails the run', faulty.map((r, i) => `${faultOwner(i) !== 'Acme-Org' ? `(owner \`${faultOwner(i)}\`) ` : ''}${faultOutcome(r)}`)]);

rows.push(['An arm64 leg given another `platforms` value pushes an amd64 image', wrongPlatform.map((r, i) => `${faultOwner(i) !== 'Acme-Org' ? `(owner \`${faultOwner(i)}\`) ` : ''}${wrongPlatformOutcome(r)}`)]);

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
console.log(`Harness: every \`run:\` script executed with bash, actions as stand-ins, \`docker\` as a stub over a fake registry (test/harness). Runs in ${((Date.now() - started) / 1000).toFixed(1)} s:`);
for (const t of timings) console.log(`- ${t}`);
if (process.env.VERBOSE) {
  for (const r of [...realistic, ...noProvenance, ...faulty]) console.log(`\n${describeRun(r)}`);
}
