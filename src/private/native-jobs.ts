import { Job } from 'projen/lib/github/workflows-model';
import { ACTIONS, uses } from '../actions';
import { beforeBuildSteps } from './before-build';
import { featureBuildInputs } from './build-inputs';
import { imageReferences } from './image-references';
import { matrixStrategy, publishingJob } from './job-settings';
import { legMatrix, matrixBuildInputs } from './matrix';
import { mergeJob, planJob, uploadDigestStep } from './merge-job';
import { buildJobId, PublisherSettings, ResolvedImage } from './model';
import { PublishSource } from './publish-source';
import { exportDigestStep } from './publish-steps';
import { buildxStep, checkoutStep, loginSteps, metadataStep, pushByDigestOutputs, pushPermissions, qemuStep, smokeTestStep } from './steps';
import { attestationBuildInputs } from './supply-chain-steps';

/**
 * The native strategy: one matrix leg per platform on its own runner, each
 * pushing by digest, and one merge job that publishes the index (after a
 * plan job that checks it, with `publishTogether`). `source` says what is
 * built and how it is tagged.
 */
export function nativeJobs(image: ResolvedImage, settings: PublisherSettings, source: PublishSource): Record<string, Job> {
  return {
    [buildJobId(image)]: buildJob(image, settings, source),
    ...(settings.publishTogether ? planJob(image, settings, source) : {}),
    ...mergeJob(image, settings, source, image.legs.length),
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
          outputs: pushByDigestOutputs(refs.commas),
          ...attestationBuildInputs(image),
        },
      },
      ...smokeTestStep(image, `${refs.first}@\${{ steps.build.outputs.digest }}`),
      exportDigestStep('${{ matrix.platform }}'),
      uploadDigestStep(image, settings, '${{ matrix.pair }}'),
    ],
  };
}
