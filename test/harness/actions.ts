/**
 * Stand-ins for the actions the workflows use, keyed by `owner/repo` (the
 * `@ref` is ignored). Each one models what the real action does to the
 * machine, the registry and the run's artifacts, and fails like it does
 * where the pipeline depends on it. An action the harness does not know
 * throws a HarnessError: the run cannot be modelled, so it must not pass.
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { expandPathPattern, globMatch, walkFiles } from './glob';
import { computeMetadata, inputLines, parseCsvLine } from './metadata';
import { FakeRegistry, parsePlatform, parseReference, Reference, RegistryError, requireLogin } from './registry';
import { BuildRecord, DownloadRecord, Fault, LoginRecord, RunOptions, SimulatedEvent, UploadRecord } from './types';

export class HarnessError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HarnessError';
  }
}

/** What the engine offers an action about the run. */
export interface RunRuntime {
  readonly options: RunOptions;
  readonly event: SimulatedEvent;
  readonly owner: string;
  readonly repo: string;
  readonly defaultBranch: string;
  readonly date: Date;
  readonly faults: Fault[];
  readonly registryDir: string;
  readonly artifactsDir: string;
  readonly artifacts: Map<string, { job: string; leg: string; files: string[] }>;
  readonly builds: BuildRecord[];
  readonly logins: LoginRecord[];
  readonly uploads: UploadRecord[];
  readonly downloads: DownloadRecord[];
}

/** What the engine offers an action about the machine (job leg) it runs on. */
export interface LegRuntime {
  readonly run: RunRuntime;
  readonly jobId: string;
  readonly label: string;
  readonly workspace: string;
  readonly home: string;
  readonly runnerArch: 'X64' | 'ARM64';
  qemu: 'all' | Set<string> | undefined;
  buildx: boolean;
  /** A path as the workflow wrote it → where it is on this machine. */
  hostPath(p: string): string;
  /** The environment a process started by this step would see. */
  processEnv(): NodeJS.ProcessEnv;
}

export interface ActionCall {
  readonly key: string;
  readonly inputs: Record<string, string>;
  readonly leg: LegRuntime;
  readonly step: string;
}

export interface ActionOutcome {
  outputs: Record<string, string>;
  /** Variables the action exports to later steps (core.exportVariable). */
  env?: Record<string, string>;
  /** Set when the action fails: its error message. */
  error?: string;
  log?: string[];
  warnings?: string[];
}

type Handler = (call: ActionCall) => ActionOutcome;

interface ActionModel {
  readonly inputs: string[];
  readonly handler: Handler;
}

function bool(call: ActionCall, name: string, fallback = false): boolean {
  const v = call.inputs[name];
  if (v === undefined || v === '') return fallback;
  if (/^true$/i.test(v)) return true;
  if (/^false$/i.test(v)) return false;
  throw new HarnessError(`${call.key}: input ${name} must be true or false, got ${JSON.stringify(v)}`);
}

/** build-push-action's list inputs: one per line and comma-separated. */
function list(value: string | undefined): string[] {
  return (value ?? '').split(/\r?\n/).flatMap(line => parseCsvLine(line)).map(s => s.trim()).filter(Boolean);
}

function failure(error: string, log: string[] = []): ActionOutcome {
  return { outputs: {}, error, log };
}

// ----------------------------------------------------------------- simple actions

const checkout: Handler = () => ({ outputs: {}, log: ['(checkout: no-op in the harness)'] });

const setupQemu: Handler = call => {
  const platforms = call.inputs.platforms || 'all';
  if (platforms === 'all') {
    call.leg.qemu = 'all';
  } else {
    const set = call.leg.qemu instanceof Set ? call.leg.qemu : new Set<string>();
    for (const p of list(platforms)) set.add(p);
    if (call.leg.qemu !== 'all') call.leg.qemu = set;
  }
  return { outputs: { platforms } };
};

const setupBuildx: Handler = call => {
  call.leg.buildx = true;
  return { outputs: { name: 'builder-harness', driver: 'docker-container', platforms: call.leg.runnerArch === 'X64' ? 'linux/amd64,linux/386' : 'linux/arm64' } };
};

