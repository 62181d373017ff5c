import { BuildStrategy, Platform, Provenance, Registry, TagRule } from '../../../src';
import { ACTIONS, uses } from '../../../src/actions';
import { Events } from '../act';
import { e2eEnvironment, E2eEnvironment } from '../environment';
import { SCRATCH_DOCKERFILE, SCRATCH_FILES, Scenario, ScenarioOutcome } from '../scenario';
import { digestOf, guarded, loginsByJob, loginUsers, records, same } from './records';
import { BOTH, MIRROR_SECRETS } from './seed';

/** The run's ECR host (scripts/e2e.sh names it 127.0.0.1): account 123456789012, us-east-1. */
export const ECR = Registry.ecr({ accountId: '123456789012', region: 'us-east-1', roleToAssume: 'arn:aws:iam::123456789012:role/publish' });
const SEMVER = [TagRule.semver('{{version}}'), TagRule.semver('{{major}}.{{minor}}')];
export const RELEASE_TAGS = ['1.2', '1.2.3', 'latest'];
const FILES = { ...SCRATCH_FILES, 'hello-arm.txt': 'hello from arm\n', 'Dockerfile': SCRATCH_DOCKERFILE };

/**
 * Docker Hub's user and token as a repository variable/secrets hold them. Read when the run
 * starts (scripts/e2e.sh makes the user), hence getters on the scenarios below.
 */
export function hubSecrets(): Record<string, string> {
  const hub = e2eEnvironment().dockerHub;
  return { DOCKERHUB_USERNAME: hub.user, DOCKERHUB_TOKEN: hub.password };
}

/** `repository -> digest` of one tag in each repository, and a problem unless they are one. */
function oneDigest(outcome: ScenarioOutcome, repositories: string[], tag: string): string[] {
  const digests = repositories.map(repository => digestOf(outcome.reader, `${repository}:${tag}`));
  return new Set(digests).size === 1 ? [] : [`${tag} names different indexes: ${repositories.map((r, i) => `${r}=${digests[i]}`).join(', ')}`];
}

// Registries decided at run time: Docker Hub only off schedule (its user from a repository
// variable), the second registry only when the variable PUBLISH_MIRROR says so.
const conditionalOptions = (env: E2eEnvironment, owner: string) => ({
  triggers: { tags: ['v*'], schedule: ['0 3 * * *'] },
  registries: [
    Registry.ghcr(),
    Registry.dockerHub({ namespace: `${owner}-hub`, usernameVariable: 'DOCKERHUB_USERNAME', condition: "github.event_name != 'schedule'" }),
    Registry.custom({ ...MIRROR_SECRETS, host: env.secondRegistry.host, namespace: owner, condition: "vars.PUBLISH_MIRROR == 'true'" }),
  ],
  tags: [TagRule.semver('{{version}}'), TagRule.schedule('nightly')],
  images: [{ name: 'worker' }, { name: 'api', strategy: BuildStrategy.EMULATED }],
});

