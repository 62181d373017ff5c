import { optionKeys, refuseUnknownKeys } from './private/option-keys';

/**
 * Which layers a build exports to its cache.
 */
export enum CacheMode {
  /** Only the layers of the final image: small, but multi-stage builds rebuild their earlier stages. */
  MIN = 'min',
  /** Every layer of every stage: the best hit rate, and the most storage. */
  MAX = 'max',
}

/** Settings every kind of cache export shares. */
export interface CacheExportOptions {
  /**
   * Which layers to export.
   * @default CacheMode.MAX
   */
  readonly mode?: CacheMode;
  /**
   * Whether a failed cache export is ignored instead of failing the build
   * (e.g. the cache service is briefly unavailable).
   * @default false
   */
  readonly ignoreError?: boolean;
}

/** Options of `Cache.gha()`. */
export interface GhaCacheOptions extends CacheExportOptions {}

/** Options of `Cache.registry()`. */
export interface RegistryCacheOptions extends CacheExportOptions {
  /**
   * The repository holding the cache images, lowercase and without a tag,
   * e.g. `ghcr.io/acme/build-cache`; each image and platform gets its own
   * tag `buildcache--<image>--<pair>` there.
   * @default - the image's own repository in its first registry, tag `buildcache-<pair>`
   */
  readonly ref?: string;
}

/** The kinds of build cache. */
export enum CacheKind {
  /** GitHub Actions' cache service. */
  GHA = 'gha',
  /** Cache images in a container registry. */
  REGISTRY = 'registry',
  /** No cache. */
  NONE = 'none',
}

// Every factory takes a subtype of CacheExportOptions; its table completes the set.
optionKeys<CacheExportOptions>('CacheExportOptions', { mode: true, ignoreError: true });
const GHA_KEYS = optionKeys<GhaCacheOptions>('GhaCacheOptions', { mode: true, ignoreError: true });
const REGISTRY_KEYS = optionKeys<RegistryCacheOptions>('RegistryCacheOptions', { mode: true, ignoreError: true, ref: true });

/**
 * Where BuildKit keeps the layer cache between runs.
 *
 * - `Cache.gha()`: GitHub's cache service; nothing to set up, but a
 *   repository has 10 GB of it and GitHub evicts the least recently used
 *   entries beyond that, so images of several GB evict each other.
 * - `Cache.registry()`: cache images next to the image in its first
 *   registry; no size limit but the registry's, pushed and pulled at
 *   registry speed.
 * - `Cache.none()`: every build starts cold.
 */
export class Cache {
  /** GitHub Actions' cache service, one scope per workflow, image and platform. */
  public static gha(options: GhaCacheOptions = {}): Cache {
    refuseUnknownKeys('Cache.gha', 'options', options, GHA_KEYS);
    return new Cache(CacheKind.GHA, options.mode ?? CacheMode.MAX, options.ignoreError ?? false, undefined);
  }

  /** Cache images in a registry, one per image and platform. */
  public static registry(options: RegistryCacheOptions = {}): Cache {
    refuseUnknownKeys('Cache.registry', 'options', options, REGISTRY_KEYS);
    return new Cache(CacheKind.REGISTRY, options.mode ?? CacheMode.MAX, options.ignoreError ?? false, options.ref);
  }

  /** No cache: every build starts from scratch. */
  public static none(): Cache {
    return new Cache(CacheKind.NONE, CacheMode.MAX, false, undefined);
  }

  /** Where the cache lives. */
  public readonly kind: CacheKind;
  /** Which layers are exported. */
  public readonly mode: CacheMode;
  /** Whether a failed export is ignored. */
  public readonly ignoreError: boolean;
  /**
   * The registry repository of a registry cache.
   * @default - the image's own repository
   */
  public readonly ref?: string;

  private constructor(kind: CacheKind, mode: CacheMode, ignoreError: boolean, ref: string | undefined) {
    this.kind = kind;
    this.mode = mode;
    this.ignoreError = ignoreError;
    this.ref = ref;
  }

  public toString(): string {
    return this.kind === CacheKind.REGISTRY && this.ref !== undefined ? `Cache.registry(${this.ref})` : `Cache.${this.kind}()`;
  }
}
