import { BuildStrategy, LatestTag, Platform, RefEvent, Registry, TagRule } from '../src';
import { synthWorkflow } from './util';

const ECR = Registry.ecr({ accountId: '123456789012', region: 'eu-west-1', roleToAssume: 'arn:aws:iam::123456789012:role/github-publish' });
const HUB = Registry.dockerHub({ namespace: 'acme' });

function steps(job: any, pattern: RegExp): any[] {
  return job.steps.filter((s: any) => pattern.test(s.name ?? '') || pattern.test(s.uses ?? ''));
}

describe('registries', () => {
  test('Docker Hub logs in with the named secrets and needs no packages permission', () => {
    const { workflow, text } = synthWorkflow({
      registries: [Registry.dockerHub({ namespace: 'acme', usernameSecret: 'HUB_USER', tokenSecret: 'HUB_TOKEN' })],
      images: [{ name: 'api' }],
    });
    const merge = workflow.jobs['merge-api'];
    expect(merge.permissions).toEqual({ contents: 'read' });
    expect(steps(merge, /docker\/login-action/)[0].with).toEqual({
      registry: 'docker.io', username: '${{ secrets.HUB_USER }}', password: '${{ secrets.HUB_TOKEN }}',
    });
    expect(steps(merge, /^Compute tags/)[0].with.images).toBe('docker.io/acme/api');
    expect(text).not.toContain('lowercase image references');
  });

  test('Docker Hub and custom registries have documented default secret names', () => {
    expect(HUB.usernameSecret).toBe('DOCKERHUB_USERNAME');
    expect(HUB.passwordSecret).toBe('DOCKERHUB_TOKEN');
    const custom = Registry.custom({ host: 'registry.example.com' });
    expect([custom.usernameSecret, custom.passwordSecret]).toEqual(['REGISTRY_USERNAME', 'REGISTRY_PASSWORD']);
    expect(custom.imagePath('api')).toBe('registry.example.com/api');
  });

  test('ECR assumes its role through OIDC, and only ECR jobs get id-token: write', () => {
    const { workflow } = synthWorkflow({
      triggers: { tags: ['v*'], pullRequest: true },
      images: [
        { name: 'api', registries: [ECR] },
        { name: 'web' },
        { name: 'cli', strategy: BuildStrategy.EMULATED, registries: [ECR, Registry.ghcr()] },
      ],
    });
    const jobs = workflow.jobs;
    expect(jobs['build-api'].permissions).toEqual({ 'contents': 'read', 'id-token': 'write' });
    expect(jobs['merge-api'].permissions).toEqual({ 'contents': 'read', 'id-token': 'write' });
    expect(jobs['build-web'].permissions).toEqual({ contents: 'read', packages: 'write' });
    expect(jobs['build-cli'].permissions).toEqual({ 'contents': 'read', 'packages': 'write', 'id-token': 'write' });
    for (const id of ['check-api', 'check-web', 'check-cli']) {
      expect(jobs[id].permissions).toEqual({ contents: 'read' });
    }
    const merge = jobs['merge-api'];
    expect(steps(merge, /configure-aws-credentials/)[0].with).toEqual({
      'role-to-assume': 'arn:aws:iam::123456789012:role/github-publish', 'aws-region': 'eu-west-1',
    });
    expect(steps(merge, /amazon-ecr-login/)[0].with).toEqual({ registries: '123456789012' });
    expect(steps(merge, /^Compute tags/)[0].with.images).toBe('123456789012.dkr.ecr.eu-west-1.amazonaws.com/api');
  });

  test('one image, several registries: every leg pushes its digest to each, every registry gets the index', () => {
    const { workflow } = synthWorkflow({
      registries: [Registry.ghcr(), HUB, ECR],
      images: [{ name: 'api', platforms: [Platform.LINUX_AMD64, Platform.LINUX_ARM64] }],
    });
    const build = workflow.jobs['build-api'];
    const names = ['${{ steps.image.outputs.ref0 }}', 'docker.io/acme/api', '123456789012.dkr.ecr.eu-west-1.amazonaws.com/api'];
    expect(steps(build, /^Build and push/)[0].with.outputs).toBe(`type=image,"name=${names.join(',')}",push-by-digest=true,name-canonical=true,push=true`);
    expect(steps(build, /login|credentials/).map(s => s.name)).toEqual([
      'Log in to ghcr.io', 'Log in to docker.io', 'Assume the AWS role for 123456789012.dkr.ecr.eu-west-1.amazonaws.com', 'Log in to 123456789012.dkr.ecr.eu-west-1.amazonaws.com',
    ]);
    const merge = workflow.jobs['merge-api'];
    expect(steps(merge, /^Compute tags/)[0].with.images).toBe(names.join('\n'));
    expect(steps(merge, /^Create the multi-platform index/)[0].env.IMAGE_REPOSITORIES).toBe(names.join(' '));
  });

  test('bad registry options', () => {
    expect(() => Registry.dockerHub({ namespace: 'Acme' })).toThrow(/Registry\.dockerHub: namespace "Acme" is not a Docker Hub user/);
    expect(() => Registry.dockerHub({ namespace: 'acme', tokenSecret: 'GITHUB_TOKEN' })).toThrow(/tokenSecret "GITHUB_TOKEN" is not a secret name/);
    expect(() => Registry.ecr({ accountId: '123', region: 'mars', roleToAssume: 'admin' }))
      .toThrow(/Registry\.ecr: accountId "123" must be a 12-digit AWS account id; region "mars" is not an AWS region.*; roleToAssume "admin" is not an IAM role ARN/);
    expect(() => Registry.custom({ host: 'Registry.Example.com' })).toThrow(/Registry\.custom: host "Registry\.Example\.com" is not a lowercase registry host/);
    expect(() => Registry.custom({ host: 'registry.example.com', passwordSecret: 'my-secret' })).toThrow(/passwordSecret "my-secret" is not a secret name/);
    expect(() => Registry.ecr(undefined as any)).toThrow(/^Registry\.ecr: accountId undefined/);
  });
});

