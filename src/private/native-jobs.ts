import { Job } from 'projen/lib/github/workflows-model';
import { ACTIONS, uses } from '../actions';
import { beforeBuildSteps } from './before-build';
import { featureBuildInputs } from './build-inputs';
import { imageReferences } from './image-references';
import { matrixStrategy, publishingJob } from './job-settings';
import { legMatrix, matrixBuildInputs } from './matrix';
import { buildJobId, digestArtifactPrefix, mergeJobId, PublisherSettings, ResolvedImage } from './model';
import { PUBLISH_OUTPUTS } from './publish-outputs';
import { PublishSource } from './publish-source';
import { publishEnv, verifyAndSummarySteps } from './publish-steps';
import { renderRunsOn } from './runs-on';
import { CREATE_INDEX, DIGESTS_DIR, EXPORT_DIGEST } from './scripts';
import { buildxStep, checkoutStep, loginSteps, metadataStep, pushPermissions, qemuStep, smokeTestStep } from './steps';

/**
 * The native strategy: one matrix leg per platform on its own runner, each
 * pushing by digest, and one merge job that publishes the index. `source`
 * says what is built and how it is tagged.
 */
export function nativeJobs(image: ResolvedImage, settings: PublisherSettings, source: PublishSource): Record<string, Job> {
  return {
    [buildJobId(image)]: buildJob(image, settings, source),
    [mergeJobId(image)]: mergeJob(image, settings, source),
  };
}

function buildJob(image: ResolvedImage, settings: PublisherSettings, source: PublishSource): Job {
  const refs = imageReferences(image.repository, image.registries);
  const legs = legMatrix(image);
  return {
    name: `Build ${image.name} (\${{ matrix.platform }})`,
    ...publishingJob(image, settings, source),
    runsOn: [legs.runsOn],
    permissions: pushPermissions(image.registries),
    strategy: matrixStrategy(image, legs.matrix),
    steps: [
      ...source.versionSteps,
      checkoutStep(image.checkout, source.checkoutRef),
      ...refs.steps,
      metadataStep(refs.lines, image, 'manifest', source),
      ...beforeBuildSteps(image),
      ...(legs.hasEmulatedLegs ? [qemuStep('${{ matrix.platform }}', 'matrix.emulated')] : []),
      buildxStep(settings.setupBuildx),
      ...loginSteps(image.registries),
      {
        name: 'Build and push by digest',
        id: 'build',
        uses: uses(ACTIONS.buildPush),
        with: {
          ...matrixBuildInputs(image, legs),
          ...featureBuildInputs(image, { workflowName: settings.workflowName, pair: '${{ matrix.pair }}', writes: true, imageRef: refs.first }),
          labels: '${{ steps.meta.outputs.labels }}',
          annotations: '${{ steps.meta.outputs.annotations }}',
          outputs: `type=image,"name=${refs.commas}",push-by-digest=true,name-canonical=true,push=true`,
        },
      },
      ...smokeTestStep(image, `${refs.first}@\${{ steps.build.outputs.digest }}`),
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

function mergeJob(image: ResolvedImage, settings: PublisherSettings, source: PublishSource): Job {
  const refs = imageReferences(image.repository, image.registries);
  return {
    name: `Publish ${image.name}`,
    needs: [buildJobId(image)],
    ...publishingJob(image, settings),
    ...renderRunsOn(settings.defaultRunner),
    permissions: pushPermissions(image.registries),
    outputs: PUBLISH_OUTPUTS,
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
      ...source.versionSteps,
      ...refs.steps,
      metadataStep(refs.lines, image, 'index', source),
      // No builder: `docker buildx imagetools` works with the runner's own buildx.
      ...loginSteps(image.registries),
      {
        name: 'Create the multi-platform index',
        shell: 'bash',
        env: publishEnv(image, refs.spaces),
        run: CREATE_INDEX,
      },
      ...verifyAndSummarySteps(image, refs.spaces),
    ],
  };
}
