/**
 * The `docker` command the workflow's scripts see (first on PATH). Bundled
 * with esbuild into the run directory and started by a small bash wrapper:
 *
 *   docker-cli.js <state-dir> <docker arguments...>
 *
 * `docker buildx imagetools create|inspect` act on the fake registry;
 * `docker run` runs an image from the machine's local engine or the fake
 * registry (see dockerRun); a few read-only commands (`version`, `info`,
 * `buildx ls`, ...) are recorded and succeed; anything else (a `push`,
 * `tag`, `login`, `buildx build`, ...) is not modelled.
 * Every call is appended to `<state-dir>/calls.jsonl` with its arguments,
 * exit code and output. A flag or form the harness does not model is
 * recorded as `notModelled`, and the engine stops the run on it.
 */
import * as fs from 'fs';
import * as path from 'path';
import { canExecute, ContainerRunFault, COSIGN_MARKER, EngineConfig, MACHINE_ENV, MachineState, readJson } from './machine';
import { Annotation, Descriptor, FakeRegistry, parseAnnotation, parseReference, platformString, Reference, RegistryError, MEDIA_INDEX, samePlatform } from './registry';
import type { ContainerRunDetail } from './types';

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
  run?: ContainerRunDetail;
  notModelled?: string;
}

class UsageError extends Error {}