const login: Handler = call => {
  const registry = call.inputs.registry || 'docker.io';
  const username = call.inputs.username ?? '';
  const password = call.inputs.password ?? '';
  if (!username || !password) return failure('Username and password required');
  const dir = path.join(call.leg.home, '.docker');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'config.json');
  const config = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : { auths: {} };
  config.auths[registry] = { auth: Buffer.from(`${username}:${password}`).toString('base64') };
  fs.writeFileSync(file, JSON.stringify(config, null, 2));
  call.leg.run.logins.push({ job: call.leg.jobId, leg: call.leg.label, registry, username });
  return { outputs: {}, log: [`Login Succeeded (${registry} as ${username})`] };
};

// ----------------------------------------------------------------- metadata-action

const metadata: Handler = call => {
  const run = call.leg.run;
  const env = call.leg.processEnv();
  const result = computeMetadata(call.inputs, {
    annotationLevels: env.DOCKER_METADATA_ANNOTATIONS_LEVELS,
    shortShaLength: env.DOCKER_METADATA_SHORT_SHA_LENGTH ? Number(env.DOCKER_METADATA_SHORT_SHA_LENGTH) : undefined,
    eventName: run.event.name,
    ref: run.event.ref,
    sha: run.event.sha,
    repoName: run.repo,
    owner: run.owner,
    defaultBranch: run.defaultBranch,
    date: run.date,
  });
  const sepTags = call.inputs['sep-tags'] || '\n';
  const sepLabels = call.inputs['sep-labels'] || '\n';
  const outputs: Record<string, string> = {
    'version': result.version,
    'tags': result.tags.join(sepTags),
    'tag-names': result.tagNames.join(sepTags),
    'labels': result.labels.join(sepLabels),
    'annotations': result.annotations.join(call.inputs['sep-annotations'] || '\n'),
    'json': JSON.stringify(result.json, null, 2),
  };
  // metadata-action also exports each output as DOCKER_METADATA_OUTPUT_<NAME> (unless DOCKER_METADATA_SET_OUTPUT_ENV=false).
  const exported = env.DOCKER_METADATA_SET_OUTPUT_ENV === 'false' ? {}
    : Object.fromEntries(Object.entries(outputs).map(([k, v]) => [`DOCKER_METADATA_OUTPUT_${k.replace(/\W/g, '_').toUpperCase()}`, v]));
  return { outputs, env: exported, log: [`tags: ${result.tags.join(' ') || '(none)'}`] };
};

// ----------------------------------------------------------------- build-push-action

const NATIVE: Record<'X64' | 'ARM64', string[]> = {
  X64: ['linux/amd64', 'linux/386'],
  ARM64: ['linux/arm64', 'linux/arm64/v8'],
};

function qemuCovers(qemu: LegRuntime['qemu'], platform: string): boolean {
  if (qemu === undefined) return false;
  if (qemu === 'all') return true;
  const arch = platform.split('/')[1];
  return [...qemu].some(p => p === 'all' || p === platform || p === arch || p === `linux/${arch}` || p.split('/')[1] === arch);
}