export const REGISTRY_SCENARIOS: Scenario[] = [
  {
    // A scheduled run: both conditions false. Neither Docker Hub nor the mirror is logged in
    // to or pushed to; GHCR gets verified indexes of every platform.
    name: 'conditions-false',
    owner: 'Acme-Sched',
    options: env => conditionalOptions(env, 'acme-sched'),
    event: Events.schedule('0 3 * * *'),
    files: FILES,
    get variables() { return { DOCKERHUB_USERNAME: hubSecrets().DOCKERHUB_USERNAME }; },
    get secrets() { return { DOCKERHUB_TOKEN: hubSecrets().DOCKERHUB_TOKEN }; },
    expect: {
      success: true,
      published: env => ['worker', 'api'].map(image => ({ repository: `${env.registry.host}/acme-sched/${image}`, tags: ['nightly'], platforms: BOTH })),
      verify: ({ reader, result }) => [
        ...same('hosts logged in to', [...new Set(Object.values(loginsByJob(result)).flat())], ['ghcr.io']),
        ...['worker', 'api'].flatMap(image => same(`docker.io/acme-sched-hub/${image} tags`, reader.tags(`docker.io/acme-sched-hub/${image}`), [])),
        ...(result.log.match(/Verified 1 tag\(s\): each holds linux\/amd64 linux\/arm64/g)?.length === 2 ? [] : ['the two publishing jobs did not each verify 1 tag']),
      ],
    },
  },
  {
    // A tag push with PUBLISH_MIRROR=true: every registry is logged in to (Docker Hub as the
    // variable's user) and holds the same verified index.
    name: 'conditions-hold',
    owner: 'Acme-Hold',
    options: env => conditionalOptions(env, 'acme-hold'),
    event: Events.tagPush('v1.2.3'),
    files: FILES,
    get variables() { return { DOCKERHUB_USERNAME: hubSecrets().DOCKERHUB_USERNAME, PUBLISH_MIRROR: 'true' }; },
    get secrets() { return { DOCKERHUB_TOKEN: hubSecrets().DOCKERHUB_TOKEN }; },
    expect: {
      success: true,
      published: env => ['worker', 'api'].flatMap(image => [`${env.registry.host}/acme-hold`, 'docker.io/acme-hold-hub', `${env.secondRegistry.host}/acme-hold`]
        .map(path => ({ repository: `${path}/${image}`, tags: ['1.2.3', 'latest'], platforms: BOTH }))),
      verify: guarded(outcome => {
        const { env, result } = outcome;
        const users = loginUsers(result, 'docker.io');
        return [
          ...(users.length > 0 && users.every(user => user === env.dockerHub.user) ? [] : [`Docker Hub logins as [${users}], expected ${env.dockerHub.user}`]),
          ...same('hosts logged in to', [...new Set(Object.values(loginsByJob(result)).flat())].sort(), ['docker.io', 'ghcr.io', env.secondRegistry.host].sort()),
          ...['worker', 'api'].flatMap(image => oneDigest(outcome, [`ghcr.io/acme-hold/${image}`, `docker.io/acme-hold-hub/${image}`, `${env.secondRegistry.host}/acme-hold/${image}`], '1.2.3')),
        ];
      }),
    },
  },
  {
    // GHCR, Docker Hub and ECR at once; a per-image registry list (ECR only) replaces the
    // publisher's. An extra job shows the ECR login needs configure-aws-credentials' session.
    name: 'ghcr-hub-ecr',
    owner: 'Acme-Three',
    options: () => ({
      registries: [Registry.ghcr(), Registry.dockerHub({ namespace: 'acme-three-hub' }), ECR],
      tags: SEMVER,
      images: [
        { name: 'app', platforms: [Platform.LINUX_AMD64, Platform.LINUX_ARM64] },
        { name: 'tool', strategy: BuildStrategy.EMULATED },
        { name: 'private-app', platforms: [Platform.LINUX_AMD64], registries: [ECR] },
      ],
    }),
    customize: publisher => publisher.workflow.addJob('ecr-session', {
      runsOn: ['ubuntu-24.04'],
      permissions: { idToken: 'write' as any },
      steps: [
        { id: 'early', uses: uses(ACTIONS.ecrLogin), continueOnError: true, with: { registries: '123456789012' } },
        { uses: uses(ACTIONS.awsCredentials), with: { 'role-to-assume': 'arn:aws:iam::123456789012:role/publish', 'aws-region': 'us-east-1' } },
        { id: 'ecr', uses: uses(ACTIONS.ecrLogin), with: { registries: '123456789012' } },
        { run: 'test "${{ steps.early.outcome }}" = failure && test "$AWS_REGION" = us-east-1 && test "${{ steps.ecr.outputs.registry }}" = 123456789012.dkr.ecr.us-east-1.amazonaws.com' },
      ],
    }),
    event: Events.tagPush('v1.2.3'),
    files: FILES,
    get secrets() { return hubSecrets(); },
    expect: {
      success: true,
      errors: [/^Could not load credentials from any providers$/],
      published: env => [
        ...['app', 'tool'].flatMap(image => [`${env.registry.host}/acme-three/${image}`, `docker.io/acme-three-hub/${image}`, `${env.ecr.host}/${image}`]
          .map(repository => ({ repository, tags: RELEASE_TAGS, platforms: BOTH }))),
        { repository: `${env.ecr.host}/private-app`, tags: RELEASE_TAGS, platforms: ['linux/amd64'] },
      ],
      verify: guarded(({ env, reader, result }) => {
        const all = ['docker.io', env.ecr.host, 'ghcr.io'].sort();
        const times = (hosts: string[], n: number) => hosts.flatMap(host => Array(n).fill(host)).sort();
        const repositories = (image: string) => [`ghcr.io/acme-three/${image}`, `docker.io/acme-three-hub/${image}`, `${env.ecr.host}/${image}`];
        const images = (repository: string) => reader.manifest(`${repository}:1.2.3`).manifests
          .filter((m: any) => m.platform?.os !== 'unknown').map((m: any) => m.digest).sort();
        const roles = records(result, 'aws-credentials');
        return [
          ...same('ECR host', ECR.host, env.ecr.host),
          // Once per leg, exactly the image's registries; ECR through the ECR login stand-in.
          ...same('logins', loginsByJob(result), {
            'build-app': times(all, 2),
            'build-private-app': [env.ecr.host],
            'build-tool': all,
            'ecr-session': [env.ecr.host],
            'merge-app': all,
            'merge-private-app': [env.ecr.host],
          }),
          // (Docker Hub's user comes from a secret here, masked in the log: conditions-hold reads it.)
          ...same('ECR users', [...new Set(loginUsers(result, env.ecr.host))], ['AWS']),
          // Every job that logs in to ECR assumed the role first.
          ...same('roles assumed per job', roles.map(r => `${r.job} ${r.roleToAssume} ${r.region}`).sort(),
            ['build-app', 'build-app', 'build-private-app', 'build-tool', 'ecr-session', 'merge-app', 'merge-private-app']
              .map(job => `${job} arn:aws:iam::123456789012:role/publish us-east-1`)),
          // Every registry's index holds the same two platform images, one index digest per image.
          ...same('app images per registry', repositories('app').map(images), repositories('app').map(() => images('ghcr.io/acme-three/app'))),
          ...(images('ghcr.io/acme-three/app').length === 2 ? [] : ['the app index does not hold two images']),
          ...['app', 'tool'].flatMap(image => RELEASE_TAGS.flatMap(tag => oneDigest({ env, reader, result }, repositories(image), tag))),
          ...same('ecr-session', result.jobs['ecr-session'], 'success'),
        ];
      }),
    },
  },
  {
    // A pull request with GHCR, Docker Hub and ECR configured, attest and sign on, and no
    // Docker Hub secrets (as from a fork): only the check jobs run, every platform builds,
    // nothing logs in, assumes a role, attests, signs or pushes.
    name: 'pull-request-three-registries',
    owner: 'Acme-Pr3',
    options: () => ({
      triggers: { tags: ['v*'], pullRequest: true },
      registries: [Registry.ghcr(), Registry.dockerHub({ namespace: 'acme-pr3-hub' }), ECR],
      tags: SEMVER,
      provenance: Provenance.MAX,
      attest: true,
      sign: true,
      images: [
        { name: 'pr-app', platforms: [Platform.LINUX_AMD64, Platform.LINUX_ARM64, Platform.LINUX_ARM_V7] },
        { name: 'pr-tool', strategy: BuildStrategy.EMULATED },
      ],
    }),
    event: Events.pullRequest(7),
    files: FILES,
    expect: {
      success: true,
      published: () => [],
      verify: ({ env, reader, result }) => [
        ...same('jobs that ran', Object.keys(result.jobs).filter(job => result.jobs[job] !== 'skipped').sort(), ['check-pr-app', 'check-pr-tool']),
        ...same('check jobs', [result.jobs['check-pr-app'], result.jobs['check-pr-tool']], ['success', 'success']),
        ...same('builds without pushing', result.log.match(/\[command\]docker buildx build .*--platform (linux\/[^ ]+)/g)?.length, 4),
        ...same('logins', loginsByJob(result), {}),
        ...['aws-credentials', 'attest', 'cosign'].flatMap(kind => same(`${kind} records`, records(result, kind), [])),
        ...['pr-app', 'pr-tool'].flatMap(image => [...same(`docker.io/acme-pr3-hub/${image}`, reader.tags(`docker.io/acme-pr3-hub/${image}`), []),
          ...same(`${env.ecr.host}/${image}`, reader.tags(`${env.ecr.host}/${image}`), [])]),
      ],
    },
  },
];
