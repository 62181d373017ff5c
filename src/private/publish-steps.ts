import { JobStep } from 'projen/lib/github/workflows-model';
import { HostArchitecture } from '../platform';
import { Runner } from '../runner';
import { ResolvedImage } from './model';
import { CREATE_INDEX, EXPORT_DIGEST, PLAN_INDEX, VERIFY_INDEX, WRITE_INDEX_CHECKS, WRITE_SUMMARY } from './scripts';
import { METADATA_STEP_ID } from './steps';

/** Every event but a pull request publishes. */
export const PUBLISHING_EVENTS = "github.event_name != 'pull_request'";

/**
 * The platforms a single-job build must emulate on `runner` (taken to be x64
 * when its architecture is unknown), as setup-qemu-action wants them
 * (comma-separated); empty when none.
 */
export function foreignPlatforms(image: ResolvedImage, runner: Runner): string {
  const host = runner.architecture ?? HostArchitecture.X64;
  return image.legs
    .map(leg => leg.platform)
    .filter(platform => platform.emulated || platform.host !== host)
    .map(platform => platform.value)
    .join(',');
}

/** The step that verifies the published index; its `digest` output is the index digest. */
export const VERIFY_STEP_ID = 'verify';

const METADATA_JSON = `\${{ steps.${METADATA_STEP_ID}.outputs.json }}`;

/** Environment every publishing script reads. */
export function publishEnv(image: ResolvedImage, images: string): Record<string, string> {
  return {
    IMAGE_REPOSITORIES: images,
    EXPECTED_PLATFORMS: image.legs.map(leg => leg.platform.value).join(' '),
    METADATA_JSON,
  };
}

/**
 * Writes the shell functions the create, verify and summary steps share; it
 * comes before the first of them in a job.
 */
export function indexChecksStep(): JobStep {
  return { name: 'Write the shared index checks', shell: 'bash', run: WRITE_INDEX_CHECKS };
}

/**
 * Records the build's digest as a file in `$RUNNER_TEMP/digests`, where the
 * create and verify scripts read the digests of every build of the image.
 */
export function exportDigestStep(platforms: string): JobStep {
  return {
    name: 'Export the digest',
    shell: 'bash',
    env: { DIGEST: '${{ steps.build.outputs.digest }}', PLATFORM: platforms },
    run: EXPORT_DIGEST,
  };
}

/**
 * Plans the index from the `buildCount` digests in `$RUNNER_TEMP/digests`,
 * checks the plan and only then creates it under every tag.
 */
export function createIndexStep(image: ResolvedImage, images: string, buildCount: number): JobStep {
  return indexStep('Create the multi-platform index', CREATE_INDEX, image, images, buildCount);
}

/** Plans and checks the index like `createIndexStep`, creating nothing. */
export function planIndexStep(image: ResolvedImage, images: string, buildCount: number): JobStep {
  return indexStep('Check the planned multi-platform index', PLAN_INDEX, image, images, buildCount);
}

/** A step that runs one of the index scripts on this image's `buildCount` digests. */
function indexStep(name: string, run: string, image: ResolvedImage, images: string, buildCount: number): JobStep {
  return {
    name,
    shell: 'bash',
    env: { ...publishEnv(image, images), BUILD_COUNT: String(buildCount) },
    run,
  };
}

/** The steps that prove what was published, then report it. */
export function verifyAndSummarySteps(image: ResolvedImage, images: string): JobStep[] {
  const env = publishEnv(image, images);
  return [
    {
      name: 'Verify the published index holds every platform',
      id: VERIFY_STEP_ID,
      shell: 'bash',
      env,
      run: VERIFY_INDEX,
    },
    {
      name: 'Write the job summary',
      shell: 'bash',
      env: {
        IMAGE_NAME: image.name,
        METADATA_JSON,
        VERSION: `\${{ steps.${METADATA_STEP_ID}.outputs.version }}`,
        INDEX_DIGEST: `\${{ steps.${VERIFY_STEP_ID}.outputs.digest }}`,
      },
      run: WRITE_SUMMARY,
    },
  ];
}