const buildPush: Handler = call => {
  const leg = call.leg;
  const run = leg.run;
  const platforms = list(call.inputs.platforms);
  const effective = platforms.length ? platforms : [leg.runnerArch === 'X64' ? 'linux/amd64' : 'linux/arm64'];
  const push = bool(call, 'push');
  const load = bool(call, 'load');
  const tags = list(call.inputs.tags);
  const outputs = inputLines(call.inputs.outputs ?? '').map(line => {
    const attrs: Record<string, string> = {};
    for (const field of parseCsvLine(line)) {
      const eq = field.indexOf('=');
      if (eq < 0) throw new HarnessError(`build-push-action: cannot read output ${JSON.stringify(line)}`);
      attrs[field.slice(0, eq).trim()] = field.slice(eq + 1).trim();
    }
    return attrs;
  });
  const record = (fields: Partial<BuildRecord>): void => {
    run.builds.push({
      job: leg.jobId,
      leg: leg.label,
      step: call.step,
      platforms: effective,
      file: call.inputs.file || 'Dockerfile',
      context: call.inputs.context || '.',
      runnerArch: leg.runnerArch,
      emulated: effective.filter(p => !NATIVE[leg.runnerArch].includes(p)),
      pushByDigest: false,
      repositories: [],
      tags: [],
      digest: '',
      manifests: [],
      attestations: false,
      ...fields,
    });
  };
  const fail = (error: string) => {
    record({ error });
    return failure(`buildx failed with: ERROR: ${error}`);
  };

  const cacheGha = [call.inputs['cache-from'], call.inputs['cache-to']].some(v => /type=gha/.test(v ?? ''));
  if (!leg.buildx && effective.length > 1) return fail('Multi-platform build is not supported for the docker driver. Switch to a different driver (docker/setup-buildx-action)');
  if (!leg.buildx && cacheGha) return fail('Cache export is not supported for the docker driver. Switch to a different driver (docker/setup-buildx-action)');
  for (const platform of effective) {
    if (!NATIVE[leg.runnerArch].includes(platform) && !qemuCovers(leg.qemu, platform)) {
      return fail(`failed to solve: process "/bin/sh -c ..." did not complete successfully: exec format error (${platform} cannot run on this ${leg.runnerArch} runner without QEMU; the harness assumes every Dockerfile has a RUN instruction)`);
    }
  }

  // Where the image goes.
  let repositories: Reference[] = [];
  let tagRefs: Reference[] = [];
  let pushes = false;
  let byDigest = false;
  try {
    for (const out of outputs) {
      if (out.type !== 'image' && out.type !== 'registry') continue;
      const names = (out.name ?? '').split(',').map(s => s.trim()).filter(Boolean);
      const outPush = out.type === 'registry' || out.push === 'true';
      pushes ||= outPush;
      byDigest ||= out['push-by-digest'] === 'true';
      const refs = (names.length ? names : tags).map(parseReference);
      if (outPush && out['push-by-digest'] === 'true') repositories.push(...refs);
      else if (outPush) tagRefs.push(...refs);
    }
    if (outputs.length === 0 && push) {
      pushes = true;
      tagRefs = tags.map(parseReference);
    }
    for (const t of tags) parseReference(t);
  } catch (e) {
    if (e instanceof RegistryError) return fail(e.message);
    throw e;
  }
  if (pushes && repositories.length === 0 && tagRefs.length === 0) return fail('tag is needed when pushing to registry');

  const fault = run.faults.find(f => f.kind === 'build-returns-no-digest'
    && (f.platform === undefined || effective.includes(f.platform))
    && (f.job === undefined || f.job === leg.jobId));
  if (fault) {
    record({ pushByDigest: byDigest });
    return { outputs: { digest: '', imageid: '', metadata: '{}' }, log: ['(fault injected: the build reported no digest)'] };
  }
  if (!pushes) {
    record({});
    return { outputs: { digest: '', imageid: `sha256:${crypto.createHash('sha256').update(call.step + leg.label).digest('hex')}`, metadata: '{}' } };
  }

  const env = leg.processEnv();
  try {
    for (const ref of [...repositories, ...tagRefs]) requireLogin(env, ref);
  } catch (e) {
    if (e instanceof RegistryError) return fail(e.message);
    throw e;
  }
  const provenance = (call.inputs.provenance ?? '').trim();
  const attestations = run.options.attestations !== 'never' && !load && provenance !== 'false';
  const registry = FakeRegistry.open(run.registryDir);
  const repoNames = [...new Set((repositories.length ? repositories : tagRefs).map(r => r.repository))];
  const pushed = registry.pushBuild({
    repositories: repoNames,
    platforms: effective.map(platform => parsePlatform(producedPlatform(run.faults, platform))),
    attestations,
    tags: byDigest ? [] : tagRefs,
    label: `${leg.jobId}/${leg.label}/${call.step}`,
  });
  record({
    pushByDigest: byDigest,
    repositories: repoNames,
    tags: tagRefs.map(t => t.raw),
    digest: pushed.digest,
    manifests: pushed.platforms,
    attestations,
  });
  const metadataOut = { 'containerimage.digest': pushed.digest, 'image.name': (byDigest ? repoNames : tagRefs.map(t => t.raw)).join(',') };
  return {
    outputs: { digest: pushed.digest, imageid: `sha256:${crypto.createHash('sha256').update(pushed.digest).digest('hex')}`, metadata: JSON.stringify(metadataOut, null, 2) },
    log: [`pushed ${pushed.digest} (${effective.join(', ')}) to ${byDigest ? repoNames.join(', ') + ' by digest' : tagRefs.map(t => t.raw).join(', ')}`],
  };
};

// ----------------------------------------------------------------- artifacts

function lowestCommonAncestor(dirs: string[]): string {
  const split = dirs.map(d => path.resolve(d).split(path.sep));
  const first = split[0];
  let n = first.length;
  for (const parts of split) {
    let i = 0;
    while (i < n && i < parts.length && parts[i] === first[i]) i++;
    n = i;
  }
  return first.slice(0, n).join(path.sep) || path.sep;
}

