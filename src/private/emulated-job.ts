import { Job } from 'projen/lib/github/workflows-model';
import { ACTIONS, uses } from '../actions';
import { beforeBuildSteps } from './before-build';
import { featureBuildInputs } from './build-inputs';
import { imageReferences } from './image-references';
import { publishingJob } from './job-settings';
import { buildJobId, PublisherSettings, ResolvedImage } from './model';
import { PUBLISH_OUTPUTS } from './publish-outputs';
import { PublishSource } from './publish-source';
import { foreignPlatforms, verifyAndSummarySteps } from './publish-steps';
import { renderRunsOn } from './runs-on';
import { allPlatformsBuildInputs, buildxStep, checkoutStep, loginSteps, metadataStep, pushPermissions, qemuStep } from './steps';

/**
 * The emulated strategy: one job on an x64 runner builds every platform with
 * QEMU and pushes the tags directly, then verifies the index.
 */
export function emulatedJob(image: ResolvedImage, settings: PublisherSettings, source: PublishSource): Record<string, Job> {
  const refs = imageReferences(image.repository, image.registries);
  const foreign = foreignPlatforms(image, settings.defaultRunner);
  return {
    [buildJobId(image)]: {
      name: `Build and publish ${image.name}`,
      ...publishingJob(image, settings, source),
      ...renderRunsOn(settings.defaultRunner),
      permissions: pushPermissions(image.registries),
      outputs: PUBLISH_OUTPUTS,
      steps: [
        ...source.versionSteps,
        checkoutStep(image.checkout, source.checkoutRef),
        ...refs.steps,
        // buildkit refuses index annotations on a single-platform image.
        metadataStep(refs.lines, image, image.legs.length > 1 ? 'manifest,index' : 'manifest', source),
        ...beforeBuildSteps(image),
        ...(foreign ? [qemuStep(foreign)] : []),
        buildxStep(settings.setupBuildx),
        ...loginSteps(image.registries),
        {
          name: 'Build and push every platform',
          id: 'build',
          uses: uses(ACTIONS.buildPush),
          with: {
            ...allPlatformsBuildInputs(image),
            ...featureBuildInputs(image, { workflowName: settings.workflowName, pair: 'emulated', writes: true, imageRef: refs.first }),
            push: true,
            tags: '${{ steps.meta.outputs.tags }}',
            labels: '${{ steps.meta.outputs.labels }}',
            annotations: '${{ steps.meta.outputs.annotations }}',
          },
        },
        ...verifyAndSummarySteps(image, refs.spaces),
      ],
    },
  };
}
