import { Cache, CacheKind, CacheMode } from '../cache';
import { NAME_DELIMITER, ResolvedImage } from './model';
import { checkInstance, Problems, show } from './problems';

/** A registry repository: lowercase host[:port]/path, no tag or digest. */
const REPOSITORY = /^[a-z0-9]+(?:[.-][a-z0-9]+)*(?::[0-9]+)?(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)+$/;

/** Checks a `cache` option; `undefined` stays undefined. */
export function checkCache(problems: Problems, option: string, given: unknown): Cache | undefined {
  if (given === undefined) return undefined;
  if (!checkInstance(problems, option, given, Cache, 'use Cache.gha(), Cache.registry() or Cache.none()')) return undefined;
  const value = given as Cache;
  if (!(Object.values(CacheMode) as string[]).includes(value.mode)) {
    problems.add(`${option} mode ${show(value.mode)} is not allowed; use CacheMode.MIN or CacheMode.MAX`);
  }
  if (typeof value.ignoreError !== 'boolean') {
    problems.add(`${option} ignoreError ${show(value.ignoreError)} must be true or false`);
  }
  const ref = value.ref;
  if (ref !== undefined) {
    if (typeof ref !== 'string' || /[A-Z]/.test(ref)) {
      problems.add(`${option} ref ${show(ref)} must be lowercase: registries reject capital letters in a repository, e.g. "ghcr.io/acme/build-cache"`);
    } else if (!REPOSITORY.test(ref)) {
      problems.add(`${option} ref ${show(ref)} is not a registry repository; give host/path without a tag or digest, e.g. "ghcr.io/acme/build-cache"`);
    }
  }
  return value;
}

/** Where a build step runs, as far as its cache is concerned. */
export interface CacheSite {
  /** The workflow's name: two workflows of a project never share a GHA scope. */
  readonly workflowName: string;
  /** The leg's platform pair (`${{ matrix.pair }}` in a matrix), or `emulated` for a one-job build. */
  readonly pair: string;
  /** Whether the step writes the cache (publishing builds) or only reads it (pull-request checks). */
  readonly writes: boolean;
  /** The image's repository in its first registry; a registry cache lives there by default. */
  readonly imageRef: string;
}

/** `cache-from` and `cache-to` of one build step: unique per workflow, image and platform. */
export function cacheInputs(image: ResolvedImage, site: CacheSite): Record<string, string | undefined> {
  const cache = image.cache;
  const location = cacheLocation(image, site);
  if (location === undefined) return {};
  const exportOptions = [`mode=${cache.mode}`, ...(cache.ignoreError ? ['ignore-error=true'] : [])];
  // ECR needs an image manifest with OCI media types for cache images; every other registry accepts one.
  const registryExport = cache.kind === CacheKind.REGISTRY ? ['image-manifest=true', 'oci-mediatypes=true'] : [];
  return {
    'cache-from': location,
    'cache-to': site.writes ? [location, ...exportOptions, ...registryExport].join(',') : undefined,
  };
}

function cacheLocation(image: ResolvedImage, site: CacheSite): string | undefined {
  switch (image.cache.kind) {
    case CacheKind.GHA:
      // `~` cannot occur in a workflow or image name: no two images (a, a--b) share a scope.
      return `type=gha,scope=${site.workflowName}${NAME_DELIMITER}${image.name}${NAME_DELIMITER}${site.pair}`;
    case CacheKind.REGISTRY:
      if (image.cache.ref !== undefined) return `type=registry,ref=${image.cache.ref}:buildcache--${image.name}--${site.pair}`;
      // Variants share their repository, so theirs carry the image name too.
      return image.repository === image.name
        ? `type=registry,ref=${site.imageRef}:buildcache-${site.pair}`
        : `type=registry,ref=${site.imageRef}:buildcache--${image.name}--${site.pair}`;
    default:
      return undefined;
  }
}

/** Whether the default registry cache needs the image's reference computed in the job. */
export function cacheNeedsImageReference(image: ResolvedImage): boolean {
  return image.cache.kind === CacheKind.REGISTRY && image.cache.ref === undefined;
}
