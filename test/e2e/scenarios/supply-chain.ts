import { BuildStrategy, MultiArchImagePublisherOptions, Platform, Provenance, Registry, TagRule } from '../../../src';
import { Events } from '../act';
import { SCRATCH_DOCKERFILE, SCRATCH_FILES, Scenario, ScenarioOutcome } from '../scenario';
import { digestOf, guarded, logLines, records, same } from './records';
import { ECR, hubSecrets, RELEASE_TAGS } from './registries';
import { BOTH } from './seed';

const FILES = { ...SCRATCH_FILES, Dockerfile: SCRATCH_DOCKERFILE };
const OIDC_ISSUER = 'https://token.actions.githubusercontent.com';
const DIGEST_REFERENCE = /@sha256:[0-9a-f]{64}$/;

/**
 * Provenance (max, BuildKit's own), attestations and signatures on. Not `sbom`: BuildKit runs
 * its SBOM generator from the image docker.io/docker/buildkit-syft-scanner, which no run can
 * fetch here; and no smoke test (no Docker engine here).
 */
function supplyOptions(registries: Registry[], images: MultiArchImagePublisherOptions['images']): MultiArchImagePublisherOptions {
  return {
    triggers: { tags: ['v*'], pullRequest: true },
    registries,
    tags: [TagRule.semver('{{version}}'), TagRule.semver('{{major}}.{{minor}}')],
    provenance: Provenance.MAX,
    attest: true,
    sign: true,
    images: images ?? [],
  };
}

const API = { name: 'api', strategy: BuildStrategy.EMULATED };
const WORKER = { name: 'worker', platforms: [Platform.LINUX_AMD64, Platform.LINUX_ARM64] };

/** The in-toto predicate types of the attestation manifests in an index (BuildKit's own provenance and SBOM). */
function predicateTypes(outcome: ScenarioOutcome, reference: string): string[] {
  const repository = reference.slice(0, reference.lastIndexOf(':'));
  return outcome.reader.manifest(reference).manifests
    .filter((m: any) => m.annotations?.['vnd.docker.reference.type'] === 'attestation-manifest')
    .flatMap((m: any) => outcome.reader.manifest(`${repository}@${m.digest}`).layers.map((l: any) => l.annotations?.['in-toto.io/predicate-type']))
    .sort();
}

/** Nothing attested or signed, and the failed steps are exactly these. */
function nothingAttested(failedSteps: string[]) {
  return ({ result }: ScenarioOutcome) => [
    ...same('attestations', records(result, 'attest'), []),
    ...same('cosign calls', records(result, 'cosign'), []),
    ...same('failed steps', [...new Set(result.failedSteps)].sort(), failedSteps),
  ];
}

