import { WorkflowDispatchOptions } from 'projen/lib/github/workflows-model';
import { TriggerOptions } from '../triggers';
import { Problems } from './problems';
import { REPUBLISH_INPUT } from './release-source';

/** With projenRelease, a manual run publishes one release again, named by its Git tag. */
export const REPUBLISH_TRIGGER: WorkflowDispatchOptions = {
  inputs: {
    [REPUBLISH_INPUT]: {
      description: 'The release to publish again: its Git tag, e.g. v1.4.0 (latest does not move)',
      required: true,
      type: 'string',
    },
  },
};

/**
 * projen's release workflows publish every new version; a workflow of the
 * publisher's own only checks pull requests and republishes by hand.
 */
export function checkProjenReleaseTriggers(problems: Problems, triggers: TriggerOptions): void {
  if (typeof triggers !== 'object' || triggers === null) return;
  const others = (['tags', 'branches', 'schedule', 'release'] as const).filter(key => triggers[key] !== undefined);
  if (others.length) {
    problems.add(`triggers.${others.join(', triggers.')} cannot be used with projenRelease: true, which publishes each version projen releases; with it, triggers may only set pullRequest (checks) and workflowDispatch (republish a release); publish on other events with a second MultiArchImagePublisher with its own workflowName`);
  }
}
