import { BuildStrategy, MultiArchImagePublisher, Platform, Runner } from '../src';
import { newProject, synthWorkflow } from './util';

const ALL = [
  Platform.LINUX_AMD64, Platform.LINUX_ARM64, Platform.LINUX_ARM_V7, Platform.LINUX_ARM_V6,
  Platform.LINUX_386, Platform.LINUX_PPC64LE, Platform.LINUX_S390X, Platform.LINUX_RISCV64,
];

function legs(job: any): Array<[string, unknown, boolean]> {
  return job.strategy.matrix.include.map((leg: any) => [leg.platform, leg.runner, leg.emulated]);
}

function stepNames(job: any): string[] {
  return job.steps.map((step: any) => step.name);
}

describe('every platform on its best runner', () => {
  test('defaults: native where GitHub has a runner, QEMU only on the legs that need it', () => {
    const { workflow } = synthWorkflow({ images: [{ name: 'all', platforms: ALL }] });
    expect(legs(workflow.jobs['build-all'])).toEqual([
      ['linux/amd64', 'ubuntu-24.04', false],
      ['linux/arm64', 'ubuntu-24.04-arm', false],
      ['linux/arm/v7', 'ubuntu-24.04-arm', true],
      ['linux/arm/v6', 'ubuntu-24.04-arm', true],
      ['linux/386', 'ubuntu-24.04', false],
      ['linux/ppc64le', 'ubuntu-24.04', true],
      ['linux/s390x', 'ubuntu-24.04', true],
      ['linux/riscv64', 'ubuntu-24.04', true],
    ]);
    const qemu = workflow.jobs['build-all'].steps.find((s: any) => s.name === 'Set up QEMU');
    expect(qemu.if).toBe('matrix.emulated');
    expect(qemu.with.platforms).toBe('${{ matrix.platform }}');
  });

  test('no QEMU step at all when every leg is native', () => {
    const { workflow } = synthWorkflow({ images: [{ name: 'app', platforms: [Platform.LINUX_AMD64, Platform.LINUX_ARM64, Platform.LINUX_386] }] });
    expect(stepNames(workflow.jobs['build-app'])).not.toContain('Set up QEMU');
    expect(workflow.jobs['build-app'].strategy.matrix.include[0].emulated).toBeUndefined();
  });

  test('publisher-wide platform runners, with per-image overrides winning', () => {
    const { workflow } = synthWorkflow({
      platformRunners: [
        { platform: Platform.LINUX_ARM64, runner: Runner.labels('arm64-16-core') },
        { platform: Platform.LINUX_AMD64, runner: Runner.group('x64-fleet', ['linux']) },
      ],
      images: [
        { name: 'one' },
        { name: 'two', platformOverrides: [{ platform: Platform.LINUX_ARM64, runner: Runner.labels('self-hosted', 'linux', 'arm64') }] },
      ],
    });
    expect(workflow.jobs['build-one']['runs-on']).toBe('${{ fromJSON(matrix.runner) }}');
    expect(legs(workflow.jobs['build-one'])).toEqual([
      ['linux/amd64', '{"group":"x64-fleet","labels":["linux"]}', undefined],
      ['linux/arm64', '["arm64-16-core"]', undefined],
    ]);
    expect(legs(workflow.jobs['build-two'])[1]).toEqual(['linux/arm64', '["self-hosted","linux","arm64"]', undefined]);
  });

  test('a GitHub-hosted runner of the other architecture means QEMU for that leg', () => {
    const { workflow } = synthWorkflow({
      platformRunners: [{ platform: Platform.LINUX_386, runner: Runner.UBUNTU_24_04_ARM }],
      images: [{ name: 'app', platforms: [Platform.LINUX_AMD64, Platform.LINUX_386] }],
    });
    expect(legs(workflow.jobs['build-app'])).toEqual([
      ['linux/amd64', 'ubuntu-24.04', false],
      ['linux/386', 'ubuntu-24.04-arm', true],
    ]);
  });

  test('armRunners: false puts arm legs on x64 under QEMU, and says so at synth', () => {
    const project = newProject();
    const warn = jest.spyOn(project.logger, 'warn');
    const { workflow } = synthWorkflow({
      armRunners: false,
      images: [{ name: 'app', platforms: [Platform.LINUX_AMD64, Platform.LINUX_ARM64, Platform.LINUX_ARM_V7] }],
    }, project);
    expect(legs(workflow.jobs['build-app'])).toEqual([
      ['linux/amd64', 'ubuntu-24.04', false],
      ['linux/arm64', 'ubuntu-24.04', true],
      ['linux/arm/v7', 'ubuntu-24.04', true],
    ]);
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/armRunners is false, so app linux\/arm64, app linux\/arm\/v7 build on x64 runners under QEMU/));
  });

  test('with arm64 runners there is no warning', () => {
    const project = newProject();
    const warn = jest.spyOn(project.logger, 'warn');
    synthWorkflow({ images: [{ name: 'app' }] }, project);
    expect(warn).not.toHaveBeenCalled();
  });

  test('an emulated image on an arm64 default runner emulates amd64, not arm64', () => {
    const { workflow } = synthWorkflow({ defaultRunner: Runner.UBUNTU_24_04_ARM, images: [{ name: 'app', strategy: BuildStrategy.EMULATED }] });
    const qemu = workflow.jobs['build-app'].steps.find((s: any) => s.name === 'Set up QEMU');
    expect(qemu.with.platforms).toBe('linux/amd64');
  });

  test('the number of platforms is not capped', () => {
    const many = [...ALL, ...Array.from({ length: 24 }, (_, i) => Platform.of(`linux/custom${i}`))];
    const { workflow } = synthWorkflow({ images: [{ name: 'many', platforms: many }] });
    expect(workflow.jobs['build-many'].strategy.matrix.include).toHaveLength(32);
    const verify = workflow.jobs['merge-many'].steps.find((s: any) => /^Verify/.test(s.name));
    expect(verify.env.EXPECTED_PLATFORMS.split(' ')).toHaveLength(32);
  });

  test('per-platform build args, target and Dockerfile keep working on emulated legs', () => {
    const { workflow } = synthWorkflow({
      images: [{
        name: 'pi',
        platforms: [Platform.LINUX_ARM64, Platform.LINUX_ARM_V6],
        platformOverrides: [{ platform: Platform.LINUX_ARM_V6, dockerfile: 'Dockerfile.armv6', buildArgs: { CFLAGS: '-march=armv6' }, target: 'slim' }],
      }],
    });
    expect(workflow.jobs['build-pi'].strategy.matrix.include[1]).toEqual({
      'platform': 'linux/arm/v6',
      'pair': 'linux-arm-v6',
      'runner': 'ubuntu-24.04-arm',
      'dockerfile': 'Dockerfile.armv6',
      'target': 'slim',
      'build-args': 'BUILDKIT_DOCKERFILE_CHECK=error=true\nCFLAGS=-march=armv6',
      'emulated': true,
    });
  });

  test('Platform.of treats linux/arm64/v8 as linux/arm64', () => {
    expect(Platform.of('linux/arm64/v8')).toBe(Platform.LINUX_ARM64);
    expect(Platform.of('linux/amd64')).toBe(Platform.LINUX_AMD64);
  });

  test('bad runners', () => {
    expect(() => Runner.labels()).toThrow(/Runner\.labels: \[\] must be one or more non-empty labels/);
    expect(() => Runner.labels('self hosted')).toThrow(/Runner\.labels: \["self hosted"\]/);
    expect(() => Runner.group('')).toThrow(/Runner\.group: name "" must be a non-empty runner group name/);
    expect(() => Runner.group('fleet', [''])).toThrow(/Runner\.group: labels \[""\] must be non-empty labels/);
  });

  test('bad runner options', () => {
    expect(() => new MultiArchImagePublisher(newProject(), { armRunners: 'no' as any, images: [{ name: 'a' }] })).toThrow(/armRunners "no" must be true or false/);
    expect(() => new MultiArchImagePublisher(newProject(), {
      platformRunners: [{ platform: Platform.LINUX_ARM64, runner: 'arm' as any }], images: [{ name: 'a' }],
    })).toThrow(/platformRunners\[0\]\.runner "arm" is not a Runner/);
    expect(() => new MultiArchImagePublisher(newProject(), {
      platformRunners: [
        { platform: Platform.LINUX_ARM64, runner: Runner.UBUNTU_24_04_ARM },
        { platform: Platform.LINUX_ARM64, runner: Runner.UBUNTU_24_04 },
      ],
      images: [{ name: 'a' }],
    })).toThrow(/platformRunners lists linux\/arm64 twice/);
  });
});

