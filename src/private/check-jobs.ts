import { Job, JobPermission } from 'projen/lib/github/workflows-model';
import { ACTIONS, uses } from '../actions';
import { BuildStrategy } from '../build-strategy';
import { beforeBuildSteps } from './before-build';
import { featureBuildInputs } from './build-inputs';
import { cacheNeedsImageReference } from './cache-inputs';
import { eventSource } from './event-source';
import { imageReferences } from './image-references';
import { matrixStrategy } from './job-settings';
import { legMatrix, matrixBuildInputs } from './matrix';
import { checkJobId, PublisherSettings, ResolvedImage } from './model';
import { foreignPlatforms } from './publish-steps';
import { renderRunsOn } from './runs-on';
import { allPlatformsBuildInputs, buildxStep, checkoutStep, metadataStep, qemuStep, smokeTestStep } from './steps';

/** The tag of a pull request's locally loaded image; it never leaves the runner. */
const LOCAL_TAG = (image: ResolvedImage) => `${image.name}:pr-check`;

/** Pull requests: the job runs for them and only for them. */
export const PULL_REQUEST_EVENT = "github.event_name == 'pull_request'";

/**
 * Pull-request builds: every platform of the image is built the way a
 * publish would build it (native legs, or one QEMU build), but nothing logs
 * in and nothing is pushed, so the job only needs to read the repository.
 */
export function checkJob(image: ResolvedImage, settings: PublisherSettings): Record<string, Job> {
  const permissions = { contents: JobPermission.READ };
  // A registry cache is read from the image's repository, which may need computing.
  const refs = imageReferences(image.repository, image.registries);
  const common = [
    checkoutStep(image.checkout),
    ...(cacheNeedsImageReference(image) ? refs.steps : []),
    metadataStep(image.name, image, 'manifest', eventSource(true)),
    ...beforeBuildSteps(image),
  ];
  const cache = (pair: string) => ({ workflowName: settings.workflowName, pair, writes: false, imageRef: refs.first });
  if (image.strategy === BuildStrategy.EMULATED) {
    const foreign = foreignPlatforms(image, settings.defaultRunner);
    return {
      [checkJobId(image)]: {
        name: `Check ${image.name} builds (no push)`,
        if: PULL_REQUEST_EVENT,
        timeoutMinutes: image.timeoutMinutes,
        ...renderRunsOn(settings.defaultRunner),
        permissions,
        steps: [
          ...common,
          ...(foreign ? [qemuStep(foreign)] : []),
          buildxStep(settings.setupBuildx),
          {
            name: 'Build every platform without pushing',
            uses: uses(ACTIONS.buildPush),
            with: {
              ...allPlatformsBuildInputs(image),
              ...featureBuildInputs(image, cache('emulated')),
              labels: '${{ steps.meta.outputs.labels }}',
              push: false,
            },
          },
        ],
      },
    };
  }
  const legs = legMatrix(image);
  return {
    [checkJobId(image)]: {
      name: `Check ${image.name} builds (\${{ matrix.platform }}, no push)`,
      if: PULL_REQUEST_EVENT,
      timeoutMinutes: image.timeoutMinutes,
      runsOn: [legs.runsOn],
      permissions,
      strategy: matrixStrategy(image, legs.matrix),
      steps: [
        ...common,
        ...(legs.hasEmulatedLegs ? [qemuStep('${{ matrix.platform }}', 'matrix.emulated')] : []),
        buildxStep(settings.setupBuildx),
        {
          name: 'Build without pushing',
          uses: uses(ACTIONS.buildPush),
          with: {
            ...matrixBuildInputs(image, legs),
            ...featureBuildInputs(image, cache('${{ matrix.pair }}')),
            labels: '${{ steps.meta.outputs.labels }}',
            push: false,
            // A smoke test runs the image from the local Docker engine.
            load: image.smokeTest ? true : undefined,
            tags: image.smokeTest ? LOCAL_TAG(image) : undefined,
          },
        },
        ...smokeTestStep(image, LOCAL_TAG(image)),
      ],
    },
  };
}
