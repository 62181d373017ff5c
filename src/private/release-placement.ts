import { Project } from 'projen';
import { GithubWorkflow } from 'projen/lib/github';
import { PublisherSettings, ResolvedImage } from './model';
import { pipelineJobs } from './pipeline';
import { findProjenRelease, movesLatest } from './projen-release';
import { projenReleaseSource, republishSource } from './release-source';
import { addWorkflowComments, recordGranted } from './workflow-comments';

/**
 * Adds every image's publishing jobs to each of projen's release workflows
 * (one per release branch), and the republishing jobs to `republishIn` when
 * given. Returns the release workflows.
 */
export function placeInProjenRelease(
  project: Project,
  images: ResolvedImage[],
  settings: PublisherSettings,
  republishIn?: GithubWorkflow,
  republishGranted?: Map<string, Set<string>>,
): GithubWorkflow[] {
  const release = findProjenRelease(project);
  for (const branch of release.branches) {
    const latest = movesLatest(branch, release.branches);
    const source = projenReleaseSource(release, latest);
    const ids: string[] = [];
    const granted = new Map<string, Set<string>>();
    for (const image of images) {
      if (source.tagRules(image).length === 0) {
        throw new Error(`MultiArchImagePublisher: no tag rule of image "${image.name}" gives a tag to a version released from branch "${branch.name}" (${latest ? '' : '`latest` does not move there; '}branch, edge, schedule and pull-request rules never apply to a release); add e.g. TagRule.semver('{{version}}')`);
      }
      const jobs = pipelineJobs(image, settings, source);
      for (const id of Object.keys(jobs)) {
        if (branch.workflow.getJob(id) !== undefined) {
          throw new Error(`MultiArchImagePublisher: projen's release workflow "${branch.workflow.name}" already has a job "${id}"; rename image "${image.name}"`);
        }
      }
      branch.workflow.addJobs(jobs);
      recordGranted(granted, jobs);
      ids.push(...Object.keys(jobs));
    }
    addWorkflowComments(branch.workflow.file!, () => granted, ids);
  }
  if (republishIn) {
    const source = republishSource(release.branches, settings.pullRequests);
    for (const image of images) {
      if (source.tagRules(image).length === 0) {
        throw new Error(`MultiArchImagePublisher: no tag rule of image "${image.name}" gives a tag to a republished version (\`latest\` never moves there); add e.g. TagRule.semver('{{version}}')`);
      }
      const jobs = pipelineJobs(image, settings, source);
      republishIn.addJobs(jobs);
      if (republishGranted) recordGranted(republishGranted, jobs);
    }
  }
  return release.branches.map(branch => branch.workflow);
}
