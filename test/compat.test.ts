import * as fs from 'fs';
import { CHANGES_FILE, fingerprint, goldenPath, RECORD_COMMAND, recordedFingerprints, synthConsumer, withoutPins } from './compat/compat';
import { RECORDED_CONSUMERS } from './compat/consumers';

/** The first line where two texts differ, for a readable failure. */
function firstDifference(golden: string, current: string): string {
  const a = golden.split('\n');
  const b = current.split('\n');
  const i = a.findIndex((line, n) => line !== b[n]);
  const at = i === -1 ? a.length : i;
  return `line ${at + 1}:\n  recorded: ${JSON.stringify(a[at])}\n  now:      ${JSON.stringify(b[at])}`;
}

/**
 * Upgrading is `npm install projen-multiarch-publisher@latest` and `npx projen`:
 * for every recorded consumer configuration, the workflow the library writes
 * now may differ from the recorded one only in action pins, or by a change
 * documented in docs/workflow-changes.md (which records the goldens it produced).
 */
describe('compatibility: recorded consumers keep their workflow across versions', () => {
  const names = Object.keys(RECORDED_CONSUMERS);
  const goldens = Object.fromEntries(names.map(name => [name, fs.existsSync(goldenPath(name)) ? fs.readFileSync(goldenPath(name), 'utf-8') : '']));

  test.each(names)('%s: only pins differ from the recorded workflow', name => {
    const current = withoutPins(synthConsumer(name));
    const golden = withoutPins(goldens[name]);
    if (current !== golden) {
      throw new Error(`The workflow of recorded consumer "${name}" changed beyond action pins (${firstDifference(golden, current)}).\n`
        + `Users upgrading would get this change. If it is intended, document it and record the new workflows:\n  ${RECORD_COMMAND}`);
    }
  });

  test('every recorded workflow was recorded together with a documented change', () => {
    const recorded = recordedFingerprints();
    expect(recorded.length).toBeGreaterThan(0);
    // Editing a golden by hand (or regenerating it without documenting why) fails here.
    expect(`${CHANGES_FILE} ends with goldens ${recorded[recorded.length - 1]}`).toBe(`${CHANGES_FILE} ends with goldens ${fingerprint(goldens)}`);
  });

  test('pins are all that the comparison ignores', () => {
    const pinned = 'steps:\n      - uses: docker/build-push-action@53b7df96c91f9c12dcc8a07bcb9ccacbed38856a # v7.3.0\n';
    const bumped = 'steps:\n      - uses: docker/build-push-action@0000000000000000000000000000000000000000 # v7.4.0\n';
    expect(withoutPins(pinned)).toBe(withoutPins(bumped));
    expect(withoutPins(pinned)).not.toBe(withoutPins(bumped.replace('build-push-action', 'bake-action')));
    expect(withoutPins(pinned)).not.toBe(withoutPins(`${pinned}        with:\n          push: true\n`));
  });
});