describe('tags, labels and annotations', () => {
  test('flavor, labels and annotations reach metadata-action', () => {
    const { workflow } = synthWorkflow({
      flavor: { latest: LatestTag.NEVER, prefix: 'app-' },
      labels: { 'org.opencontainers.image.vendor': 'Acme' },
      annotations: { 'org.opencontainers.image.description': 'The API' },
      images: [{ name: 'api', labels: { 'org.opencontainers.image.vendor': 'Acme Labs', 'com.acme.tier': 'api' } }],
    });
    const meta = steps(workflow.jobs['merge-api'], /^Compute tags/)[0];
    expect(meta.with.flavor).toBe('latest=false\nprefix=app-');
    expect(meta.with.labels).toBe('org.opencontainers.image.title=api\norg.opencontainers.image.vendor=Acme Labs\ncom.acme.tier=api');
    expect(meta.with.annotations).toBe('org.opencontainers.image.title=api\norg.opencontainers.image.description=The API');
    expect(meta.env).toEqual({ DOCKER_METADATA_ANNOTATIONS_LEVELS: 'index' });
    const buildMeta = steps(workflow.jobs['build-api'], /^Compute tags/)[0];
    expect(buildMeta.env).toEqual({ DOCKER_METADATA_ANNOTATIONS_LEVELS: 'manifest' });
    const build = steps(workflow.jobs['build-api'], /^Build and push/)[0];
    expect(build.with).toMatchObject({ labels: '${{ steps.meta.outputs.labels }}', annotations: '${{ steps.meta.outputs.annotations }}' });
    // The index gets the index-level annotations, through the shared index_arguments function.
    const create = steps(workflow.jobs['merge-api'], /^Create the multi-platform index/)[0];
    expect(create.run).toContain('index_arguments "$repository"');
    const shared = steps(workflow.jobs['merge-api'], /^Write the shared index checks/)[0];
    expect(shared.run).toContain('select(startswith("index:")) | "--annotation", .');
  });

  test('bad flavor, labels and annotations', () => {
    expect(() => synthWorkflow({ flavor: { latest: 'yes' as any }, images: [{ name: 'api' }] })).toThrow(/flavor\.latest "yes" is not allowed; use LatestTag\.AUTO/);
    expect(() => synthWorkflow({ labels: { 'bad key': 'x' }, images: [{ name: 'api' }] })).toThrow(/labels key "bad key" is not allowed/);
    expect(() => synthWorkflow({ images: [{ name: 'api', annotations: { a: 'x\ny' } }] })).toThrow(/images\[0\]\.annotations\.a "x\\ny" must be a string without line breaks/);
  });
});

