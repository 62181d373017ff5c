/**
 * Registries decided at run time (`condition`) and user names from
 * repository variables (`usernameVariable`), run end to end in the harness.
 */
import { BuildStrategy, MultiArchImagePublisherOptions, Registry, TagRule } from '../src';
import { describeRun, Events, RunOptions, RunResult, runWorkflow } from './harness';
import { synthWorkflow } from './util';

const HUB = Registry.dockerHub({ namespace: 'acme', usernameVariable: 'DOCKERHUB_USERNAME', condition: "github.event_name != 'schedule'" });
const MIRROR = Registry.custom({ host: 'registry.example.com', namespace: 'team', condition: "vars.PUBLISH_MIRROR == 'true'" });

const OPTIONS: MultiArchImagePublisherOptions = {
  triggers: { tags: ['v*'], schedule: ['0 3 * * *'] },
  registries: [Registry.ghcr(), HUB, MIRROR],
  tags: [TagRule.semver('{{version}}'), TagRule.schedule('nightly')],
  images: [{ name: 'worker' }, { name: 'api', strategy: BuildStrategy.EMULATED }],
};
const workflow = synthWorkflow(OPTIONS).text;

function run(options: RunOptions): RunResult {
  const result = runWorkflow(workflow, { owner: 'Acme-Org', attestations: 'never', vars: { DOCKERHUB_USERNAME: 'acme-bot' }, ...options });
  for (const job of ['build-worker', 'merge-worker', 'build-api']) {
    if (result.jobs[job]?.status !== 'success') throw new Error(`${job}: ${result.jobs[job]?.status}\n\n${describeRun(result)}`);
  }
  return result;
}

function repositories(result: RunResult): string[] {
  return [...new Set(Object.keys(result.registry).map(reference => reference.replace(/[:@].*$/, '')))].sort();
}

describe('a registry whose condition is false', () => {
  let result: RunResult;
  beforeAll(() => {
    result = run({ event: Events.schedule('main', '0 3 * * *') });
  });

  test('is neither logged in to nor pushed to', () => {
    expect([...new Set(result.logins.map(login => login.registry))]).toEqual(['ghcr.io']);
    expect(repositories(result)).toEqual(['ghcr.io/acme-org/api', 'ghcr.io/acme-org/worker']);
    const written = [
      ...result.builds.flatMap(build => [...build.repositories, ...build.tags]),
      ...result.imagetoolsCreates.flatMap(create => [...create.tags, ...create.sources]),
    ];
    expect(written.length).toBeGreaterThan(0);
    for (const reference of written) expect(reference).toMatch(/^ghcr\.io\//);
  });

  test('the other registries get verified indexes of every platform', () => {
    for (const image of ['worker', 'api']) {
      expect([...result.registry[`ghcr.io/acme-org/${image}:nightly`].platforms].sort()).toEqual(['linux/amd64', 'linux/arm64']);
    }
    expect(result.legs.filter(leg => leg.job === 'merge-worker').flatMap(leg => leg.steps)
      .find(step => step.name.startsWith('Verify'))!.stdout).toMatch(/Verified 1 tag\(s\)/);
  });
});

describe('where every condition holds', () => {
  let result: RunResult;
  beforeAll(() => {
    result = run({ event: Events.tagPush('v1.2.3'), vars: { DOCKERHUB_USERNAME: 'acme-bot', PUBLISH_MIRROR: 'true' } });
  });

  test('each registry is logged in to, Docker Hub as the user from the repository variable', () => {
    const logins = new Map(result.logins.map(login => [login.registry, login.username]));
    expect(logins.get('docker.io')).toBe('acme-bot');
    expect([...logins.keys()].sort()).toEqual(['docker.io', 'ghcr.io', 'registry.example.com']);
  });

  test('every registry holds the same verified index', () => {
    expect(repositories(result)).toEqual([
      'docker.io/acme/api', 'docker.io/acme/worker', 'ghcr.io/acme-org/api', 'ghcr.io/acme-org/worker',
      'registry.example.com/team/api', 'registry.example.com/team/worker',
    ]);
    for (const image of ['worker', 'api']) {
      const digests = Object.entries(result.registry).filter(([reference]) => reference.endsWith(`/${image}:1.2.3`)).map(([, entry]) => entry.digest);
      expect(digests).toHaveLength(3);
      expect(new Set(digests).size).toBe(1);
    }
  });
});

test('only the mirror\'s condition false: Docker Hub and GHCR are published', () => {
  const result = run({ event: Events.tagPush('v1.2.3') });
  expect(repositories(result)).toEqual(['docker.io/acme/api', 'docker.io/acme/worker', 'ghcr.io/acme-org/api', 'ghcr.io/acme-org/worker']);
  expect(result.logins.map(login => login.registry)).not.toContain('registry.example.com');
});
