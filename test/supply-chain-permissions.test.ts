/**
 * The permissions attestations and keyless signing need, read from the generated workflow:
 * GitHub's OIDC token and attestations API cannot run under scripts/e2e.sh (see
 * test/e2e/README.md), so what the jobs may ask for is asserted here.
 */
import { BuildStrategy, MultiArchImagePublisherOptions, Platform, Provenance, Registry } from '../src';
import { synthWorkflow } from './util';

const ECR = Registry.ecr({ accountId: '123456789012', region: 'eu-west-1', roleToAssume: 'arn:aws:iam::123456789012:role/github-publish' });
const OPTIONS: MultiArchImagePublisherOptions = {
  triggers: { tags: ['v*'], pullRequest: true },
  registries: [Registry.ghcr(), Registry.dockerHub({ namespace: 'acme' }), ECR],
  provenance: Provenance.MAX,
  attest: true,
  sign: true,
  images: [
    { name: 'api', strategy: BuildStrategy.EMULATED },
    { name: 'worker', platforms: [Platform.LINUX_AMD64, Platform.LINUX_ARM64] },
  ],
};

test('only the publishing jobs hold attestations: write; build legs get id-token only for ECR', () => {
  const jobs = synthWorkflow(OPTIONS).workflow.jobs;
  // The job that verifies, attests and signs the index: the merge, or the emulated build.
  for (const id of ['merge-worker', 'build-api']) {
    expect(jobs[id].permissions).toEqual({ 'contents': 'read', 'packages': 'write', 'id-token': 'write', 'attestations': 'write' });
  }
  expect(jobs['build-worker'].permissions).toEqual({ 'contents': 'read', 'packages': 'write', 'id-token': 'write' });
  for (const id of ['check-api', 'check-worker']) expect(jobs[id].permissions).toEqual({ contents: 'read' });

  const noEcr = synthWorkflow({ ...OPTIONS, registries: [Registry.ghcr(), Registry.dockerHub({ namespace: 'acme' })] }).workflow.jobs;
  expect(noEcr['build-worker'].permissions).toEqual({ contents: 'read', packages: 'write' });
  expect(noEcr['merge-worker'].permissions).toEqual({ 'contents': 'read', 'packages': 'write', 'id-token': 'write', 'attestations': 'write' });
});
