/**
 * The workflow texts compare-baseline.ts runs under act: the seed's
 * hand-written file (test/fixtures/seed-workflow.yml, read, never changed on
 * disk) and the library's equivalent, each as it is and with the change a
 * case needs (provenance off, a second per-platform image).
 */
import * as YAML from 'yaml';
import { seedOptions } from './seed-options';
import { MultiArchImagePublisherOptions, Provenance } from '../../src';
import { synthWorkflow } from '../util';

/**
 * On GitHub every job has a machine, and so a `/tmp/digests`, of its own;
 * under act every job runs on this one host, where the seed's legs and its
 * merge would share (and keep, run after run) one `/tmp/digests`. Each job's
 * own `runner.temp` (act makes one per job) stands in for that per-machine
 * directory; nothing else of the seed's text changes.
 */
export function seedUnderAct(seedText: string): string {
  return seedText.replace(/\/tmp\/digests/g, '${{ runner.temp }}/digests');
}

/** `provenance: false` on every build-push-action step (what a user adds by hand). */
export function seedWithoutProvenance(text: string): string {
  const doc = YAML.parseDocument(text);
  for (const job of (doc.get('jobs') as YAML.YAMLMap).items) {
    const steps = (job.value as YAML.YAMLMap).get('steps') as YAML.YAMLSeq<YAML.YAMLMap>;
    for (const step of steps.items) {
      if (String(step.get('uses') ?? '').startsWith('docker/build-push-action@')) step.setIn(['with', 'provenance'], false);
    }
  }
  return doc.toString({ lineWidth: 0 });
}

/** The second per-platform image the download cases add (its own repository, artifacts and jobs). */
export const SECOND_IMAGE = 'qm-nmr-calc-cli';

/**
 * The seed with a second per-platform image, as a user copies the worker's
 * two jobs for it: its own image variable, artifact names `digests-cli-<pair>`
 * (the copy's upload would clash with the worker's otherwise) and its own
 * download pattern. The worker's merge keeps its `digests-*`.
 */
export function seedWithSecondImage(text: string): string {
  const doc = YAML.parseDocument(text);
  doc.setIn(['env', 'CLI_IMAGE'], `ghcr.io/\${{ github.repository_owner }}/${SECOND_IMAGE}`);
  const copy = (job: string) => {
    const node = (doc.getIn(['jobs', job]) as YAML.YAMLMap).clone() as YAML.YAMLMap;
    YAML.visit(node, {
      Scalar: (_key, scalar) => {
        if (typeof scalar.value !== 'string') return;
        scalar.value = scalar.value.replace(/WORKER_IMAGE/g, 'CLI_IMAGE').replace(/^digests-/, 'digests-cli-')
          .replace(/scope=worker-/g, 'scope=cli-').replace(/^build-worker$/, 'build-cli');
      },
    });
    return node;
  };
  doc.setIn(['jobs', 'build-cli'], copy('build-worker'));
  doc.setIn(['jobs', 'merge-cli'], copy('merge-worker'));
  return doc.toString({ lineWidth: 0 });
}

/** The library's workflow for the seed's configuration, with some options changed. */
export function libraryText(changes: Partial<MultiArchImagePublisherOptions> = {}): string {
  return synthWorkflow({ ...seedOptions(), ...changes }).text;
}

export const LIBRARY_WITHOUT_PROVENANCE: Partial<MultiArchImagePublisherOptions> = { provenance: Provenance.OFF };

/** The library's equivalent of the seed's second image: one more image on native runners. */
export function libraryWithSecondImage(): Partial<MultiArchImagePublisherOptions> {
  return { images: [...seedOptions().images ?? [], { name: SECOND_IMAGE, dockerfile: 'Dockerfile.worker' }] };
}