const upload: Handler = call => {
  const leg = call.leg;
  const run = leg.run;
  const name = call.inputs.name || 'artifact';
  const ifNone = call.inputs['if-no-files-found'] || 'warn';
  if (!['warn', 'error', 'ignore'].includes(ifNone)) throw new HarnessError(`upload-artifact: if-no-files-found ${JSON.stringify(ifNone)} is not warn, error or ignore`);
  const includeHidden = bool(call, 'include-hidden-files');
  const overwrite = bool(call, 'overwrite');
  const patterns = inputLines(call.inputs.path ?? '');
  if (patterns.length === 0) throw new HarnessError('upload-artifact: path is required');
  const include = patterns.filter(p => !p.startsWith('!')).map(p => leg.hostPath(p));
  const exclude = patterns.filter(p => p.startsWith('!')).map(p => leg.hostPath(p.slice(1)));
  const files = new Set<string>();
  const roots: string[] = [];
  for (const p of include) {
    const { files: found, root } = expandPathPattern(p);
    if (found.length) roots.push(root);
    for (const f of found) files.add(f);
  }
  for (const f of [...files]) {
    if (exclude.some(x => globMatch(f, x) || f.startsWith(x + '/'))) files.delete(f);
    if (!includeHidden && f.split('/').some(seg => seg.startsWith('.'))) files.delete(f);
  }
  if (files.size === 0) {
    const message = `No files were found with the provided path: ${patterns.join('\n')}. No artifacts will be uploaded.`;
    if (ifNone === 'error') return failure(message);
    return { outputs: {}, warnings: ifNone === 'warn' ? [message] : [] };
  }
  if (run.artifacts.has(name) && !overwrite) {
    return failure(`Failed to CreateArtifact: Received non-retryable error: Failed request: (409) Conflict: an artifact with this name already exists on the workflow run (${name})`);
  }
  const root = roots.length === 1 ? roots[0] : lowestCommonAncestor(roots);
  const dest = path.join(run.artifactsDir, name);
  fs.rmSync(dest, { recursive: true, force: true });
  const rel: string[] = [];
  for (const f of [...files].sort()) {
    const r = path.relative(root, f);
    rel.push(r);
    fs.mkdirSync(path.dirname(path.join(dest, r)), { recursive: true });
    fs.copyFileSync(f, path.join(dest, r));
  }
  run.artifacts.set(name, { job: leg.jobId, leg: leg.label, files: rel });
  run.uploads.push({ job: leg.jobId, leg: leg.label, step: call.step, name, files: rel });
  const id = String(run.uploads.length);
  return {
    outputs: { 'artifact-id': id, 'artifact-url': `https://github.com/${run.owner}/${run.repo}/actions/runs/1/artifacts/${id}`, 'artifact-digest': crypto.createHash('sha256').update(rel.join('\n')).digest('hex') },
    log: [`uploaded ${name}: ${rel.join(', ')}`],
  };
};

const download: Handler = call => {
  const leg = call.leg;
  const run = leg.run;
  const name = call.inputs.name || undefined;
  const pattern = call.inputs.pattern || undefined;
  const merge = bool(call, 'merge-multiple');
  if (call.inputs['artifact-ids']) throw new HarnessError('download-artifact: artifact-ids is not modelled');
  if (call.inputs['run-id']) throw new HarnessError('download-artifact: downloading from another run is not modelled');
  const target = leg.hostPath(call.inputs.path || '.');
  let selected: string[];
  if (name !== undefined) {
    if (!run.artifacts.has(name)) return failure(`Unable to download artifact(s): Artifact not found for name: ${name}`);
    selected = [name];
  } else {
    selected = [...run.artifacts.keys()].filter(n => pattern === undefined || globMatch(n, pattern)).sort();
  }
  const files: string[] = [];
  for (const artifact of selected) {
    // A single artifact by name goes straight into path; several go into a folder each unless merged.
    const dest = name !== undefined || merge ? target : path.join(target, artifact);
    const src = path.join(run.artifactsDir, artifact);
    for (const f of walkFiles(src)) {
      const r = path.relative(src, f);
      fs.mkdirSync(path.dirname(path.join(dest, r)), { recursive: true });
      fs.copyFileSync(f, path.join(dest, r));
      files.push(path.relative(target, path.join(dest, r)));
    }
  }
  run.downloads.push({
    job: leg.jobId, leg: leg.label, step: call.step, name, pattern, mergeMultiple: merge, artifacts: selected, files: files.sort(),
  });
  return { outputs: { 'download-path': target }, log: [`Total of ${selected.length} artifact(s) downloaded: ${selected.join(', ')}`] };
};

