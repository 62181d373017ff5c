/**
 * The `docker` command the workflow's scripts see (first on PATH). Bundled
 * with esbuild into the run directory and started by a small bash wrapper:
 *
 *   docker-cli.js <state-dir> <docker arguments...>
 *
 * `docker buildx imagetools create|inspect` act on the fake registry; any
 * other command is recorded and succeeds. Every call is appended to
 * `<state-dir>/calls.jsonl` with its arguments, exit code and output.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Annotation, FakeRegistry, parseAnnotation, parseReference, platformString, Reference, RegistryError, requireLogin, MEDIA_INDEX } from './registry';

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

class UsageError extends Error {}

function imagetoolsCreate(registry: FakeRegistry, args: string[]): Outcome {
  const tags: Reference[] = [];
  const sources: Reference[] = [];
  const annotations: Annotation[] = [];
  let dryRun = false;
  let append = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const value = () => {
      if (a.includes('=')) return a.slice(a.indexOf('=') + 1);
      const v = args[++i];
      if (v === undefined) throw new UsageError(`flag needs an argument: ${a}`);
      return v;
    };
    if (a === '-t' || a === '--tag' || a.startsWith('--tag=')) tags.push(parseReference(value()));
    else if (a === '--dry-run') dryRun = true;
    else if (a === '--append') append = true;
    else if (a === '--annotation' || a.startsWith('--annotation=')) annotations.push(parseAnnotation(value()));
    else if (a === '--builder' || a.startsWith('--builder=')) value();
    else if (a === '--progress' || a.startsWith('--progress=')) value();
    else if (a === '--prefer-index' || a.startsWith('--prefer-index=')) continue;
    else if (a === '-f' || a === '--file') throw new UsageError('the harness does not model `imagetools create --file`');
    else if (a.startsWith('-')) throw new UsageError(`unknown flag: ${a}`);
    else sources.push(parseReference(a));
  }
  for (const tag of tags) {
    if (tag.digest) throw new RegistryError(`${tag.raw}: a tag cannot name a digest`);
  }
  if (!dryRun) {
    for (const target of tags.length ? tags : sources.slice(0, 1)) requireLogin(process.env, target);
  }
  const result = registry.createIndex({ sources, tags, append, dryRun, annotations });
  if (dryRun) return { code: 0, stdout: result.content + '\n', stderr: '' };
  const lines = tags.map(t => `#1 pushing ${result.digest} to ${t.raw}`);
  return { code: 0, stdout: '', stderr: ['#1 [internal] creating the index', ...lines, '#1 DONE'].join('\n') + '\n' };
}

function imagetoolsInspect(registry: FakeRegistry, args: string[]): Outcome {
  let raw = false;
  let format: string | undefined;
  const refs: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--raw') raw = true;
    else if (a === '--format') format = args[++i];
    else if (a.startsWith('--format=')) format = a.slice('--format='.length);
    else if (a === '--builder') i++;
    else if (a.startsWith('-')) throw new UsageError(`unknown flag: ${a}`);
    else refs.push(a);
  }
  if (refs.length !== 1) throw new UsageError('"docker buildx imagetools inspect" requires exactly 1 argument');
  const ref = parseReference(refs[0]);
  const content = registry.inspectRaw(ref);
  if (content === undefined) return { code: 1, stdout: '', stderr: `ERROR: ${refs[0]}: not found\n` };
  if (raw) return { code: 0, stdout: content.endsWith('\n') ? content : content + '\n', stderr: '' };
  const doc = JSON.parse(content);
  if (format !== undefined) {
    if (/^\{\{\s*json\s+\.(Manifest)?\s*\}\}$/.test(format)) return { code: 0, stdout: JSON.stringify(doc, null, 2) + '\n', stderr: '' };
    throw new UsageError(`the harness does not model --format ${format}`);
  }
  const found = registry.resolve(ref)!;
  const out = [
    `Name:      ${ref.raw}`,
    `MediaType: ${doc.mediaType ?? found.object.mediaType}`,
    `Digest:    ${found.digest}`,
  ];
  if (found.object.mediaType === MEDIA_INDEX) {
    out.push('', 'Manifests:');
    for (const m of doc.manifests) {
      out.push(`  Name:        ${ref.repository}@${m.digest}`, `  MediaType:   ${m.mediaType}`, `  Platform:    ${platformString(m.platform)}`, '');
    }
  }
  return { code: 0, stdout: out.join('\n') + '\n', stderr: '' };
}

function run(stateDir: string, args: string[]): Outcome {
  const registry = () => FakeRegistry.open(stateDir);
  try {
    if (args[0] === 'buildx' && args[1] === 'imagetools' && args[2] === 'create') return imagetoolsCreate(registry(), args.slice(3));
    if (args[0] === 'buildx' && args[1] === 'imagetools' && args[2] === 'inspect') return imagetoolsInspect(registry(), args.slice(3));
    if (args[0] === 'buildx' && args[1] === 'imagetools') throw new UsageError(`unknown imagetools command ${args[2]}`);
    return { code: 0, stdout: '', stderr: '' };
  } catch (e) {
    if (e instanceof RegistryError) return { code: 1, stdout: '', stderr: `ERROR: ${e.message}\n` };
    if (e instanceof UsageError) return { code: 125, stdout: '', stderr: `ERROR: ${e.message}\n` };
    throw e;
  }
}

function main(): void {
  const [stateDir, ...args] = process.argv.slice(2);
  const outcome = run(stateDir, args);
  fs.appendFileSync(path.join(stateDir, 'calls.jsonl'), JSON.stringify({ argv: args, cwd: process.cwd(), ...outcome }) + '\n');
  if (outcome.stdout) fs.writeSync(1, outcome.stdout);
  if (outcome.stderr) fs.writeSync(2, outcome.stderr);
  process.exitCode = outcome.code;
}

main();
