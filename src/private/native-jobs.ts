import { Job, JobPermission } from 'projen/lib/github/workflows-model';
import { ACTIONS, uses } from '../actions';
import { buildJobId, cacheScope, digestArtifactPrefix, mergeJobId, PublisherSettings, ResolvedImage } from './model';
import { publishEnv, verifyAndSummarySteps } from './publish-steps';
import { matrixRunsOn, renderRunsOn } from './runs-on';
import { CREATE_INDEX, DIGESTS_DIR, EXPORT_DIGEST } from './scripts';
import { buildxStep, checkoutStep, imageReferences, loginSteps, metadataStep, qemuStep, renderBuildArgs } from './steps';

const PUSH_PERMISSIONS = { contents: JobPermission.READ, packages: JobPermission.WRITE };

/**
 * The native strategy: one matrix leg per platform on its own runner, each
 * pushing by digest, and one merge job that publishes the index.
 */
export function nativeJobs(image: ResolvedImage, settings: PublisherSettings): Record<string, Job> {
  return {
    [buildJobId(image)]: buildJob(image, settings),
    [mergeJobId(image)]: mergeJob(image, settings),
  };
}

function buildJob(image: ResolvedImage, settings: PublisherSettings): Job {
  const refs = imageReferences(image.name, settings.registries);
  // Columns that every leg leaves empty are left out of the matrix and the build.
  const anyEmulated = image.legs.some(leg => leg.platform.emulated);
  const anyTarget = image.legs.some(leg => leg.target !== undefined);
  const anyBuildArgs = image.legs.some(leg => Object.keys(leg.buildArgs).length > 0);
  const runners = matrixRunsOn(image.legs.map(leg => leg.runner));
  const include = image.legs.map((leg, i) => ({
    'platform': leg.platform.value,
    'pair': leg.platform.pair,
    'runner': runners.values[i],
    'dockerfile': leg.dockerfile,
    ...(anyTarget ? { target: leg.target ?? '' } : {}),
    ...(anyBuildArgs ? { 'build-args': renderBuildArgs(leg.buildArgs) } : {}),
    ...(anyEmulated ? { emulated: leg.platform.emulated } : {}),
  })) as any; // projen types matrix values as scalars; runners may be lists or groups
  const scope = cacheScope(image, '${{ matrix.pair }}');
  return {
    name: `Build ${image.name} (\${{ matrix.platform }})`,
    runsOn: [runners.runsOn],
    permissions: PUSH_PERMISSIONS,
    strategy: { failFast: false, matrix: { include } },
    steps: [
      checkoutStep(),
      ...refs.steps,
      metadataStep(refs.names, image.tags),
      ...(anyEmulated ? [qemuStep('${{ matrix.platform }}', 'matrix.emulated')] : []),
      buildxStep(),
      ...loginSteps(settings.registries),
      {
        name: 'Build and push by digest',
        id: 'build',
        uses: uses(ACTIONS.buildPush),
        with: {
          'context': image.context,
          'file': '${{ matrix.dockerfile }}',
          'platforms': '${{ matrix.platform }}',
          'target': anyTarget ? '${{ matrix.target }}' : undefined,
          'build-args': anyBuildArgs ? '${{ matrix.build-args }}' : undefined,
          'labels': '${{ steps.meta.outputs.labels }}',
          'outputs': `type=image,"name=${refs.names.join(',')}",push-by-digest=true,name-canonical=true,push=true`,
          'cache-from': `type=gha,scope=${scope}`,
          'cache-to': `type=gha,mode=max,scope=${scope}`,
        },
      },
      {
        name: 'Export the digest',
        shell: 'bash',
        env: { DIGEST: '${{ steps.build.outputs.digest }}', PLATFORM: '${{ matrix.platform }}' },
        run: EXPORT_DIGEST,
      },
      {
        name: 'Upload the digest',
        uses: uses(ACTIONS.uploadArtifact),
        with: {
          'name': `${digestArtifactPrefix(image)}\${{ matrix.pair }}`,
          'path': `${DIGESTS_DIR}/*`,
          'if-no-files-found': 'error',
          'retention-days': settings.artifactRetentionDays,
        },
      },
    ],
  };
}

function mergeJob(image: ResolvedImage, settings: PublisherSettings): Job {
  const refs = imageReferences(image.name, settings.registries);
  return {
    name: `Publish ${image.name}`,
    needs: [buildJobId(image)],
    ...renderRunsOn(settings.defaultRunner),
    permissions: PUSH_PERMISSIONS,
    steps: [
      {
        name: 'Download the digests of this image',
        uses: uses(ACTIONS.downloadArtifact),
        with: {
          'path': DIGESTS_DIR,
          'pattern': `${digestArtifactPrefix(image)}*`,
          'merge-multiple': true,
        },
      },
      ...refs.steps,
      metadataStep(refs.names, image.tags),
      buildxStep(),
      ...loginSteps(settings.registries),
      {
        name: 'Create the multi-platform index',
        shell: 'bash',
        env: publishEnv(image, refs.names),
        run: CREATE_INDEX,
      },
      ...verifyAndSummarySteps(image, refs.names),
    ],
  };
}
