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
import { LocalImage, NATIVE, qemuCovers } from './machine';
import { computeMetadata, inputLines, parseCsvLine } from './metadata';
import { FakeRegistry, isEcrHost, parsePlatform, parseReference, Reference, RegistryError } from './registry';
import { AttestationRecord, BuildRecord, DownloadRecord, Fault, LoginRecord, OidcRequest, Permissions, RunOptions, SimulatedEvent, UploadRecord } from './types';

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
  readonly oidcRequests: OidcRequest[];
  readonly attestations: AttestationRecord[];
  readonly uploads: UploadRecord[];
  readonly downloads: DownloadRecord[];
  /** A directory holding the `cosign` stub (put on PATH by cosign-installer). */
  readonly cosignDir: string;
  /** AWS sessions handed out by configure-aws-credentials: access key id → account and role. */
  readonly awsSessions: Map<string, { account: string; role: string }>;
}

/** What the engine offers an action about the machine (job leg) it runs on. */
export interface LegRuntime {
  readonly run: RunRuntime;
  readonly jobId: string;
  readonly label: string;
  readonly workspace: string;
  readonly home: string;
  readonly runnerArch: 'X64' | 'ARM64';
  /** The job's GITHUB_TOKEN permissions. */
  readonly permissions: Permissions;
  qemu: 'all' | Set<string> | undefined;
  /** What setup-qemu-action was asked for, in order. */
  readonly qemuRequests: string[];
  buildx: boolean;
  /** The leg's local Docker engine: normalized reference → image. */
  readonly localImages: Record<string, LocalImage>;
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
  /** Directories the action puts first on PATH for later steps (core.addPath). */
  path?: string[];
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

/** build-push-action's `KEY=value` list inputs: one per non-empty line, commas kept, a later key wins. */
function keyValueLines(value: string | undefined): Record<string, string> {
  const entries = (value ?? '').split(/\r?\n/).map(line => line.trim()).filter(Boolean).map(line => {
    const eq = line.indexOf('=');
    if (eq <= 0) throw new HarnessError(`build-push-action: ${JSON.stringify(line)} is not KEY=value`);
    return [line.slice(0, eq), line.slice(eq + 1)];
  });
  return Object.fromEntries(entries);
}

function failure(error: string, log: string[] = []): ActionOutcome {
  return { outputs: {}, error, log };
}

// ----------------------------------------------------------------- simple actions

const checkout: Handler = () => ({ outputs: {}, log: ['(checkout: no-op in the harness)'] });

const setupQemu: Handler = call => {
  const platforms = call.inputs.platforms || 'all';
  call.leg.qemuRequests.push(...list(platforms));
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

/** What `docker login` writes: the leg's ~/.docker/config.json, keyed like the Docker CLI does. */
function writeDockerAuth(leg: LegRuntime, registry: string, username: string, password: string): void {
  const dir = path.join(leg.home, '.docker');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'config.json');
  const config = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : { auths: {} };
  const key = ['docker.io', 'index.docker.io', 'registry-1.docker.io'].includes(registry) ? 'https://index.docker.io/v1/' : registry.replace(/^https?:\/\//, '');
  config.auths[key] = { auth: Buffer.from(`${username}:${password}`).toString('base64') };
  fs.writeFileSync(file, JSON.stringify(config, null, 2));
}

const login: Handler = call => {
  const registry = call.inputs.registry || 'docker.io';
  if (isEcrHost(registry) && (call.inputs.ecr ?? 'auto') !== 'false') {
    throw new HarnessError('docker/login-action to an ECR host (its `ecr: auto` AWS login) is not modelled; use aws-actions/amazon-ecr-login');
  }
  const username = call.inputs.username ?? '';
  const password = call.inputs.password ?? '';
  if (!username || !password) return failure('Username and password required');
  writeDockerAuth(call.leg, registry, username, password);
  call.leg.run.logins.push({ job: call.leg.jobId, leg: call.leg.label, registry, username, action: 'docker/login-action' });
  return { outputs: {}, log: [`Login Succeeded (${registry} as ${username})`] };
};

// ----------------------------------------------------------------- AWS

const ROLE_ARN = /^arn:aws[a-z-]*:iam::(\d{12}):role\/[\w+=,.@\/-]+$/;
const NO_CREDENTIALS = 'Could not load credentials from any providers';

/**
 * aws-actions/configure-aws-credentials with `role-to-assume` and no keys:
 * asks GitHub for an OIDC token (only there with `id-token: write`), assumes
 * the role with it and exports the session as AWS_* variables for the later
 * steps of the job. Without the token it fails as the action does.
 */
const awsCredentials: Handler = call => {
  const leg = call.leg;
  const run = leg.run;
  const region = call.inputs['aws-region'] ?? '';
  if (!region) return failure('Input required and not supplied: aws-region');
  for (const unmodelled of ['aws-access-key-id', 'aws-secret-access-key', 'web-identity-token-file', 'role-chaining', 'use-existing-credentials']) {
    if (call.inputs[unmodelled]) throw new HarnessError(`configure-aws-credentials: ${unmodelled} is not modelled (only role-to-assume through OIDC)`);
  }
  const role = call.inputs['role-to-assume'] ?? '';
  if (!role) return failure(`Credentials could not be loaded, please check your action inputs: ${NO_CREDENTIALS}`);
  const env = leg.processEnv();
  const granted = Boolean(env.ACTIONS_ID_TOKEN_REQUEST_URL && env.ACTIONS_ID_TOKEN_REQUEST_TOKEN);
  const audience = call.inputs.audience || 'sts.amazonaws.com';
  const event = run.event;
  const subject = `repo:${run.owner}/${run.repo}:${event.name === 'pull_request' ? 'pull_request' : `ref:${event.ref}`}`;
  run.oidcRequests.push({ job: leg.jobId, leg: leg.label, step: call.step, audience, subject, roleToAssume: role, granted });
  if (!granted) {
    return failure(`Credentials could not be loaded, please check your action inputs: ${NO_CREDENTIALS}`, [
      'It looks like you might be trying to authenticate with OIDC. Did you mean to set the `id-token` permission? If you are not trying to authenticate with OIDC and the action is working successfully, you can ignore this message.',
    ]);
  }
  const arn = ROLE_ARN.exec(role);
  if (!arn) return failure(`Could not assume role with OIDC: 1 validation error detected: Value '${role}' at 'roleArn' failed to satisfy constraint`);
  const account = arn[1];
  const hash = crypto.createHash('sha256').update(`${leg.jobId}/${leg.label}/${call.step}/${role}`).digest('hex');
  const keyId = `ASIA${hash.slice(0, 16).toUpperCase()}`;
  run.awsSessions.set(keyId, { account, role });
  return {
    outputs: { 'aws-account-id': account },
    // The action exports the session for every later step of the job.
    env: {
      AWS_REGION: region,
      AWS_DEFAULT_REGION: region,
      AWS_ACCESS_KEY_ID: keyId,
      AWS_SECRET_ACCESS_KEY: `harness-secret-${hash.slice(16, 40)}`,
      AWS_SESSION_TOKEN: `harness-session-${hash.slice(40)}`,
    },
    log: [`Assuming role with OIDC: ${role} (subject ${subject})`, `Authenticated as assumedRoleId ${keyId}`],
  };
};

/**
 * aws-actions/amazon-ecr-login (private registries): with the AWS session of
 * an earlier step (AWS_* variables) logs Docker in to
 * `<id>.dkr.ecr.<AWS_REGION>.amazonaws.com` for each id of `registries`
 * (default: the session's account); output `registry` when there is one.
 */
const ecrLogin: Handler = call => {
  const leg = call.leg;
  const env = leg.processEnv();
  if ((call.inputs['registry-type'] || 'private') !== 'private') throw new HarnessError('amazon-ecr-login: only private registries are modelled');
  const keyId = env.AWS_ACCESS_KEY_ID ?? '';
  const session = leg.run.awsSessions.get(keyId);
  if (!keyId || !env.AWS_SECRET_ACCESS_KEY || !session) return failure(NO_CREDENTIALS);
  const region = env.AWS_REGION || env.AWS_DEFAULT_REGION || '';
  if (!region) return failure('Region is missing');
  const ids = list(call.inputs.registries);
  if (ids.length === 0) ids.push(session.account);
  const bad = ids.find(id => !/^\d{12}$/.test(id));
  if (bad !== undefined) return failure(`1 validation error detected: Value '[${ids.join(', ')}]' at 'registryIds' failed to satisfy constraint (${bad} is not a 12-digit account id)`);
  const hosts = ids.map(id => `${id}.dkr.ecr.${region}.amazonaws.com`);
  for (const host of hosts) {
    writeDockerAuth(leg, host, 'AWS', `ecr-token-${keyId}`);
    leg.run.logins.push({ job: leg.jobId, leg: leg.label, registry: host, username: 'AWS', action: 'aws-actions/amazon-ecr-login' });
  }
  return { outputs: hosts.length === 1 ? { registry: hosts[0] } : {}, log: hosts.map(h => `Logging into registry ${h}`) };
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
    baseRef: run.event.baseRef,
    prHeadSha: env.DOCKER_METADATA_PR_HEAD_SHA === 'true' ? run.event.headSha : undefined,
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
      loaded: false,
      buildArgs: keyValueLines(call.inputs['build-args']),
      secrets: keyValueLines(call.inputs.secrets),
      cacheFrom: inputLines(call.inputs['cache-from'] ?? ''),
      cacheTo: inputLines(call.inputs['cache-to'] ?? ''),
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
  if (load && effective.length > 1) return fail('docker exporter does not currently support exporting manifest lists');
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
  // load: the image goes into the leg's local Docker engine under its tags (no registry, no login).
  const imageId = `sha256:${crypto.createHash('sha256').update(`${run.options.seed ?? ''}/${leg.jobId}/${leg.label}/${call.step}`).digest('hex')}`;
  if (load) {
    const platform = producedPlatform(run.faults, effective[0]);
    for (const t of tags) {
      const ref = parseReference(t);
      leg.localImages[`${ref.repository}:${ref.tag ?? 'latest'}`] = { platform, id: imageId };
    }
  }
  if (!pushes) {
    record({ loaded: load, tags: load ? tags : [] });
    return { outputs: { digest: '', imageid: imageId, metadata: '{}' }, log: load ? [`loaded ${imageId} (${effective[0]}) as ${tags.join(', ') || '(untagged)'}`] : [] };
  }

  const env = leg.processEnv();
  const registry = FakeRegistry.open(run.registryDir);
  try {
    for (const ref of [...repositories, ...tagRefs]) registry.authorize(env, ref, 'write');
  } catch (e) {
    if (e instanceof RegistryError) return fail(e.message);
    throw e;
  }
  const provenance = (call.inputs.provenance ?? '').trim();
  const attestations = run.options.attestations !== 'never' && !load && provenance !== 'false';
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
    loaded: load,
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

/**
 * actions/attest for an image (`subject-name` + `subject-digest`): needs
 * GitHub's OIDC token (`id-token: write`) and `attestations: write`, as the
 * action does. With `push-to-registry` it also needs a login to the
 * registry, the subject to exist there, a name without tag, and Docker Hub
 * under `index.docker.io` (its API host).
 */
const attest: Handler = call => {
  const leg = call.leg;
  const name = call.inputs['subject-name'] ?? '';
  const digest = call.inputs['subject-digest'] ?? '';
  if (call.inputs['subject-path'] || call.inputs['subject-checksums']) throw new HarnessError('actions/attest: only subject-name + subject-digest is modelled');
  if (!name || !digest) return failure('One of subject-path, subject-digest or subject-checksums must be provided');
  if (!/^sha256:[0-9a-f]{64}$/.test(digest)) return failure(`subject-digest must be in the format "sha256:<hex-digest>", got "${digest}"`);
  if (!leg.processEnv().ACTIONS_ID_TOKEN_REQUEST_URL) {
    return failure('Failed to get ID token: Error message: Unable to get ACTIONS_ID_TOKEN_REQUEST_URL env variable (the job needs `id-token: write`)');
  }
  if (leg.permissions.attestations !== 'write') return failure('Failed to persist attestation: Resource not accessible by integration (the job needs `attestations: write`)');
  const pushed = bool(call, 'push-to-registry');
  if (pushed) {
    const ref = parseReference(name.replace(/^index\.docker\.io\//, 'docker.io/'));
    if (ref.tag !== undefined || ref.digest !== undefined || /[:@]/.test(name.slice(name.lastIndexOf('/')))) return failure(`subject-name "${name}" must be an image name without tag or digest`);
    if (ref.host === 'docker.io' && !name.startsWith('index.docker.io/')) return failure(`Docker Hub images must be attested as index.docker.io/<namespace>/<name>, got "${name}"`);
    const registry = FakeRegistry.open(leg.run.registryDir);
    const subject = { ...ref, raw: `${ref.repository}@${digest}`, digest };
    try {
      registry.authorize(leg.processEnv(), subject, 'write');
    } catch (e) {
      if (e instanceof RegistryError) return failure(`Failed to push attestation to ${name}: ${e.message}`);
      throw e;
    }
    if (!registry.resolve(subject)) return failure(`Failed to push attestation: ${name}@${digest} not found in the registry`);
  }
  leg.run.attestations.push({ job: leg.jobId, leg: leg.label, step: call.step, subjectName: name, subjectDigest: digest, pushedToRegistry: pushed });
  const id = crypto.createHash('sha256').update(`${name}@${digest}`).digest('hex').slice(0, 8);
  return { outputs: { 'attestation-id': id, 'attestation-url': `https://github.com/${leg.run.owner}/${leg.run.repo}/attestations/${id}`, 'bundle-path': '' } };
};

/** sigstore/cosign-installer: puts `cosign` (the harness's stub) on PATH. */
const cosignInstaller: Handler = call => ({ outputs: {}, path: [call.leg.run.cosignDir], log: ['cosign installed'] });

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
  'aws-actions/configure-aws-credentials': {
    inputs: ['audience', 'aws-access-key-id', 'aws-secret-access-key', 'aws-session-token', 'aws-region', 'mask-aws-account-id', 'role-to-assume', 'web-identity-token-file', 'role-chaining', 'role-duration-seconds', 'role-session-name', 'role-external-id', 'role-skip-session-tagging', 'inline-session-policy', 'managed-session-policies', 'output-credentials', 'output-env-credentials', 'unset-current-credentials', 'disable-retry', 'retry-max-attempts', 'special-characters-workaround', 'use-existing-credentials', 'allowed-account-ids', 'force-skip-oidc', 'action-timeout-s', 'proxy-server', 'no-proxy'],
    handler: awsCredentials,
  },
  'aws-actions/amazon-ecr-login': { inputs: ['registries', 'skip-logout', 'registry-type', 'mask-password', 'http-proxy'], handler: ecrLogin },
  'docker/metadata-action': {
    inputs: ['context', 'images', 'tags', 'flavor', 'labels', 'annotations', 'sep-tags', 'sep-labels', 'sep-annotations', 'bake-target', 'github-token'],
    handler: metadata,
  },
  'docker/build-push-action': {
    inputs: ['add-hosts', 'allow', 'annotations', 'attests', 'build-args', 'build-contexts', 'builder', 'cache-from', 'cache-to', 'call', 'cgroup-parent', 'context', 'file', 'labels', 'load', 'network', 'no-cache', 'no-cache-filters', 'outputs', 'platforms', 'provenance', 'pull', 'push', 'sbom', 'secrets', 'secret-envs', 'secret-files', 'shm-size', 'ssh', 'tags', 'target', 'ulimit', 'github-token'],
    handler: buildPush,
  },
  'actions/attest': {
    inputs: ['subject-path', 'subject-digest', 'subject-name', 'subject-checksums', 'subject-version', 'sbom-path', 'predicate-type', 'predicate', 'predicate-path', 'push-to-registry', 'create-storage-record', 'show-summary', 'github-token'],
    handler: attest,
  },
  'sigstore/cosign-installer': { inputs: ['cosign-release', 'install-dir', 'use-sudo'], handler: cosignInstaller },
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
