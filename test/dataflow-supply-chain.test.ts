/**
 * Provenance, SBOM, attestations and signatures, run end to end in the
 * data-flow harness: what is attested and signed is exactly the index the
 * registries hold under every tag, only by digest, only from the publishing
 * job, never on a pull request.
 */
import { BuildStrategy, MultiArchImagePublisherOptions, Platform, Provenance, Registry, TagRule } from '../src';
import { describeRun, Events, failedSteps, Faults, RunOptions, RunResult, runWorkflow } from './harness';
import { synthWorkflow } from './util';

const ECR = Registry.ecr({ accountId: '123456789012', region: 'eu-west-1', roleToAssume: 'arn:aws:iam::123456789012:role/github-publish' });
const OPTIONS: MultiArchImagePublisherOptions = {
  triggers: { tags: ['v*'], pullRequest: true },
  registries: [Registry.ghcr(), Registry.dockerHub({ namespace: 'acme' }), ECR],
  tags: [TagRule.semver('{{version}}'), TagRule.semver('{{major}}.{{minor}}')],
  provenance: Provenance.MAX,
  sbom: true,
  attest: true,
  sign: true,
  images: [
    { name: 'api', strategy: BuildStrategy.EMULATED, smokeTest: { args: ['--version'] } },
    { name: 'worker', platforms: [Platform.LINUX_AMD64, Platform.LINUX_ARM64] },
  ],
};
const workflow = synthWorkflow(OPTIONS);
const OWNER = 'Acme-Org';
const IDENTITY = `https://github.com/${OWNER}/qm-nmr-calc/.github/workflows/publish-images.yml@refs/tags/v1.2.3`;

function run(options: RunOptions = {}, text = workflow.text): RunResult {
  return runWorkflow(text, { event: Events.tagPush('v1.2.3'), owner: OWNER, ...options });
}

function expectConclusion(result: RunResult, conclusion: string): void {
  if (result.conclusion !== conclusion) throw new Error(`expected ${conclusion}\n\n${describeRun(result)}`);
}

