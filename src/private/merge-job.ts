import { Job, JobStep } from 'projen/lib/github/workflows-model';
import { ACTIONS, uses } from '../actions';
import { ImageReferences, imageReferences } from './image-references';
import { publishingJob } from './job-settings';
import { buildJobId, digestArtifactPrefix, mergeJobId, planJobId, PublisherSettings, ResolvedImage } from './model';
import { PUBLISH_OUTPUTS } from './publish-outputs';
import { PublishSource } from './publish-source';
import { createIndexStep, indexChecksStep, planIndexStep, verifyAndSummarySteps } from './publish-steps';
import { renderRunsOn } from './runs-on';
import { DIGESTS_DIR } from './scripts';
import { loginSteps, metadataStep, pushPermissions } from './steps';
import { supplyChainOutputs, supplyChainPermissions, supplyChainSteps } from './supply-chain-steps';

/** Uploads a build's digest for the image's merge job, as `digests~<image>~<suffix>`. */
export function uploadDigestStep(image: ResolvedImage, settings: PublisherSettings, suffix: string): JobStep {
  return {
    name: 'Upload the digest',
    uses: uses(ACTIONS.uploadArtifact),
    with: {
      'name': `${digestArtifactPrefix(image)}${suffix}`,
      'path': `${DIGESTS_DIR}/*`,
      'if-no-files-found': 'error',
      'retention-days': settings.artifactRetentionDays,
    },
  };
}

/**
 * What a job that plans or creates an image's index starts with: only this
 * image's digests, its references and tags, the logins and the shared index
 * checks.
 */
function indexJobSteps(image: ResolvedImage, refs: ImageReferences, source: PublishSource): JobStep[] {
  return [
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
    indexChecksStep(),
  ];
}

/**
 * The job that publishes an image's index from its `buildCount` build
 * digests: it plans and checks the index, creates it under every tag and
 * verifies what the registries hold. It needs only the image's own build;
 * with `publishTogether` the publisher adds every image's checks.
 */
export function mergeJob(image: ResolvedImage, settings: PublisherSettings, source: PublishSource, buildCount: number): Record<string, Job> {
  const refs = imageReferences(image.repository, image.registries);
  return {
    [mergeJobId(image)]: {
      name: `Publish ${image.name}`,
      needs: [buildJobId(image)],
      ...publishingJob(image, settings),
      ...renderRunsOn(settings.defaultRunner),
      permissions: { ...pushPermissions(image.registries), ...supplyChainPermissions(image) },
      outputs: { ...PUBLISH_OUTPUTS, ...supplyChainOutputs(image) },
      steps: [
        ...indexJobSteps(image, refs, source),
        createIndexStep(image, refs.spaces, buildCount),
        ...verifyAndSummarySteps(image, refs.spaces),
        ...supplyChainSteps(image, refs),
      ],
    },
  };
}

/**
 * With `publishTogether`: the job that plans and checks a native image's
 * index after its build, so every merge can wait for every image's checks.
 */
export function planJob(image: ResolvedImage, settings: PublisherSettings, source: PublishSource): Record<string, Job> {
  const refs = imageReferences(image.repository, image.registries);
  return {
    [planJobId(image)]: {
      name: `Check the planned index of ${image.name}`,
      needs: [buildJobId(image)],
      ...publishingJob(image, settings),
      ...renderRunsOn(settings.defaultRunner),
      permissions: pushPermissions(image.registries),
      steps: [
        ...indexJobSteps(image, refs, source),
        planIndexStep(image, refs.spaces, image.legs.length),
      ],
    },
  };
}
