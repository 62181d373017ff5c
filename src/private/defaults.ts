import { RefEvent, TagRule } from '../tags';
import { TriggerOptions } from '../triggers';

/** metadata-action's own defaults, used when no rules are given. */
export const DEFAULT_TAG_RULES: readonly TagRule[] = [
  TagRule.schedule(),
  TagRule.ref(RefEvent.BRANCH),
  TagRule.ref(RefEvent.TAG),
  TagRule.ref(RefEvent.PR),
];

/** What the publisher does when no triggers are given: publish on `v*` tags. */
export const DEFAULT_TRIGGERS: TriggerOptions = { tags: ['v*'] };