// ----------------------------------------------------------------- the catalog

export const ACTION_MODELS: Record<string, ActionModel> = {
  'actions/checkout': {
    inputs: ['repository', 'ref', 'token', 'ssh-key', 'ssh-known-hosts', 'ssh-strict', 'ssh-user', 'persist-credentials', 'path', 'clean', 'filter', 'sparse-checkout', 'sparse-checkout-cone-mode', 'fetch-depth', 'fetch-tags', 'show-progress', 'lfs', 'submodules', 'set-safe-directory', 'github-server-url'],
    handler: checkout,
  },
  'docker/setup-qemu-action': { inputs: ['image', 'platforms', 'reset', 'cache-image'], handler: setupQemu },
  'docker/setup-buildx-action': {
    inputs: ['version', 'name', 'driver', 'driver-opts', 'buildkitd-flags', 'buildkitd-config', 'buildkitd-config-inline', 'install', 'use', 'endpoint', 'platforms', 'append', 'keep-state', 'cache-binary', 'cleanup', 'config', 'config-inline'],
    handler: setupBuildx,
  },
  'docker/login-action': { inputs: ['registry', 'username', 'password', 'ecr', 'logout', 'scope'], handler: login },
  'docker/metadata-action': {
    inputs: ['context', 'images', 'tags', 'flavor', 'labels', 'annotations', 'sep-tags', 'sep-labels', 'sep-annotations', 'bake-target', 'github-token'],
    handler: metadata,
  },
  'docker/build-push-action': {
    inputs: ['add-hosts', 'allow', 'annotations', 'attests', 'build-args', 'build-contexts', 'builder', 'cache-from', 'cache-to', 'call', 'cgroup-parent', 'context', 'file', 'labels', 'load', 'network', 'no-cache', 'no-cache-filters', 'outputs', 'platforms', 'provenance', 'pull', 'push', 'sbom', 'secrets', 'secret-envs', 'secret-files', 'shm-size', 'ssh', 'tags', 'target', 'ulimit', 'github-token'],
    handler: buildPush,
  },
  'actions/upload-artifact': {
    inputs: ['name', 'path', 'if-no-files-found', 'retention-days', 'compression-level', 'overwrite', 'include-hidden-files', 'archive'],
    handler: upload,
  },
  'actions/download-artifact': {
    inputs: ['name', 'artifact-ids', 'path', 'pattern', 'merge-multiple', 'github-token', 'repository', 'run-id', 'skip-decompress', 'digest-mismatch'],
    handler: download,
  },
};

/** `owner/repo[/path]@ref` → `owner/repo[/path]`. */
export function actionKey(uses: string): string {
  if (uses.startsWith('docker://') || uses.startsWith('./')) {
    throw new HarnessError(`step uses ${uses}: container and local actions are not modelled`);
  }
  const at = uses.indexOf('@');
  if (at < 0) throw new HarnessError(`step uses ${uses}: an action reference needs @<ref>`);
  return uses.slice(0, at);
}

export function runAction(call: ActionCall): ActionOutcome {
  const model = ACTION_MODELS[call.key];
  if (!model) {
    throw new HarnessError(`step "${call.step}" uses ${call.key}, which the harness does not model (known: ${Object.keys(ACTION_MODELS).join(', ')})`);
  }
  const unexpected = Object.keys(call.inputs).filter(k => !model.inputs.includes(k));
  const outcome = model.handler(call);
  if (unexpected.length) {
    outcome.warnings = [...(outcome.warnings ?? []), `Unexpected input(s) ${unexpected.map(u => `'${u}'`).join(', ')}, valid inputs are [${model.inputs.map(i => `'${i}'`).join(', ')}]`];
  }
  return outcome;
}

/** The platform a build of `platform` really pushes: itself, unless a fault says otherwise. */
function producedPlatform(faults: readonly Fault[], platform: string): string {
  for (const fault of faults) {
    if (fault.kind === 'build-produces-platform' && fault.platform === platform) return fault.produces;
  }
  return platform;
}