export const SUPPLY_CHAIN_SCENARIOS: Scenario[] = [
  {
    // What is attested and signed is exactly the index each registry holds under every tag,
    // by digest only; the publishing job's outputs and summary carry the verify commands.
    name: 'attest-sign',
    owner: 'Acme-Sign',
    options: () => supplyOptions([Registry.ghcr(), Registry.dockerHub({ namespace: 'acme-sign-hub' }), ECR], [API, WORKER]),
    // A later job reads the publishing job's outputs (act logs each step's summary itself).
    customize: publisher => publisher.workflow.addJob('read-outputs', {
      runsOn: ['ubuntu-24.04'],
      needs: ['merge-worker'],
      permissions: {},
      env: { ATTESTATION: '${{ needs.merge-worker.outputs.attestation-verify-commands }}', SIGNATURE: '${{ needs.merge-worker.outputs.signature-verify-commands }}' },
      steps: [{ run: 'printf \'%s\\n\' "$ATTESTATION" "$SIGNATURE" | sed \'s/^/output /\'' }],
    }),
    event: Events.tagPush('v1.2.3'),
    files: FILES,
    get secrets() { return hubSecrets(); },
    expect: {
      success: true,
      published: env => ['api', 'worker'].flatMap(image => [`${env.registry.host}/acme-sign/${image}`, `docker.io/acme-sign-hub/${image}`, `${env.ecr.host}/${image}`]
        .map(repository => ({ repository, tags: RELEASE_TAGS, platforms: BOTH }))),
      verify: guarded(outcome => {
        const { env, reader, result } = outcome;
        const identity = 'https://github.com/Acme-Sign/attest-sign/.github/workflows/publish-images.yml@refs/tags/v1.2.3';
        const attested = records(result, 'attest');
        const cosign = records(result, 'cosign');
        const signs = cosign.filter(c => c.command === 'sign');
        const problems: string[] = [];
        for (const image of ['api', 'worker']) {
          for (const repository of [`ghcr.io/acme-sign/${image}`, `docker.io/acme-sign-hub/${image}`, `${env.ecr.host}/${image}`]) {
            const digests = [...new Set(RELEASE_TAGS.map(tag => digestOf(reader, `${repository}:${tag}`)))];
            const subject = repository.replace(/^docker\.io\//, 'index.docker.io/');
            problems.push(
              ...same(`${repository}: attested`, attested.filter(a => a.subjectName === subject).map(a => [a.subjectDigest, a.pushToRegistry]), [[digests[0], true]]),
              ...same(`${repository}: signed`, signs.filter(s => s.reference.startsWith(`${repository}@`)).map(s => s.digest), digests),
            );
          }
          problems.push(...same(`${image} attestation manifests`, predicateTypes(outcome, `ghcr.io/acme-sign/${image}:1.2.3`),
            ['https://slsa.dev/provenance/v1', 'https://slsa.dev/provenance/v1']));
        }
        const ghcrDigest = digestOf(reader, 'ghcr.io/acme-sign/worker:1.2.3');
        const lines = logLines(result).map(line => line.msg);
        const summaries = lines.filter(line => line.startsWith('⚙  Summary - '));
        problems.push(
          // Docker Hub under index.docker.io (where the attest action finds its credentials).
          ...same('subjects', attested.map(a => a.subjectName).sort(), [
            `${env.ecr.host}/api`, `${env.ecr.host}/worker`, 'ghcr.io/acme-sign/api', 'ghcr.io/acme-sign/worker', 'index.docker.io/acme-sign-hub/api', 'index.docker.io/acme-sign-hub/worker',
          ]),
          ...same('sign references by digest', signs.map(s => DIGEST_REFERENCE.test(s.reference)), Array(6).fill(true)),
          ...same('verifications', cosign.filter(c => c.command === 'verify').map(c => [c.exitCode, c.identity, c.issuer, DIGEST_REFERENCE.test(c.reference)]),
            Array(6).fill([0, identity, OIDC_ISSUER, true])),
          ...same('sign identities', [...new Set(signs.map(s => s.identity))], [identity]),
          ...[`output gh attestation verify oci://ghcr.io/acme-sign/worker@${ghcrDigest} --owner Acme-Sign`,
            `output cosign verify docker.io/acme-sign-hub/worker@${ghcrDigest} --certificate-identity ${identity} --certificate-oidc-issuer ${OIDC_ISSUER}`].filter(line => !lines.includes(line)).map(line => `no log line "${line}"`),
          ...(summaries.some(summary => summary.includes(`\ngh attestation verify oci://${env.ecr.host}/worker@${ghcrDigest} --owner Acme-Sign\n`)) ? [] : ['no summary with the ECR verify command']),
        );
        return problems;
      }),
    },
  },
  {
    // A pull request: the check jobs run; nothing is attested or signed.
    name: 'attest-sign-pull-request',
    owner: 'Acme-Sign-Pr',
    options: () => supplyOptions([Registry.ghcr(), Registry.dockerHub({ namespace: 'acme-sign-pr-hub' })], [API, WORKER]),
    event: Events.pullRequest(7),
    files: FILES,
    expect: {
      success: true,
      published: () => [],
      verify: outcome => [
        ...nothingAttested([])(outcome),
        ...same('jobs that ran', Object.keys(outcome.result.jobs).filter(job => outcome.result.jobs[job] !== 'skipped').sort(), ['check-api', 'check-worker']),
      ],
    },
  },
  {
    // Provenance on: a published index rewritten (crane) to lose arm64 still fails the
    // verification, and nothing is attested or signed.
    name: 'attest-sign-index-missing-platform',
    owner: 'Acme-Sign-Drop',
    options: () => supplyOptions([Registry.ghcr(), Registry.dockerHub({ namespace: 'acme-sign-drop-hub' })], [API, WORKER]),
    event: Events.tagPush('v1.2.3'),
    files: FILES,
    fault: 'filter-index:linux/amd64',
    get secrets() { return hubSecrets(); },
    expect: {
      success: false,
      errors: [/acme-sign-drop\/worker:1\.2\.3 does not hold linux\/arm64/, /acme-sign-drop\/api:1\.2\.3 does not hold linux\/arm64/],
      published: env => ['api', 'worker'].flatMap(image => [`${env.registry.host}/acme-sign-drop/${image}`, `docker.io/acme-sign-drop-hub/${image}`]
        .map(repository => ({ repository, tags: RELEASE_TAGS, platforms: ['linux/amd64'] }))),
      verify: nothingAttested(['build-api › Verify the published index holds every platform', 'merge-worker › Verify the published index holds every platform']),
    },
  },
  {
    // The emulated path: a build asked for linux/arm64 builds linux/amd64. The planned index
    // lacks arm64, so no tag moves and nothing is attested or signed.
    name: 'attest-sign-wrong-platform',
    owner: 'Acme-Sign-Wrong',
    options: () => supplyOptions([Registry.ghcr(), Registry.dockerHub({ namespace: 'acme-sign-wrong-hub' })], [API]),
    event: Events.tagPush('v1.2.3'),
    files: FILES,
    fault: 'build-platform-in-list:linux/arm64=linux/amd64',
    get secrets() { return hubSecrets(); },
    expect: {
      success: false,
      errors: [/The index planned for ghcr\.io\/acme-sign-wrong\/api does not hold linux\/arm64/],
      published: () => [],
      verify: outcome => [
        ...nothingAttested(['build-api › Create the multi-platform index'])(outcome),
        ...same('docker.io/acme-sign-wrong-hub/api', outcome.reader.tags('docker.io/acme-sign-wrong-hub/api'), []),
      ],
    },
  },
];
