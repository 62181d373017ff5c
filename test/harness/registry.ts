/**
 * A fake OCI registry kept in one JSON file, shared by the harness (which
 * plays docker/build-push-action) and the `docker` stub that the workflow's
 * scripts call (bundled from docker-cli.ts). Only Node built-ins: this file
 * is bundled into the stub with esbuild.
 *
 * What it models, because the generated workflow depends on it:
 *  - references are parsed like Docker does and a repository name with a
 *    capital letter is rejected ("repository name must be lowercase");
 *  - content is addressed by sha256 digest; a pushed image is a manifest
 *    whose platform the registry knows; with provenance attestations (what
 *    docker/build-push-action does by default when it pushes) each build
 *    pushes an index holding the platform manifest plus an `unknown/unknown`
 *    attestation manifest, and the build's digest is that index's;
 *  - `imagetools create` flattens source indexes into one new index (and
 *    carbon-copies a single index source), as buildx does; a source must
 *    exist in its repository ("not found" otherwise);
 *  - writes need a `docker login` to the host (the leg's docker config); on
 *    ghcr.io a job's GITHUB_TOKEN writes only with `packages: write` and
 *    reads only with `packages: read` or `write` (403 otherwise), as GHCR does;
 *  - faults: an index read back without some platform.
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

export const MEDIA_INDEX = 'application/vnd.oci.image.index.v1+json';
export const MEDIA_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
export const ATTESTATION_TYPE = 'attestation-manifest';

export interface OciPlatform {
  os: string;
  architecture: string;
  variant?: string;
}

export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  platform?: OciPlatform;
  annotations?: Record<string, string>;
}

export interface StoredObject {
  mediaType: string;
  /** The exact bytes (JSON text) whose sha256 is the digest. */
  content: string;
  /** For image manifests: the platform the registry knows from the image config. */
  platform?: OciPlatform;
}

interface RepositoryState {
  objects: Record<string, StoredObject>;
  tags: Record<string, string>;
}

/** A fault the registry injects when it is read. */
export interface RegistryFault {
  readonly kind: 'inspect-drops-platform';
  /** e.g. `linux/arm64`: manifests of this platform are left out of every index read back. */
  readonly platform: string;
  /** Only for references containing this text (default: every reference). */
  readonly reference?: string;
}

export interface RegistryState {
  seed: string;
  counter: number;
  repositories: Record<string, RepositoryState>;
  faults: RegistryFault[];
  /** The GITHUB_TOKENs of the run's job legs and their permissions (e.g. `packages: write`). */
  tokens?: Record<string, { job: string; permissions: Record<string, string> }>;
}

export class RegistryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RegistryError';
  }
}

// ----------------------------------------------------------------- references

export interface Reference {
  readonly raw: string;
  /** `host/path`, e.g. `ghcr.io/acme-org/api`. */
  readonly repository: string;
  readonly host: string;
  readonly path: string;
  readonly tag?: string;
  readonly digest?: string;
}

const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^sha256:[a-f0-9]{64}$/;

/** Parses an image reference like the Docker CLI (and fails like it). */
export function parseReference(raw: string): Reference {
  const invalid = (why: string) => new RegistryError(`invalid reference format: ${why}: "${raw}"`);
  if (raw === '') throw new RegistryError('invalid reference format: repository name must have at least one component');
  let rest = raw;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) throw invalid('invalid digest');
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) throw invalid('invalid tag');
  }
  const parts = rest.split('/');
  let host = 'docker.io';
  if (parts.length > 1 && (/[.:]/.test(parts[0]) || parts[0] === 'localhost')) {
    host = parts.shift()!;
  }
  if (host === 'docker.io' && parts.length === 1) parts.unshift('library');
  const repoPath = parts.join('/');
  if (parts.some(p => !COMPONENT.test(p))) {
    if (parts.every(p => COMPONENT.test(p.toLowerCase()))) {
      throw new RegistryError(`invalid reference format: repository name (${repoPath}) must be lowercase`);
    }
    throw invalid('invalid repository name');
  }
  return { raw, repository: `${host}/${repoPath}`, host, path: repoPath, tag, digest };
}

export function platformString(p: OciPlatform | undefined): string {
  if (!p) return 'unknown/unknown';
  return [p.os, p.architecture, p.variant].filter(Boolean).join('/');
}

