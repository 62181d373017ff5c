import { PublishSource } from './publish-source';
import { PUBLISHING_EVENTS } from './publish-steps';

/**
 * The triggering event: its commit, its ref for the tags; with pull-request
 * checks in the same workflow, the publishing jobs skip pull requests.
 */
export function eventSource(pullRequests: boolean): PublishSource {
  return {
    needs: [],
    condition: pullRequests ? PUBLISHING_EVENTS : undefined,
    versionSteps: [],
    tagRules: image => image.tags.map(tag => tag.expression),
    flavor: image => image.flavor,
  };
}