/** `host/path` of a repository as the registry stores it (Docker Hub's API host is index.docker.io). */
function repository(name: string): string {
  return name.replace(/^index\.docker\.io\//, 'docker.io/');
}

describe('attest and sign on a tag push (GHCR, Docker Hub, ECR)', () => {
  let result: RunResult;
  beforeAll(() => {
    result = run();
  });

  test('the run succeeds', () => {
    expectConclusion(result, 'success');
  });

  test('for every tag in every registry, the attested and the signed digest is the digest the registry holds', () => {
    const tagged = Object.entries(result.registry);
    expect(tagged).toHaveLength(2 * 3 * 3); // 2 images × 3 registries × (1.2.3, 1.2, latest)
    for (const [ref, entry] of tagged) {
      const repo = ref.slice(0, ref.lastIndexOf(':'));
      const attested = result.attestations.filter(a => repository(a.subjectName) === repo);
      expect(attested.map(a => a.subjectDigest)).toEqual([entry.digest]);
      expect(attested.every(a => a.pushedToRegistry)).toBe(true);
      const signed = result.signatures.filter(s => s.repository === repo);
      expect(signed.map(s => s.digest)).toEqual([entry.digest]);
    }
  });

  test('Docker Hub is attested under index.docker.io, every subject without a tag', () => {
    expect(result.attestations.map(a => a.subjectName).sort()).toEqual([
      '123456789012.dkr.ecr.eu-west-1.amazonaws.com/api', '123456789012.dkr.ecr.eu-west-1.amazonaws.com/worker',
      'ghcr.io/acme-org/api', 'ghcr.io/acme-org/worker',
      'index.docker.io/acme/api', 'index.docker.io/acme/worker',
    ]);
  });

  test('signing receives digest references only, and each signature verifies as this workflow', () => {
    const signs = result.dockerCalls.filter(c => c.argv[0] === '--as-cosign' && c.argv[1] === 'sign');
    expect(signs).toHaveLength(6);
    for (const call of signs) expect(call.argv[call.argv.length - 1]).toMatch(/@sha256:[0-9a-f]{64}$/);
    for (const signature of result.signatures) {
      expect(signature.signedAs).toMatch(/@sha256:[0-9a-f]{64}$/);
      expect(signature.identity).toBe(IDENTITY);
    }
    const verifies = result.dockerCalls.filter(c => c.argv[0] === '--as-cosign' && c.argv[1] === 'verify');
    expect(verifies.map(c => c.exitCode)).toEqual([0, 0, 0, 0, 0, 0]);
  });

  test('only the publishing jobs hold id-token and attestations; build legs only for ECR', () => {
    expect(result.jobs['merge-worker'].permissions).toMatchObject({ 'id-token': 'write', 'attestations': 'write' });
    expect(result.jobs['build-api'].permissions).toMatchObject({ 'id-token': 'write', 'attestations': 'write' });
    expect(result.jobs['build-worker'].permissions.attestations).toBe('none');
    const noEcr = synthWorkflow({ ...OPTIONS, registries: [Registry.ghcr(), Registry.dockerHub({ namespace: 'acme' })] }).workflow;
    expect(noEcr.jobs['build-worker'].permissions).toEqual({ contents: 'read', packages: 'write' });
    expect(noEcr.jobs['check-worker'].permissions).toEqual({ contents: 'read' });
  });

  test("the publishing job's outputs and summary carry the exact verify commands", () => {
    const merge = result.jobs['merge-worker'];
    const digest = result.registry['ghcr.io/acme-org/worker:1.2.3'].digest;
    expect(merge.outputs['attestation-verify-commands'].split('\n')).toContain(`gh attestation verify oci://ghcr.io/acme-org/worker@${digest} --owner ${OWNER}`);
    expect(merge.outputs['signature-verify-commands'].split('\n')).toContain(
      `cosign verify docker.io/acme/worker@${digest} --certificate-identity ${IDENTITY} --certificate-oidc-issuer https://token.actions.githubusercontent.com`);
    const summary = result.summaries.find(s => s.job === 'merge-worker')!.text;
    expect(summary).toContain(`gh attestation verify oci://123456789012.dkr.ecr.eu-west-1.amazonaws.com/worker@${digest} --owner ${OWNER}`);
  });

  test('with provenance on, the published index keeps every platform and its attestation manifests', () => {
    const index = result.registry['ghcr.io/acme-org/worker:1.2.3'];
    expect([...index.platforms].sort()).toEqual(['linux/amd64', 'linux/arm64']);
    expect(index.manifests.filter(m => m.attestation)).toHaveLength(2);
  });
});

describe('what must not be attested or signed', () => {
  test('a pull request attests and signs nothing, and no job that runs has an id-token', () => {
    const result = run({ event: Events.pullRequest(7, 'main') });
    expectConclusion(result, 'success');
    expect(result.attestations).toEqual([]);
    expect(result.signatures).toEqual([]);
    expect(result.oidcRequests).toEqual([]);
    const ran = Object.values(result.jobs).filter(job => job.status !== 'skipped');
    expect(ran.map(job => job.id).sort()).toEqual(['check-api', 'check-worker']);
    for (const job of ran) expect(job.permissions['id-token']).toBe('none');
  });

  test('with provenance on, a published index missing a platform still fails, before anything is attested or signed', () => {
    const result = run({ faults: [Faults.inspectDropsPlatform('linux/arm64')] });
    expectConclusion(result, 'failure');
    expect(new Set(failedSteps(result).map(f => f.step))).toEqual(new Set(['Verify the published index holds every platform']));
    expect(result.attestations).toEqual([]);
    expect(result.signatures).toEqual([]);
  });

  test('the emulated path with a wrong-platform build moves no tag, attests and signs nothing', () => {
    const result = run({ faults: [Faults.buildProducesPlatform('linux/arm64', 'linux/amd64')] });
    const failure = failedSteps(result).find(f => f.job === 'build-api')!;
    // The smoke test runs the arm64 image (under QEMU) by digest and finds amd64: refused before any tag.
    expect(failure.step).toBe('Smoke-test the linux/arm64 image');
    expect(Object.keys(result.registry).filter(ref => ref.includes('/api:'))).toEqual([]);
    expect(result.attestations.filter(a => a.subjectName.endsWith('/api'))).toEqual([]);
    expect(result.signatures.filter(s => s.repository.endsWith('/api'))).toEqual([]);
  });
});
