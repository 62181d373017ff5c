import * as core from '@actions/core';

/**
 * Writes one line `e2e-record <kind> <json>` to the step log: what a stand-in for a
 * service the run cannot reach (AWS, GitHub's attestations API, Sigstore) received,
 * for a scenario's `verify` to read back (test/e2e/scenarios/records.ts).
 */
export function record(kind: string, fields: Record<string, unknown>): void {
  core.info(`e2e-record ${kind} ${JSON.stringify(fields)}`);
}
