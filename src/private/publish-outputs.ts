import { Job } from 'projen/lib/github/workflows-model';
import { BuildStrategy } from '../build-strategy';
import { buildJobId, mergeJobId, ResolvedImage } from './model';
import { VERIFY_STEP_ID } from './publish-steps';
import { METADATA_STEP_ID } from './steps';

/**
 * The id of the job that publishes an image's tags: the merge job of a
 * native build, the single job of an emulated one.
 */
export function publishJobIdOf(image: ResolvedImage): string {
  return image.strategy === BuildStrategy.EMULATED ? buildJobId(image) : mergeJobId(image);
}

/**
 * What the publishing job hands to jobs that `needs:` it: the verified index
 * digest (the same under every tag), the tags (one per line) and the version
 * metadata-action computed.
 */
export const PUBLISH_OUTPUTS: Job['outputs'] = {
  digest: { stepId: VERIFY_STEP_ID, outputName: 'digest' },
  tags: { stepId: METADATA_STEP_ID, outputName: 'tags' },
  version: { stepId: METADATA_STEP_ID, outputName: 'version' },
};
