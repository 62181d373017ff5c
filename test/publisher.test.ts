import { Testing } from 'projen';
import * as YAML from 'yaml';
import { BuildStrategy, LatestTag, MultiArchImagePublisher, Platform, RefEvent, Registry, Runner, TagRule } from '../src';
import { seedOptions } from './support/seed-options';
import { newNodeProject, newProject, synthWorkflow } from './util';

/** The build argument that makes BuildKit's Dockerfile checks fail the build (the default). */
const CHECKS = 'BUILDKIT_DOCKERFILE_CHECK=error=true';

/** The seed project's pipeline: a small emulated API image and a large native worker. */
function seedWorkflow() {
  return synthWorkflow({ ...seedOptions({ workflowDispatch: true }), workflowName: 'publish-images', registries: [Registry.ghcr()] });
}

function stepNamed(job: any, name: RegExp): any {
  const step = job.steps.find((s: any) => name.test(s.name ?? ''));
  if (!step) throw new Error(`no step matching ${name} in ${job.name}`);
  return step;
}

describe('the seed pipeline', () => {
  const { workflow, text } = seedWorkflow();

  test('writes the snapshot-reviewed workflow', () => {
    expect(text).toMatchSnapshot();
  });

  test('triggers and workflow-level permissions', () => {
    expect(workflow.on).toEqual({ push: { tags: ['v*'] }, workflow_dispatch: {} });
    expect(workflow.permissions).toEqual({});
    expect(Object.keys(workflow.jobs)).toEqual(['build-qm-nmr-calc-api', 'build-qm-nmr-calc-worker', 'merge-qm-nmr-calc-worker']);
  });

  test('the native matrix carries every static per-platform value', () => {
    const build = workflow.jobs['build-qm-nmr-calc-worker'];
    expect(build['runs-on']).toBe('${{ matrix.runner }}');
    expect(build.strategy['fail-fast']).toBe(false);
    expect(build.strategy.matrix.include).toEqual([
      { 'platform': 'linux/amd64', 'pair': 'linux-amd64', 'runner': 'ubuntu-24.04', 'dockerfile': 'Dockerfile.worker', 'build-args': CHECKS },
      { 'platform': 'linux/arm64', 'pair': 'linux-arm64', 'runner': 'ubuntu-24.04-arm', 'dockerfile': 'Dockerfile.worker.arm64', 'build-args': CHECKS },
    ]);
    // No step computes a platform pair or a runner at run time.
    expect(text).not.toMatch(/\$\{platform\/\//);
  });

  test('each platform is pushed by digest with its own cache scope', () => {
    const build = stepNamed(workflow.jobs['build-qm-nmr-calc-worker'], /^Build and push by digest/);
    expect(build.with.outputs).toBe('type=image,"name=${{ steps.image.outputs.ref0 }}",push-by-digest=true,name-canonical=true,push=true');
    expect(build.with.file).toBe('${{ matrix.dockerfile }}');
    expect(build.with.platforms).toBe('${{ matrix.platform }}');
    expect(build.with['cache-from']).toBe('type=gha,scope=publish-images~qm-nmr-calc-worker~${{ matrix.pair }}');
    expect(build.with['cache-to']).toBe('type=gha,scope=publish-images~qm-nmr-calc-worker~${{ matrix.pair }},mode=max');
  });

  test('digests travel as one artifact per image and platform', () => {
    const upload = stepNamed(workflow.jobs['build-qm-nmr-calc-worker'], /^Upload the digest/);
    expect(upload.with).toEqual({
      'name': 'digests~qm-nmr-calc-worker~${{ matrix.pair }}',
      'path': '${{ runner.temp }}/digests/*',
      'if-no-files-found': 'error',
      'retention-days': 1,
    });
    const merge = workflow.jobs['merge-qm-nmr-calc-worker'];
    expect(merge.needs).toBe('build-qm-nmr-calc-worker');
    expect(stepNamed(merge, /^Download the digests/).with).toEqual({
      'path': '${{ runner.temp }}/digests',
      'pattern': 'digests~qm-nmr-calc-worker~*',
      'merge-multiple': true,
    });
  });

  test('the merge creates, verifies and reports the index', () => {
    const merge = workflow.jobs['merge-qm-nmr-calc-worker'];
    const names = merge.steps.map((s: any) => s.name);
    const create = names.indexOf('Create the multi-platform index');
    const verify = names.indexOf('Verify the published index holds every platform');
    const summary = names.indexOf('Write the job summary');
    expect(create).toBeGreaterThan(0);
    expect(verify).toBeGreaterThan(create);
    expect(summary).toBeGreaterThan(verify);
    expect(merge.steps[create].run).toContain('docker buildx imagetools create');
    expect(merge.steps[verify].env.EXPECTED_PLATFORMS).toBe('linux/amd64 linux/arm64');
    expect(merge.steps[verify].run).toContain('exit 1');
    expect(merge.steps[summary].run).toContain('$GITHUB_STEP_SUMMARY');
    expect(stepNamed(merge, /^Compute tags/).with.tags).toBe('type=semver,pattern={{version}}\ntype=semver,pattern={{major}}.{{minor}}\ntype=raw,value=latest');
  });

  test('the emulated image is one QEMU job that pushes by digest and tags only after checking the plan', () => {
    const job = workflow.jobs['build-qm-nmr-calc-api'];
    expect(job['runs-on']).toBe('ubuntu-24.04');
    expect(stepNamed(job, /QEMU/).with.platforms).toBe('linux/arm64');
    const build = stepNamed(job, /^Build and push every platform by digest/);
    expect(build.with).toMatchObject({
      platforms: 'linux/amd64,linux/arm64',
      file: 'Dockerfile.api',
      outputs: 'type=image,"name=${{ steps.image.outputs.ref0 }}",push-by-digest=true,name-canonical=true,push=true',
    });
    expect(build.with.tags).toBeUndefined();
    expect(build.with.push).toBeUndefined();
    const names = job.steps.map((s: any) => s.name);
    expect(names.slice(names.indexOf('Build and push every platform by digest'))).toEqual([
      'Build and push every platform by digest',
      'Export the digest',
      'Write the shared index checks',
      'Create the multi-platform index',
      'Verify the published index holds every platform',
      'Write the job summary',
    ]);
    expect(stepNamed(job, /^Create the multi-platform index/).env.BUILD_COUNT).toBe('1');
    expect(stepNamed(job, /^Verify/).env.EXPECTED_PLATFORMS).toBe('linux/amd64 linux/arm64');
  });

  test('shared shell is written once per job and sourced by the steps that use it', () => {
    for (const id of ['build-qm-nmr-calc-api', 'merge-qm-nmr-calc-worker']) {
      const steps = workflow.jobs[id].steps.filter((s: any) => s.run !== undefined);
      const definitions = steps.filter((s: any) => /^check_index\(\) \{$/m.test(s.run));
      expect(definitions.map((s: any) => s.name)).toEqual(['Write the shared index checks']);
      const users = steps.filter((s: any) => /\b(check_index|unique_tags|collect_built)\b/.test(s.run) && s.name !== 'Write the shared index checks');
      expect(users.map((s: any) => s.name)).toEqual(expect.arrayContaining(['Create the multi-platform index', 'Verify the published index holds every platform', 'Write the job summary']));
      for (const step of users) expect(step.run).toContain('source "$RUNNER_TEMP/index-checks.sh"');
      // No environment variable shares its name with an array of the scripts.
      for (const step of steps) {
        for (const name of Object.keys(step.env ?? {})) {
          expect(step.run).not.toMatch(new RegExp(`\\b${name.toLowerCase()}=\\(|read -ra ${name.toLowerCase()}\\b`));
        }
      }
    }
  });

  test('least privilege: reads contents, writes packages, nothing else', () => {
    for (const job of Object.values<any>(workflow.jobs)) {
      expect(job.permissions).toEqual({ contents: 'read', packages: 'write' });
    }
  });

  test('checkout never persists credentials and no script interpolates expressions', () => {
    for (const job of Object.values<any>(workflow.jobs)) {
      for (const step of job.steps) {
        if (String(step.uses).startsWith('actions/checkout@')) {
          expect(step.with['persist-credentials']).toBe(false);
        }
        if (step.run !== undefined) {
          expect(step.run).not.toContain('${{');
          expect(step.shell).toBe('bash');
        }
      }
    }
  });

  test('every action is pinned to a full SHA with its version as a comment', () => {
    const uses = text.split('\n').filter(line => /^\s*(- )?uses: /.test(line));
    expect(uses.length).toBeGreaterThan(10);
    for (const line of uses) {
      expect(line).toMatch(/uses: [\w.-]+\/[\w.-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$/);
    }
  });

  test('image references are lowercased at run time for GHCR', () => {
    const step = stepNamed(workflow.jobs['merge-qm-nmr-calc-worker'], /lowercase image references/);
    expect(step.env).toEqual({ REPOSITORY_OWNER: '${{ github.repository_owner }}' });
    expect(step.run).toContain('ghcr.io/${REPOSITORY_OWNER,,}/qm-nmr-calc-worker');
  });
});

describe('options', () => {
  test('a static GHCR namespace needs no run-time step', () => {
    const { workflow } = synthWorkflow({ registries: [Registry.ghcr({ namespace: 'acme' })], images: [{ name: 'api' }] });
    const merge = workflow.jobs['merge-api'];
    expect(merge.steps.some((s: any) => s.id === 'image')).toBe(false);
    expect(stepNamed(merge, /^Compute tags/).with.images).toBe('ghcr.io/acme/api');
  });

  test('defaults: tag triggers, metadata-action default rules, amd64 + arm64 native, context Dockerfile', () => {
    const { workflow } = synthWorkflow({ images: [{ name: 'web', context: 'services/web' }] });
    expect(workflow.on).toEqual({ push: { tags: ['v*'] } });
    const build = workflow.jobs['build-web'];
    expect(build.strategy.matrix.include.map((leg: any) => [leg.platform, leg.runner, leg.dockerfile])).toEqual([
      ['linux/amd64', 'ubuntu-24.04', 'services/web/Dockerfile'],
      ['linux/arm64', 'ubuntu-24.04-arm', 'services/web/Dockerfile'],
    ]);
    expect(stepNamed(build, /^Build and push/).with.context).toBe('services/web');
    expect(stepNamed(build, /^Compute tags/).with.tags).toBe('type=schedule\ntype=ref,event=branch\ntype=ref,event=tag\ntype=ref,event=pr');
  });

  test('per-platform runner, build args and target overrides land in the matrix', () => {
    const { workflow } = synthWorkflow({
      images: [{
        name: 'api',
        buildArgs: { PYTHON: '3.12', MODE: 'release' },
        target: 'runtime',
        platformOverrides: [{
          platform: Platform.LINUX_ARM64,
          runner: Runner.labels('self-hosted', 'arm64'),
          buildArgs: { MODE: 'arm' },
          target: 'runtime-arm',
        }],
      }],
    });
    const build = workflow.jobs['build-api'];
    expect(build.strategy.matrix.include).toEqual([
      { 'platform': 'linux/amd64', 'pair': 'linux-amd64', 'runner': 'ubuntu-24.04', 'dockerfile': 'Dockerfile', 'target': 'runtime', 'build-args': `${CHECKS}\nPYTHON=3.12\nMODE=release` },
      { 'platform': 'linux/arm64', 'pair': 'linux-arm64', 'runner': ['self-hosted', 'arm64'], 'dockerfile': 'Dockerfile', 'target': 'runtime-arm', 'build-args': `${CHECKS}\nPYTHON=3.12\nMODE=arm` },
    ]);
    expect(stepNamed(build, /^Build and push/).with).toMatchObject({ 'target': '${{ matrix.target }}', 'build-args': '${{ matrix.build-args }}' });
  });

  test('BuildKit\'s Dockerfile checks fail the build by default; publisher and image can change that', () => {
    const buildArgs = (options: Parameters<typeof synthWorkflow>[0]) => {
      const { workflow } = synthWorkflow(options);
      return Object.fromEntries(Object.entries<any>(workflow.jobs).filter(([id]) => id.startsWith('build-'))
        .map(([id, job]) => [id, job.strategy?.matrix.include[0]['build-args'] ?? stepNamed(job, /^Build and push/).with['build-args']]));
    };
    expect(buildArgs({ images: [{ name: 'api' }, { name: 'cli', strategy: BuildStrategy.EMULATED }] }))
      .toEqual({ 'build-api': CHECKS, 'build-cli': CHECKS });
    expect(buildArgs({
      dockerfileChecks: { skip: ['JSONArgsRecommended', 'StageNameCasing'] },
      images: [
        { name: 'api' },
        { name: 'legacy', dockerfileChecks: { failOnWarnings: false } },
        { name: 'own', buildArgs: { BUILDKIT_DOCKERFILE_CHECK: 'skip=all' } },
      ],
    })).toEqual({
      'build-api': 'BUILDKIT_DOCKERFILE_CHECK=skip=JSONArgsRecommended,StageNameCasing;error=true',
      'build-legacy': undefined,
      'build-own': 'BUILDKIT_DOCKERFILE_CHECK=skip=all',
    });
  });

  test('QEMU is set up only on the legs that need it', () => {
    const { workflow } = synthWorkflow({
      images: [{ name: 'pi', platforms: [Platform.LINUX_AMD64, Platform.LINUX_ARM64, Platform.LINUX_ARM_V7] }],
    });
    const build = workflow.jobs['build-pi'];
    expect(build.strategy.matrix.include.map((leg: any) => [leg.platform, leg.runner, leg.emulated])).toEqual([
      ['linux/amd64', 'ubuntu-24.04', false],
      ['linux/arm64', 'ubuntu-24.04-arm', false],
      ['linux/arm/v7', 'ubuntu-24.04-arm', true],
    ]);
    const qemu = stepNamed(build, /QEMU/);
    expect(qemu.if).toBe('matrix.emulated');
    expect(qemu.with.platforms).toBe('${{ matrix.platform }}');
  });

  test('triggers render to on:', () => {
    const { workflow } = synthWorkflow({
      triggers: { tags: ['v*', 'release-*'], branches: ['main'], schedule: ['0 3 * * *'], workflowDispatch: true },
      tags: [TagRule.edge(), TagRule.schedule('nightly')],
      images: [{ name: 'api' }],
    });
    expect(workflow.on).toEqual({
      push: { tags: ['v*', 'release-*'], branches: ['main'] },
      schedule: [{ cron: '0 3 * * *' }],
      workflow_dispatch: {},
    });
  });

  test('addImage adds jobs and the workflow is an escape hatch', () => {
    const project = newProject();
    const publisher = new MultiArchImagePublisher(project, { images: [{ name: 'one' }] });
    publisher.addImage({ name: 'two', strategy: BuildStrategy.EMULATED });
    publisher.workflow.addJob('notify', { runsOn: ['ubuntu-24.04'], permissions: {}, needs: ['merge-one'], steps: [{ run: 'echo done' }] });
    const workflow = synthWorkflowFrom(project, publisher);
    expect(Object.keys(workflow.jobs)).toEqual(['build-one', 'merge-one', 'build-two', 'notify']);
  });

  test('works in a projen NodeProject', () => {
    const { workflow } = synthWorkflow({ images: [{ name: 'api' }] }, newNodeProject());
    expect(workflow.jobs['merge-api']).toBeDefined();
  });

  test('tag rules render every metadata-action attribute', () => {
    expect(TagRule.semver('{{version}}', { prefix: 'v', suffix: '-slim', priority: 900, enable: '${{ github.ref_type == \'tag\' }}' }).expression)
      .toBe('type=semver,pattern={{version}},prefix=v,suffix=-slim,priority=900,enable=${{ github.ref_type == \'tag\' }}');
    expect(TagRule.match('v(\\d+)', { group: 1 }).expression).toBe('type=match,pattern=v(\\d+),group=1');
    expect(TagRule.sha({ long: true }).expression).toBe('type=sha,format=long');
    expect(TagRule.edge({ branch: 'develop' }).expression).toBe('type=edge,branch=develop');
    expect(TagRule.pep440('{{major}}').expression).toBe('type=pep440,pattern={{major}}');
    // Commas and quotes are CSV-quoted, as metadata-action parses each line as CSV.
    expect(TagRule.match('v(\\d{1,3})').expression).toBe('type=match,"pattern=v(\\d{1,3})"');
    expect(TagRule.raw('latest', { enable: "${{ github.ref == format('refs/heads/{0}', 'main') }}" }).expression)
      .toBe('type=raw,value=latest,"enable=${{ github.ref == format(\'refs/heads/{0}\', \'main\') }}"');
  });
});

function synthWorkflowFrom(project: any, publisher: MultiArchImagePublisher): any {
  const files = Testing.synth(project);
  return YAML.parse(files[publisher.workflow.file!.path]);
}

describe('representative workflows', () => {
  test('every feature at once: several registries, pull requests, smoke tests, all platforms, custom runners', () => {
    const { text } = synthWorkflow({
      triggers: { tags: ['v*'], branches: ['main'], pullRequest: true, schedule: ['0 3 * * *'], workflowDispatch: true },
      registries: [
        Registry.ghcr(),
        Registry.dockerHub({ namespace: 'acme' }),
        Registry.ecr({ accountId: '123456789012', region: 'eu-west-1', roleToAssume: 'arn:aws:iam::123456789012:role/github-publish' }),
      ],
      tags: [TagRule.semver('{{version}}'), TagRule.edge({ branch: 'main' }), TagRule.schedule('nightly'), TagRule.sha()],
      labels: { 'org.opencontainers.image.vendor': 'Acme' },
      annotations: { 'org.opencontainers.image.description': 'Acme app' },
      platformRunners: [{ platform: Platform.LINUX_ARM64, runner: Runner.labels('arm64-16-core') }],
      images: [
        {
          name: 'app',
          platforms: [
            Platform.LINUX_AMD64, Platform.LINUX_ARM64, Platform.LINUX_ARM_V7, Platform.LINUX_ARM_V6,
            Platform.LINUX_386, Platform.LINUX_PPC64LE, Platform.LINUX_S390X, Platform.LINUX_RISCV64,
          ],
          buildArgs: { VERSION: '1' },
          smokeTest: { args: ['--version'], expectOutput: '^app ' },
          platformOverrides: [{ platform: Platform.LINUX_AMD64, runner: Runner.group('x64-fleet', ['linux']) }],
        },
        { name: 'docs', strategy: BuildStrategy.EMULATED, registries: [Registry.ghcr({ namespace: 'acme' })] },
      ],
    });
    expect(text).toMatchSnapshot();
  });
});

describe('a raw latest rule next to the flavor that already adds latest', () => {
  function warnings(options: Parameters<typeof synthWorkflow>[0]): string[] {
    const project = newProject();
    const warn = jest.spyOn(project.logger, 'warn');
    synthWorkflow(options, project);
    return warn.mock.calls.map(call => String(call[0])).filter(message => message.includes('latest'));
  }
  const semverAndLatest = [TagRule.semver('{{version}}'), TagRule.raw('latest')];

  test('warns at synth, naming the images, with latest=auto (the default) and latest=true', () => {
    const [message] = warnings({ tags: semverAndLatest, images: [{ name: 'api' }, { name: 'web', tags: [TagRule.semver('{{version}}')] }] });
    expect(message).toMatch(/^MultiArchImagePublisher: api: TagRule\.raw\('latest'\) duplicates metadata-action's default flavor latest=auto/);
    expect(warnings({ tags: [TagRule.sha(), TagRule.raw('latest')], flavor: { latest: LatestTag.ALWAYS }, images: [{ name: 'api' }] })).toHaveLength(1);
  });

  test('stays quiet for the recommended form and where nothing is duplicated', () => {
    expect(warnings({ tags: [TagRule.semver('{{version}}')], images: [{ name: 'api' }] })).toEqual([]);
    expect(warnings({ tags: semverAndLatest, flavor: { latest: LatestTag.NEVER }, images: [{ name: 'api' }] })).toEqual([]);
    expect(warnings({ tags: [TagRule.ref(RefEvent.BRANCH), TagRule.raw('latest')], images: [{ name: 'api' }] })).toEqual([]);
  });
});
