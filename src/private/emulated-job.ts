import { Job } from 'projen/lib/github/workflows-model';
import { ACTIONS, uses } from '../actions';
import { beforeBuildSteps } from './before-build';
import { featureBuildInputs } from './build-inputs';
import { imageReferences } from './image-references';
import { publishingJob } from './job-settings';
import { mergeJob, uploadDigestStep } from './merge-job';
import { buildJobId, PublisherSettings, ResolvedImage } from './model';
import { PUBLISH_OUTPUTS } from './publish-outputs';
import { PublishSource } from './publish-source';
import { createIndexStep, exportDigestStep, foreignPlatforms, indexChecksStep, planIndexStep, verifyAndSummarySteps } from './publish-steps';
import { renderRunsOn } from './runs-on';
import { allPlatformsBuildInputs, buildxStep, checkoutStep, loginSteps, metadataStep, pushByDigestOutputs, pushPermissions, qemuStep, smokeTestStep } from './steps';
import { attestationBuildInputs, supplyChainOutputs, supplyChainPermissions, supplyChainSteps } from './supply-chain-steps';

/**
 * The emulated strategy: one job on an x64 runner builds every platform with
 * QEMU and pushes them by digest; the planned index is checked and only then
 * are tags created, as after a native build. Then it verifies the index.
 * With `publishTogether` the job stops after the check and a merge job
 * creates the tags, once every image of the workflow is checked.
 */
export function emulatedJob(image: ResolvedImage, settings: PublisherSettings, source: PublishSource): Record<string, Job> {
  const refs = imageReferences(image.repository, image.registries);
  const foreign = foreignPlatforms(image, settings.defaultRunner);
  const platforms = image.legs.map(leg => leg.platform.value);
  const builtImage = `${refs.first}@\${{ steps.build.outputs.digest }}`;
  return {
    [buildJobId(image)]: {
      name: `Build and publish ${image.name}`,
      ...publishingJob(image, settings, source),
      ...renderRunsOn(settings.defaultRunner),
      // With publishTogether the merge job publishes, attests and signs.
      permissions: { ...pushPermissions(image.registries), ...(settings.publishTogether ? {} : supplyChainPermissions(image)) },
      outputs: settings.publishTogether ? undefined : { ...PUBLISH_OUTPUTS, ...supplyChainOutputs(image) },
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
          name: 'Build and push every platform by digest',
          id: 'build',
          uses: uses(ACTIONS.buildPush),
          with: {
            ...allPlatformsBuildInputs(image),
            ...featureBuildInputs(image, { workflowName: settings.workflowName, pair: 'emulated', writes: true, imageRef: refs.first }),
            labels: '${{ steps.meta.outputs.labels }}',
            annotations: '${{ steps.meta.outputs.annotations }}',
            outputs: pushByDigestOutputs(refs.commas),
            ...attestationBuildInputs(image),
          },
        },
        // Each platform runs under QEMU where the runner cannot run it natively.
        ...platforms.flatMap(platform => smokeTestStep(image, builtImage, platform, `Smoke-test the ${platform} image`)),
        exportDigestStep(platforms.join(',')),
        indexChecksStep(),
        ...(settings.publishTogether ? [
          // Tags move in the merge job, once every image of the workflow is checked.
          planIndexStep(image, refs.spaces, 1),
          uploadDigestStep(image, settings, 'emulated'),
        ] : [
          createIndexStep(image, refs.spaces, 1),
          ...verifyAndSummarySteps(image, refs.spaces),
          ...supplyChainSteps(image, refs),
        ]),
      ],
    },
    ...(settings.publishTogether ? mergeJob(image, settings, source, 1) : {}),
  };
}