export function parsePlatform(value: string): OciPlatform {
  const [os, architecture, variant] = value.trim().split('/');
  if (!os || !architecture) throw new RegistryError(`invalid platform "${value}"`);
  return variant ? { os, architecture, variant } : { os, architecture };
}

/** linux/arm64 and linux/arm64/v8 are the same platform. */
export function samePlatform(a: string, b: string): boolean {
  const norm = (s: string) => s.replace(/^linux\/arm64\/v8$/, 'linux/arm64');
  return norm(a) === norm(b);
}

/** An `--annotation` of imagetools create: `[type[platform]:]key=value`. */
export interface Annotation {
  readonly type: string;
  readonly platform?: string;
  readonly key: string;
  readonly value: string;
}

export function parseAnnotation(text: string): Annotation {
  const eq = text.indexOf('=');
  if (eq < 0) throw new RegistryError(`invalid annotation ${JSON.stringify(text)}: expected key=value`);
  const m = /^(?:([a-z-]+)(?:\[([\w/-]+)\])?:)?(\S+)$/.exec(text.slice(0, eq));
  if (!m) throw new RegistryError(`invalid annotation key in ${JSON.stringify(text)}`);
  const type = m[1] ?? '';
  if (!['', 'index', 'manifest', 'manifest-descriptor', 'index-descriptor'].includes(type)) {
    throw new RegistryError(`unknown annotation type ${JSON.stringify(type)}`);
  }
  return { type, platform: m[2], key: m[3], value: text.slice(eq + 1) };
}

// ----------------------------------------------------------------- auth

/** Hosts the docker config of this environment is logged in to. */
export function loggedInHosts(env: NodeJS.ProcessEnv): string[] {
  const dir = env.DOCKER_CONFIG ?? (env.HOME ? path.join(env.HOME, '.docker') : undefined);
  if (!dir) return [];
  const file = path.join(dir, 'config.json');
  if (!fs.existsSync(file)) return [];
  try {
    return Object.keys(JSON.parse(fs.readFileSync(file, 'utf8')).auths ?? {});
  } catch {
    return [];
  }
}

function hostAliases(host: string): string[] {
  return host === 'docker.io' ? ['docker.io', 'https://index.docker.io/v1/', 'index.docker.io'] : [host, `https://${host}`];
}

/** The credentials this environment's docker config holds for a host. */
export function credentialsFor(env: NodeJS.ProcessEnv, host: string): { username: string; password: string } | undefined {
  const dir = env.DOCKER_CONFIG ?? (env.HOME ? path.join(env.HOME, '.docker') : undefined);
  if (!dir) return undefined;
  const file = path.join(dir, 'config.json');
  if (!fs.existsSync(file)) return undefined;
  const auths: Record<string, { auth?: string }> = JSON.parse(fs.readFileSync(file, 'utf8')).auths ?? {};
  for (const alias of hostAliases(host)) {
    const auth = auths[alias]?.auth;
    if (auth === undefined) continue;
    const text = Buffer.from(auth, 'base64').toString('utf8');
    const colon = text.indexOf(':');
    return { username: text.slice(0, colon), password: text.slice(colon + 1) };
  }
  return undefined;
}

/** `<account>.dkr.ecr.<region>.amazonaws.com`: private Amazon ECR. */
export function isEcrHost(host: string): boolean {
  return /^\d{12}\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com$/.test(host);
}

export function requireLogin(env: NodeJS.ProcessEnv, ref: Reference): void {
  const hosts = loggedInHosts(env);
  if (!hostAliases(ref.host).some(h => hosts.includes(h))) {
    throw new RegistryError(`failed to push ${ref.raw}: unexpected status from HEAD request to https://${ref.host}/v2/${ref.path}/blobs/uploads/: 401 Unauthorized (no docker login for ${ref.host} on this runner)`);
  }
}

// ----------------------------------------------------------------- the registry

function sha256(text: string): string {
  return 'sha256:' + crypto.createHash('sha256').update(text).digest('hex');
}

export interface PushResult {
  /** The digest a build reports: the manifest's, or the index's when there is one. */
  readonly digest: string;
  readonly mediaType: string;
  readonly platforms: Array<{ platform: string; digest: string }>;
}

