/**
 * `triggers.release`: a published GitHub release publishes its tag exactly as
 * a push of that tag would. The runs are real-component e2e scenarios
 * (test/e2e/scenarios/events.ts: release-published, release-prerelease,
 * release-not-on-tag-push); what act cannot show is checked here on the YAML.
 */
import { synthWorkflow } from './util';

const IMAGES = [{ name: 'app' }];

describe('triggers.release', () => {
  // act plans by event name only and ignores activity types, so that a `created` (or any
  // other) release activity does not run the workflow rests on GitHub honouring this filter.
  test('renders on: release: types: [published], and no push trigger', () => {
    const { workflow } = synthWorkflow({ triggers: { release: true }, images: IMAGES });
    expect(workflow.on).toEqual({ release: { types: ['published'] } });
  });

  test('must be a boolean', () => {
    expect(() => synthWorkflow({ triggers: { release: 'yes' as any }, images: IMAGES })).toThrow(/triggers\.release "yes" must be true or false/);
  });
});
