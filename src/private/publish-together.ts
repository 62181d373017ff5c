import { GithubWorkflow } from 'projen/lib/github';
import { Job } from 'projen/lib/github/workflows-model';
import { BuildStrategy } from '../build-strategy';
import { buildJobId, mergeJobId, planJobId, ResolvedImage } from './model';

/**
 * The job after which an image's planned index has been checked: a native
 * image's plan job, an emulated image's single build job.
 */
function checkedJobId(image: ResolvedImage): string {
  return image.strategy === BuildStrategy.EMULATED ? buildJobId(image) : planJobId(image);
}

/**
 * With `publishTogether`, what `image`'s merge job needs: its own build and
 * the check of every image of the workflow, so no tag moves before every
 * image built, passed its smoke tests and has a checked plan.
 */
export function publishTogetherNeeds(image: ResolvedImage, images: ResolvedImage[]): string[] {
  return [...new Set([buildJobId(image), ...images.map(checkedJobId)])];
}

/**
 * Makes each merge job of `workflow` wait for every image's checks; known
 * only once every image is added.
 */
export function publishTogetherIn(workflow: GithubWorkflow, images: ResolvedImage[]): void {
  for (const image of images) {
    const merge = workflow.getJob(mergeJobId(image)) as Job;
    workflow.updateJob(mergeJobId(image), { ...merge, needs: publishTogetherNeeds(image, images) });
  }
}