describe('events', () => {
  const { workflow } = synthWorkflow({
    triggers: { tags: ['v*'], branches: ['main'], pullRequest: true, schedule: ['0 3 * * *'], workflowDispatch: true },
    tags: [TagRule.semver('{{version}}'), TagRule.edge({ branch: 'main' }), TagRule.schedule('nightly'), TagRule.ref(RefEvent.PR)],
    images: [
      { name: 'api', platforms: [Platform.LINUX_AMD64, Platform.LINUX_ARM64, Platform.LINUX_ARM_V7] },
      { name: 'tiny', strategy: BuildStrategy.EMULATED },
    ],
  });

  test('every event renders to on:', () => {
    expect(workflow.on).toEqual({
      push: { tags: ['v*'], branches: ['main'] },
      pull_request: {},
      schedule: [{ cron: '0 3 * * *' }],
      workflow_dispatch: {},
    });
  });

  test('pull requests build every platform natively but never log in or push', () => {
    const check = workflow.jobs['check-api'];
    expect(check.if).toBe("github.event_name == 'pull_request'");
    expect(check.permissions).toEqual({ contents: 'read' });
    expect(check.strategy.matrix.include.map((leg: any) => [leg.platform, leg.runner])).toEqual([
      ['linux/amd64', 'ubuntu-24.04'], ['linux/arm64', 'ubuntu-24.04-arm'], ['linux/arm/v7', 'ubuntu-24.04-arm'],
    ]);
    expect(steps(check, /login|credentials/)).toEqual([]);
    const build = steps(check, /^Build without pushing/)[0];
    expect(build.with.push).toBe(false);
    expect(build.with.outputs).toBeUndefined();
    expect(build.with['cache-to']).toBeUndefined();
    const tiny = workflow.jobs['check-tiny'];
    expect(tiny.permissions).toEqual({ contents: 'read' });
    expect(steps(tiny, /^Build every platform without pushing/)[0].with).toMatchObject({ push: false, platforms: 'linux/amd64,linux/arm64' });
  });

  test('publishing jobs never run for pull requests', () => {
    expect(workflow.jobs['build-api'].if).toBe("github.event_name != 'pull_request'");
    expect(workflow.jobs['build-tiny'].if).toBe("github.event_name != 'pull_request'");
    // The merge needs the build, so it is skipped with it.
    expect(workflow.jobs['merge-api'].needs).toBe('build-api');
  });

  test('runs of one ref queue; only pull-request runs cancel their predecessors', () => {
    expect(workflow.concurrency).toEqual({
      'group': '${{ github.workflow }}-${{ github.ref }}',
      'cancel-in-progress': "${{ github.event_name == 'pull_request' }}",
    });
    const { workflow: tagsOnly } = synthWorkflow({ images: [{ name: 'api' }] });
    expect(tagsOnly.concurrency['cancel-in-progress']).toBe(false);
    expect(tagsOnly.jobs['build-api'].if).toBeUndefined();
  });

  test('pullRequest must be a boolean', () => {
    expect(() => synthWorkflow({ triggers: { pullRequest: 'yes' as any }, images: [{ name: 'api' }] })).toThrow(/triggers\.pullRequest "yes" must be true or false/);
  });
});