/** Something the harness does not model: the engine turns it into a HarnessError. */
class NotModelled extends Error {}

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
    else if (a === '-f' || a === '--file') throw new NotModelled('the harness does not model `imagetools create --file`');
    else if (a.startsWith('-')) throw new UsageError(`unknown flag: ${a}`);
    else sources.push(parseReference(a));
  }
  for (const tag of tags) {
    if (tag.digest) throw new RegistryError(`${tag.raw}: a tag cannot name a digest`);
  }
  for (const source of sources) registry.authorize(process.env, source, 'read', true);
  if (!dryRun) {
    for (const target of tags.length ? tags : sources.slice(0, 1)) registry.authorize(process.env, target, 'write');
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
  registry.authorize(process.env, ref, 'read', true);
  const content = registry.inspectRaw(ref);
  if (content === undefined) return { code: 1, stdout: '', stderr: `ERROR: ${refs[0]}: not found\n` };
  if (raw) return { code: 0, stdout: content.endsWith('\n') ? content : content + '\n', stderr: '' };
  const doc = JSON.parse(content);
  if (format !== undefined) {
    if (/^\{\{\s*json\s+\.Manifest\s*\}\}$/.test(format)) {
      // buildx adds the manifest's own digest and size to `.Manifest`.
      const found = registry.resolve(ref)!;
      const { schemaVersion, mediaType, ...rest } = doc;
      const manifest = {
        schemaVersion,
        mediaType: mediaType ?? found.object.mediaType,
        digest: found.digest,
        size: Buffer.byteLength(found.object.content),
        ...rest,
      };
      return { code: 0, stdout: JSON.stringify(manifest, null, 2) + '\n', stderr: '' };
    }
    if (/^\{\{\s*json\s+\.\s*\}\}$/.test(format)) return { code: 0, stdout: JSON.stringify(doc, null, 2) + '\n', stderr: '' };
    throw new NotModelled(`the harness does not model imagetools inspect --format ${format}`);
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

/**
 * `docker run [--rm] [--platform P] IMAGE [ARG...]`. IMAGE is a tag in the
 * machine's local engine or a registry reference (which needs a login and
 * must exist in the fake registry; an index is resolved to P's manifest).
 * The image's platform must be P, and the machine must execute it natively
 * or through a registered QEMU handler ("exec format error" otherwise, as
 * on a real runner). The container prints the run's `containerOutput` and
 * exits 0, unless a `container-run-fails` fault matches.
 */
function dockerRun(registry: () => FakeRegistry, stateDir: string, args: string[]): Outcome {
  const machineFile = process.env[MACHINE_ENV];
  if (!machineFile || !fs.existsSync(machineFile)) throw new NotModelled(`docker run outside a job leg (no ${MACHINE_ENV})`);
  const machine = readJson<MachineState>(machineFile);
  const config = readJson<EngineConfig>(path.join(stateDir, 'engine.json'));
  let requested: string | undefined;
  let quiet = false;
  let i = 0;
  for (; i < args.length; i++) {
    const a = args[i];
    if (a === '--rm') continue;
    if (a === '--quiet' || a === '-q') {
      quiet = true;
      continue;
    }
    if (a === '--platform') {
      requested = args[++i];
      if (requested === undefined) throw new UsageError('flag needs an argument: --platform');
      continue;
    }
    if (a.startsWith('--platform=')) {
      requested = a.slice('--platform='.length);
      continue;
    }
    if (a === '--') { i++; break; }
    if (a.startsWith('-')) throw new NotModelled(`the harness does not model \`docker run ${a}\``);
    break;
  }
  const image = args[i];
  if (image === undefined) return { code: 125, stdout: '', stderr: 'docker: \'docker run\' requires at least 1 argument\n' };
  const command = args.slice(i + 1);
  const platform = requested ?? (machine.runnerArch === 'X64' ? 'linux/amd64' : 'linux/arm64');
  const detail = (fields: Partial<ContainerRunDetail>): ContainerRunDetail => ({
    image, source: 'none', requestedPlatform: platform, platform: '', digest: '', emulated: false, args: command, ...fields,
  });
  const daemonError = (message: string, fields: Partial<ContainerRunDetail> = {}): Outcome =>
    ({ code: 125, stdout: '', stderr: `docker: Error response from daemon: ${message}\n`, run: detail(fields) });

  let ref: Reference;
  try {
    ref = parseReference(image);
  } catch (e) {
    if (e instanceof RegistryError) return { code: 125, stdout: '', stderr: `docker: ${e.message}\n`, run: detail({}) };
    throw e;
  }
  const localKey = `${ref.repository}:${ref.tag ?? 'latest'}`;
  const local = ref.digest === undefined ? machine.images[localKey] : undefined;
  let ran: { platform: string; digest: string; source: 'local' | 'registry' };
  let pullLog = '';
  if (local) {
    if (!samePlatform(local.platform, platform)) {
      return daemonError(`image with reference ${image} was found but its platform (${local.platform}) does not match the specified platform (${platform})`, { source: 'local', platform: local.platform, digest: local.id });
    }
    ran = { platform: local.platform, digest: local.id, source: 'local' };
  } else {
    const reg = registry();
    try {
      reg.authorize(process.env, ref, 'read');
    } catch (e) {
      if (e instanceof RegistryError) return daemonError(e.message, { source: 'registry' });
      throw e;
    }
    const found = reg.resolve(ref);
    if (!found) return daemonError(`manifest for ${image} not found: manifest unknown: manifest unknown`, { source: 'registry' });
    let manifest: { digest: string; platform: string };
    if (found.object.mediaType === MEDIA_INDEX) {
      const entries = (JSON.parse(found.object.content).manifests as Descriptor[])
        .map(d => ({ digest: d.digest, platform: platformString(d.platform) }))
        .filter(d => d.platform !== 'unknown/unknown');
      const match = entries.find(d => samePlatform(d.platform, platform));
      if (!match) return daemonError(`no matching manifest for ${platform} in the manifest list entries`, { source: 'registry' });
      manifest = match;
    } else {
      manifest = { digest: found.digest, platform: platformString(found.object.platform) };
      if (!samePlatform(manifest.platform, platform)) {
        return daemonError(`image with reference ${image} was found but does not match the specified platform: wanted ${platform}, actual: ${manifest.platform}`, { source: 'registry', platform: manifest.platform, digest: manifest.digest });
      }
    }
    ran = { ...manifest, source: 'registry' };
    // `--quiet` suppresses Docker's pull messages (they go to stderr otherwise).
    if (!quiet) pullLog = [`Unable to find image '${image}' locally`, `${ref.digest ?? ref.tag ?? 'latest'}: Pulling from ${ref.path}`, `Digest: ${found.digest}`, `Status: Downloaded newer image for ${image}`].join('\n') + '\n';
  }
  const emulated = !canExecute(machine.runnerArch, null, ran.platform);
  const runDetail = detail({ source: ran.source, platform: ran.platform, digest: ran.digest, emulated });
  if (!canExecute(machine.runnerArch, machine.qemu, ran.platform)) {
    // The kernel cannot run the image's entrypoint: no native support and no binfmt handler.
    return { code: 255, stdout: '', stderr: `${pullLog}exec /usr/local/bin/entrypoint: exec format error\n`, run: runDetail };
  }
  const fault = config.faults.find((f: ContainerRunFault) =>
    samePlatform(f.platform, ran.platform) && (f.job === undefined || f.job === machine.job));
  const output = fault ? fault.output : config.containerOutput;
  return { code: fault ? fault.exitCode : 0, stdout: output === '' ? '' : `${output}\n`, stderr: pullLog, run: runDetail };
}

/** A keyless signature the cosign stub made: what was signed, by whom. */
interface Signature {
  readonly repository: string;
  readonly digest: string;
  /** The reference `cosign sign` was given (a tag or a digest). */
  readonly signedAs: string;
  readonly identity: string;
  readonly issuer: string;
}

const GITHUB_ISSUER = 'https://token.actions.githubusercontent.com';

/**
 * `cosign sign [--yes] REF` and `cosign verify REF --certificate-identity I
 * --certificate-oidc-issuer O`, keyless. Signing needs GitHub's OIDC token
 * (`id-token: write`) and write access to the repository; the certificate
 * names this workflow at this ref. Verifying finds a signature of the
 * digest REF names, made with that identity and issuer.
 */
function cosign(registry: FakeRegistry, stateDir: string, args: string[]): Outcome {
  const [command, ...rest] = args;
  let identity: string | undefined;
  let issuer: string | undefined;
  const refs: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    if (a === '--yes' || a === '-y') continue;
    if (a === '--certificate-identity') identity = rest[++i];
    else if (a === '--certificate-oidc-issuer') issuer = rest[++i];
    else if (a.startsWith('-')) throw new NotModelled(`the harness does not model cosign ${command} ${a}`);
    else refs.push(a);
  }
  if (refs.length !== 1) throw new UsageError(`cosign ${command} needs exactly one image reference`);
  const ref = parseReference(refs[0]);
  const found = registry.resolve(ref);
  if (!found) return { code: 1, stdout: '', stderr: `Error: ${refs[0]}: MANIFEST_UNKNOWN\n` };
  const file = path.join(stateDir, 'signatures.json');
  const signatures: Signature[] = fs.existsSync(file) ? readJson<Signature[]>(file) : [];
  if (command === 'sign') {
    if (!process.env.ACTIONS_ID_TOKEN_REQUEST_URL) {
      return { code: 1, stdout: '', stderr: 'Error: signing: getting signer: getting key from Fulcio: retrieving cert: no identity token (the job needs `id-token: write`)\n' };
    }
    registry.authorize(process.env, ref, 'write');
    const tagWarning = ref.digest ? '' : `WARNING: Image reference ${refs[0]} uses a tag, not a digest, to identify the image to sign.\n`;
    signatures.push({
      repository: ref.repository,
      digest: found.digest,
      signedAs: ref.raw,
      identity: `${process.env.GITHUB_SERVER_URL}/${process.env.GITHUB_WORKFLOW_REF}`,
      issuer: GITHUB_ISSUER,
    });
    fs.writeFileSync(file, JSON.stringify(signatures));
    return { code: 0, stdout: '', stderr: `${tagWarning}Pushing signature to: ${ref.repository}\n` };
  }
  if (command === 'verify') {
    if (!identity || !issuer) throw new UsageError('cosign verify: --certificate-identity and --certificate-oidc-issuer are required for keyless verification');
    const match = signatures.find(s =>
      s.repository === ref.repository && s.digest === found.digest && s.identity === identity && s.issuer === issuer);
    if (!match) return { code: 1, stdout: '', stderr: 'Error: no matching signatures\n' };
    return { code: 0, stdout: JSON.stringify([{ critical: { image: { 'docker-manifest-digest': found.digest } }, optional: { Issuer: issuer, Subject: identity } }]) + '\n', stderr: '' };
  }
  throw new NotModelled(`the harness does not model cosign ${command}`);
}

/** Commands that change nothing the harness models: recorded, exit 0. */
const READ_ONLY = ['version', 'info', 'buildx version', 'buildx ls', 'buildx inspect', 'buildx du', 'images', 'image ls', 'ps', 'context ls', 'context show', 'system df'];

function run(stateDir: string, args: string[]): Outcome {
  const registry = () => FakeRegistry.open(stateDir);
  try {
    if (args[0] === COSIGN_MARKER) return cosign(registry(), stateDir, args.slice(1));
    if (args[0] === 'buildx' && args[1] === 'imagetools' && args[2] === 'create') return imagetoolsCreate(registry(), args.slice(3));
    if (args[0] === 'buildx' && args[1] === 'imagetools' && args[2] === 'inspect') return imagetoolsInspect(registry(), args.slice(3));
    if (args[0] === 'buildx' && args[1] === 'imagetools') throw new UsageError(`unknown imagetools command ${args[2]}`);
    if (args[0] === 'run' || (args[0] === 'container' && args[1] === 'run')) return dockerRun(registry, stateDir, args.slice(args[0] === 'run' ? 1 : 2));
    const command = args.filter(a => !a.startsWith('-')).slice(0, 2).join(' ');
    if (READ_ONLY.some(c => command === c || command.startsWith(`${c} `)) || args[0] === '--version') return { code: 0, stdout: '', stderr: '' };
    throw new NotModelled(`the harness does not model \`docker ${command}\` (it models buildx imagetools create/inspect, run, and the read-only ${READ_ONLY.join(', ')})`);
  } catch (e) {
    if (e instanceof RegistryError) return { code: 1, stdout: '', stderr: `ERROR: ${e.message}\n` };
    if (e instanceof UsageError) return { code: 125, stdout: '', stderr: `ERROR: ${e.message}\n` };
    if (e instanceof NotModelled) return { code: 125, stdout: '', stderr: `ERROR: ${e.message}\n`, notModelled: e.message };
    throw e;
  }
}

function main(): void {
  const [stateDir, ...args] = process.argv.slice(2);
  const outcome = run(stateDir, args);
  fs.appendFileSync(path.join(stateDir, 'calls.jsonl'), JSON.stringify({ argv: args, cwd: process.cwd(), ...outcome }) + '\n');
  // docker run prints its pull messages (stderr) before the container runs.
  const order: Array<[number, string]> = outcome.run ? [[2, outcome.stderr], [1, outcome.stdout]] : [[1, outcome.stdout], [2, outcome.stderr]];
  for (const [fd, text] of order) if (text) fs.writeSync(fd, text);
  process.exitCode = outcome.code;
}

main();