export interface PushOptions {
  readonly repositories: string[];
  readonly platforms: OciPlatform[];
  readonly attestations: boolean;
  readonly tags: Reference[];
  /** Makes the digests of this build unique (with the run's seed and a counter). */
  readonly label: string;
}

export interface CreateIndexOptions {
  readonly sources: Reference[];
  readonly tags: Reference[];
  readonly append: boolean;
  readonly dryRun: boolean;
  readonly annotations?: Annotation[];
}

export interface TagSummary {
  readonly digest: string;
  readonly mediaType: string;
  readonly annotations: Record<string, string>;
  readonly manifests: Array<{ digest: string; platform: string; attestation: boolean }>;
}

export class FakeRegistry {
  public static stateFile(dir: string): string {
    return path.join(dir, 'registry.json');
  }

  public static create(dir: string, seed: string, faults: RegistryFault[]): FakeRegistry {
    fs.mkdirSync(dir, { recursive: true });
    const registry = new FakeRegistry(dir, { seed, counter: 0, repositories: {}, faults });
    registry.save();
    return registry;
  }

  public static open(dir: string): FakeRegistry {
    const file = FakeRegistry.stateFile(dir);
    return new FakeRegistry(dir, JSON.parse(fs.readFileSync(file, 'utf8')));
  }

  private constructor(private readonly dir: string, public readonly state: RegistryState) {}

  /** Registers a job leg's GITHUB_TOKEN with the permissions of its job. */
  public issueToken(token: string, job: string, permissions: Record<string, string>): void {
    (this.state.tokens ??= {})[token] = { job, permissions };
    this.save();
  }

  /**
   * What a registry checks before a push (`write`) or a pull (`read`): a
   * login for the host and, on ghcr.io with a job's GITHUB_TOKEN, the job's
   * `packages` permission (GHCR answers 403 without it). `anonymousRead`
   * lets a read through without a login (a public repository), except on
   * ECR, which has no anonymous pulls.
   */
  public authorize(env: NodeJS.ProcessEnv, ref: Reference, access: 'read' | 'write', anonymousRead = false): void {
    const credentials = credentialsFor(env, ref.host);
    if (!credentials) {
      if (access === 'read' && anonymousRead && !isEcrHost(ref.host)) return;
      if (access === 'write') requireLogin(env, ref);
      throw new RegistryError(`failed to resolve ${ref.raw}: unexpected status from HEAD request to https://${ref.host}/v2/${ref.path}/manifests/${ref.digest ?? ref.tag ?? 'latest'}: 401 Unauthorized (no docker login for ${ref.host} on this runner)`);
    }
    const token = this.state.tokens?.[credentials.password];
    if (ref.host === 'ghcr.io' && token) {
      const packages = token.permissions.packages ?? 'none';
      const allowed = access === 'write' ? packages === 'write' : packages === 'read' || packages === 'write';
      if (!allowed) {
        throw new RegistryError(`failed to ${access === 'write' ? 'push' : 'pull'} ${ref.raw}: unexpected status from ${access === 'write' ? 'POST' : 'GET'} request to https://ghcr.io/v2/${ref.path}/${access === 'write' ? 'blobs/uploads/' : 'manifests/' + (ref.digest ?? ref.tag ?? 'latest')}: 403 Forbidden (denied: the GITHUB_TOKEN of job ${token.job} has packages: ${packages}; ${access === 'write' ? 'pushing needs packages: write' : 'pulling needs packages: read'})`);
      }
    }
  }

  public save(): void {
    fs.writeFileSync(FakeRegistry.stateFile(this.dir), JSON.stringify(this.state, null, 1));
  }

  private repo(repository: string): RepositoryState {
    return this.state.repositories[repository] ??= { objects: {}, tags: {} };
  }

  private put(repository: string, obj: StoredObject): Descriptor {
    const digest = sha256(obj.content);
    this.repo(repository).objects[digest] = obj;
    return { mediaType: obj.mediaType, digest, size: Buffer.byteLength(obj.content) };
  }

  /** Finds what a reference names, in its own repository. */
  public resolve(ref: Reference): { digest: string; object: StoredObject } | undefined {
    const repo = this.state.repositories[ref.repository];
    if (!repo) return undefined;
    const digest = ref.digest ?? repo.tags[ref.tag ?? 'latest'];
    if (!digest) return undefined;
    const object = repo.objects[digest];
    return object ? { digest, object } : undefined;
  }