describe('smoke tests', () => {
  const { workflow } = synthWorkflow({
    triggers: { tags: ['v*'], pullRequest: true },
    images: [{ name: 'app', smokeTest: { args: ['--version'], expectOutput: '^app \\d+' } }],
  });

  test('run on the pushed digest before the digest is exported', () => {
    const build = workflow.jobs['build-app'];
    const names = stepNames(build);
    expect(names.indexOf('Smoke-test the image')).toBeGreaterThan(names.indexOf('Build and push by digest'));
    expect(names.indexOf('Smoke-test the image')).toBeLessThan(names.indexOf('Export the digest'));
    const smoke = build.steps.find((s: any) => s.name === 'Smoke-test the image');
    expect(smoke.env).toEqual({
      IMAGE_REF: '${{ steps.image.outputs.ref0 }}@${{ steps.build.outputs.digest }}',
      PLATFORM: '${{ matrix.platform }}',
      SMOKE_ARGS: '["--version"]',
      EXPECT_OUTPUT: '^app \\d+',
    });
    expect(smoke.run).toContain('docker run --rm --quiet --platform "$PLATFORM" "$IMAGE_REF" "${args[@]}"');
  });

  test('run on the locally loaded image in pull requests', () => {
    const check = workflow.jobs['check-app'];
    const build = check.steps.find((s: any) => s.name === 'Build without pushing');
    expect(build.with).toMatchObject({ load: true, push: false, tags: 'app:pr-check' });
    const smoke = check.steps.find((s: any) => s.name === 'Smoke-test the image');
    expect(smoke.env.IMAGE_REF).toBe('app:pr-check');
  });

  test('validation', () => {
    expect(() => synthWorkflow({ images: [{ name: 'a', smokeTest: { args: [] } }] })).toThrow(/images\[0\]\.smokeTest .* needs args/);
    expect(() => synthWorkflow({ images: [{ name: 'a', smokeTest: { args: ['x'], expectOutput: '(' } }] })).toThrow(/smokeTest\.expectOutput "\(" is not a one-line regular expression/);

  });
});
