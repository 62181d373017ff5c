import { buildSecretsInput } from './build-secrets';
import { cacheInputs, CacheSite } from './cache-inputs';
import { ResolvedImage } from './model';

/**
 * What an image's options add to each of its build steps (native legs, the
 * emulated build and pull-request checks alike), beside the Dockerfile,
 * platforms and build arguments every job builder sets itself.
 */
export function featureBuildInputs(image: ResolvedImage, site: CacheSite): Record<string, string | undefined> {
  return {
    secrets: buildSecretsInput(image.buildSecrets),
    ...cacheInputs(image, site),
  };
}