  /** Copies an object and everything it references into another repository (a cross-repository mount). */
  private mount(from: string, to: string, digest: string): void {
    if (from === to) return;
    const obj = this.state.repositories[from]?.objects[digest];
    if (!obj) return;
    this.repo(to).objects[digest] = obj;
    if (obj.mediaType === MEDIA_INDEX) {
      for (const d of JSON.parse(obj.content).manifests as Descriptor[]) this.mount(from, to, d.digest);
    }
  }

  /**
   * Pushes one build: one image manifest per platform (plus an attestation
   * manifest each when `attestations`), wrapped in an index when there are
   * several manifests. Stored in every repository; tagged with `tags`.
   */
  public pushBuild(options: PushOptions): PushResult {
    const [first, ...others] = options.repositories;
    if (first === undefined) throw new RegistryError('nothing to push to');
    const descriptors: Descriptor[] = [];
    const platforms: Array<{ platform: string; digest: string }> = [];
    for (const platform of options.platforms) {
      const nonce = `${this.state.seed}/${this.state.counter++}/${options.label}/${platformString(platform)}`;
      const config = { mediaType: 'application/vnd.oci.image.config.v1+json', digest: sha256(`config:${nonce}`), size: 1234 };
      const manifest = this.put(first, {
        mediaType: MEDIA_MANIFEST,
        platform,
        content: JSON.stringify({ schemaVersion: 2, mediaType: MEDIA_MANIFEST, config, layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: sha256(`layer:${nonce}`), size: 4096 }] }),
      });
      descriptors.push({ ...manifest, platform });
      platforms.push({ platform: platformString(platform), digest: manifest.digest });
      if (options.attestations) {
        const attestation = this.put(first, {
          mediaType: MEDIA_MANIFEST,
          platform: { os: 'unknown', architecture: 'unknown' },
          content: JSON.stringify({ schemaVersion: 2, mediaType: MEDIA_MANIFEST, artifactType: 'application/vnd.in-toto+json', subject: manifest.digest, nonce }),
        });
        descriptors.push({
          ...attestation,
          platform: { os: 'unknown', architecture: 'unknown' },
          annotations: { 'vnd.docker.reference.digest': manifest.digest, 'vnd.docker.reference.type': ATTESTATION_TYPE },
        });
      }
    }
    let top: Descriptor;
    if (descriptors.length === 1) {
      top = descriptors[0];
    } else {
      top = this.put(first, {
        mediaType: MEDIA_INDEX,
        content: JSON.stringify({ schemaVersion: 2, mediaType: MEDIA_INDEX, manifests: descriptors }, null, 2),
      });
    }
    for (const other of others) this.mount(first, other, top.digest);
    for (const tag of options.tags) {
      this.mount(first, tag.repository, top.digest);
      this.repo(tag.repository).tags[tag.tag ?? 'latest'] = top.digest;
    }
    this.save();
    return { digest: top.digest, mediaType: top.mediaType, platforms };
  }

  /**
   * `docker buildx imagetools create`: a new index of the sources' manifests
   * (source indexes are flattened; a single index source is copied as is),
   * pushed under every tag.
   */
  public createIndex(options: CreateIndexOptions): { digest: string; content: string } {
    const annotations = options.annotations ?? [];
    if (options.sources.length === 0 && !options.append) throw new RegistryError('no sources specified');
    const resolved = options.sources.map(src => {
      const found = this.resolve(src);
      if (!found) throw new RegistryError(`${src.raw}: not found`);
      return { src, ...found };
    });
    if (options.append) {
      for (const tag of options.tags) {
        const found = this.resolve(tag);
        if (found) resolved.unshift({ src: tag, ...found });
      }
    }
    let content: string;
    let mediaType = MEDIA_INDEX;
    if (resolved.length === 1 && resolved[0].object.mediaType === MEDIA_INDEX && annotations.length === 0) {
      content = resolved[0].object.content;
    } else {
      const manifests: Descriptor[] = [];
      const add = (d: Descriptor) => {
        const existing = manifests.findIndex(m => m.digest === d.digest);
        if (existing >= 0) manifests[existing] = { ...manifests[existing], ...d };
        else manifests.push(d);
      };
      for (const r of resolved) {
        if (r.object.mediaType === MEDIA_INDEX) {
          for (const d of JSON.parse(r.object.content).manifests as Descriptor[]) add(d);
        } else {
          add({ mediaType: r.object.mediaType, digest: r.digest, size: Buffer.byteLength(r.object.content), platform: r.object.platform });
        }
      }
      // Annotations, as buildx applies them to an OCI index.
      const indexAnnotations: Record<string, string> = {};
      for (const a of annotations) {
        if (a.type === 'index') {
          indexAnnotations[a.key] = a.value;
        } else if (a.type === 'manifest-descriptor') {
          for (const m of manifests) {
            if (a.platform === undefined || a.platform === platformString(m.platform)) m.annotations = { ...m.annotations, [a.key]: a.value };
          }
        } else if (a.type === 'manifest' || a.type === '') {
          throw new RegistryError(`"${a.type}" annotations are not supported yet`);
        } else {
          throw new RegistryError(`"${a.type}" annotations are invalid while creating an image`);
        }
      }
      const index: Record<string, unknown> = { schemaVersion: 2, mediaType, manifests };
      if (Object.keys(indexAnnotations).length) index.annotations = indexAnnotations;
      content = JSON.stringify(index, null, 2);
    }
    const digest = sha256(content);
    if (options.dryRun) return { digest, content };
    const targets = options.tags.length > 0 ? options.tags : [options.sources[0]];
    if (options.tags.length === 0 && new Set(options.sources.map(s => s.repository)).size > 1) {
      throw new RegistryError('no repositories specified, please set a reference in tag or source');
    }
    for (const target of targets) {
      for (const r of resolved) this.mount(r.src.repository, target.repository, r.digest);
      for (const r of resolved) {
        if (r.object.mediaType === MEDIA_INDEX) {
          for (const d of JSON.parse(r.object.content).manifests as Descriptor[]) this.mount(r.src.repository, target.repository, d.digest);
        }
      }
      this.repo(target.repository).objects[digest] = { mediaType, content };
      if (options.tags.length > 0) this.repo(target.repository).tags[target.tag ?? 'latest'] = digest;
    }
    this.save();
    return { digest, content };
  }

  /** What `imagetools inspect --raw` prints, with the read-time faults applied. */
  public inspectRaw(ref: Reference): string | undefined {
    const found = this.resolve(ref);
    if (!found) return undefined;
    const faults = this.state.faults.filter(f => f.kind === 'inspect-drops-platform' && (f.reference === undefined || ref.raw.includes(f.reference)));
    if (found.object.mediaType !== MEDIA_INDEX || faults.length === 0) return found.object.content;
    const index = JSON.parse(found.object.content);
    index.manifests = (index.manifests as Descriptor[]).filter(d => !faults.some(f => samePlatform(platformString(d.platform), f.platform)));
    return JSON.stringify(index, null, 3);
  }

  /** Every tag of every repository with the index/manifest it names. */
  public tags(): Record<string, TagSummary> {
    const out: Record<string, TagSummary> = {};
    for (const [repository, repo] of Object.entries(this.state.repositories)) {
      for (const [tag, digest] of Object.entries(repo.tags)) {
        const obj = repo.objects[digest];
        const manifests = obj.mediaType === MEDIA_INDEX
          ? (JSON.parse(obj.content).manifests as Descriptor[]).map(d => ({
            digest: d.digest,
            platform: platformString(d.platform),
            attestation: d.annotations?.['vnd.docker.reference.type'] === ATTESTATION_TYPE,
          }))
          : [{ digest, platform: platformString(obj.platform), attestation: false }];
        const annotations = obj.mediaType === MEDIA_INDEX ? JSON.parse(obj.content).annotations ?? {} : {};
        out[`${repository}:${tag}`] = { digest, mediaType: obj.mediaType, annotations, manifests };
      }
    }
    return out;
  }

  /** The platform the registry knows for a digest in a repository (an index: its platforms). */
  public platformsOf(repository: string, digest: string): string[] {
    const obj = this.state.repositories[repository]?.objects[digest];
    if (!obj) return [];
    if (obj.mediaType !== MEDIA_INDEX) return [platformString(obj.platform)];
    return (JSON.parse(obj.content).manifests as Descriptor[]).map(d => platformString(d.platform)).filter(p => p !== 'unknown/unknown');
  }
}
