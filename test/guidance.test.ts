import { Project, Testing } from 'projen';
import { GitHub } from 'projen/lib/github';
import { NodeProject } from 'projen/lib/javascript';
import { TypeScriptProject } from 'projen/lib/typescript';
import { Cache, LatestTag, MultiArchImagePublisher, MultiArchImagePublisherOptions, Platform, Registry, Runner, TagRule } from '../src';
import { freshOutdir, newProject, synthWorkflow } from './util';

/**
 * The errors a newcomer meets in the first hour, each saying exactly what to
 * do (issue 15): the guidance text is what these tests pin down.
 */
function publish(options: MultiArchImagePublisherOptions, project: Project = newProject()): MultiArchImagePublisher {
  return new MultiArchImagePublisher(project, options);
}

/** The message of the plain Error `run` throws. */
function errorOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect((error as Error).constructor).toBe(Error);
    return (error as Error).message;
  }
  throw new Error('expected an Error');
}

describe('a project without a GitHub component', () => {
  test('a plain Project is told to add `new GitHub(project)`, never `github: true`', () => {
    const project = new Project({ name: 'plain', outdir: freshOutdir() });
    const message = errorOf(() => publish({ images: [{ name: 'api' }] }, project));
    expect(message).toContain("a plain Project does not make one; add `new GitHub(project)` (import { GitHub } from 'projen/lib/github') before the publisher");
    expect(message).toContain('NodeProject, TypeScriptProject, PythonProject');
    expect(message).not.toContain('github: true');

    // Following the advice works.
    new GitHub(project);
    expect(() => publish({ images: [{ name: 'api' }] }, project)).not.toThrow();
  });

  test.each([
    ['TypeScriptProject', () => new TypeScriptProject({ name: 'ts', defaultReleaseBranch: 'main', github: false, outdir: freshOutdir() })],
    ['NodeProject', () => new NodeProject({ name: 'node', defaultReleaseBranch: 'main', github: false, outdir: freshOutdir() })],
  ])('a %s made with `github: false` is told to remove that option, not to add a second GitHub', (kind, make) => {
    const message = errorOf(() => publish({ images: [{ name: 'api' }] }, make()));
    expect(message).toContain(`the ${kind} was created with \`github: false\`; remove that option`);
    expect(message).not.toContain('new GitHub(');
  });

  test('a subproject is told to create the publisher on the root project', () => {
    const root = new Project({ name: 'root', outdir: freshOutdir() });
    new GitHub(root);
    const sub = new Project({ name: 'sub', parent: root, outdir: 'sub' });
    expect(errorOf(() => publish({ images: [{ name: 'api' }] }, sub)))
      .toContain('the project is a subproject (a Project inside root); GitHub workflows live in the repository\'s root project, so create the publisher there');
    expect(() => publish({ images: [{ name: 'api' }] }, root)).not.toThrow();
  });
});

describe("Docker's other spellings of a platform", () => {
  test.each([
    ['linux/aarch64', Platform.LINUX_ARM64],
    ['linux/arm64/v8', Platform.LINUX_ARM64],
    ['linux/x86_64', Platform.LINUX_AMD64],
    ['linux/x86-64', Platform.LINUX_AMD64],
    ['linux/armhf', Platform.LINUX_ARM_V7],
    ['linux/arm', Platform.LINUX_ARM_V7],
    ['linux/armel', Platform.LINUX_ARM_V6],
    ['linux/i386', Platform.LINUX_386],
  ])('Platform.of(%j) is the canonical platform', (value, platform) => {
    expect(Platform.of(value)).toBe(platform);
  });

  test('linux/aarch64 builds on the arm64 runner, without QEMU', () => {
    const { workflow } = synthWorkflow({ images: [{ name: 'api', platforms: [Platform.LINUX_AMD64, Platform.of('linux/aarch64')] }] });
    expect(workflow.jobs['build-api'].strategy.matrix.include).toEqual([
      expect.objectContaining({ platform: 'linux/amd64', runner: 'ubuntu-24.04' }),
      expect.objectContaining({ platform: 'linux/arm64', runner: 'ubuntu-24.04-arm' }),
    ]);
  });

  test.each([
    ['arm64/v8', 'use Platform.LINUX_ARM64 ("linux/arm64")'],
    ['aarch64', 'use Platform.LINUX_ARM64 ("linux/arm64")'],
    ['arm64', 'use Platform.LINUX_ARM64 ("linux/arm64")'],
    ['x86_64', 'use Platform.LINUX_AMD64 ("linux/amd64")'],
    ['amd64', 'use Platform.LINUX_AMD64 ("linux/amd64")'],
    ['arm/v7', 'use Platform.LINUX_ARM_V7 ("linux/arm/v7")'],
  ])('Platform.of(%j) without an operating system is refused with the constant to use', (value, advice) => {
    expect(() => Platform.of(value)).toThrow(`Platform.of: "${value}" has no operating system; ${advice}`);
  });
});

describe('a factory passed without calling it', () => {
  const image = { name: 'api' };
  test.each<[string, MultiArchImagePublisherOptions, string]>([
    ['registries', { registries: [Registry.ghcr as any], images: [image] }, 'registries[0] is the factory Registry.ghcr itself, not a Registry; did you mean `Registry.ghcr()`?'],
    ['images[].registries', { images: [{ ...image, registries: [Registry.dockerHub as any] }] }, 'images[0].registries[0] is the factory Registry.dockerHub itself, not a Registry; did you mean `Registry.dockerHub(...)`?'],
    ['tags', { tags: [TagRule.sha as any], images: [image] }, 'tags[0] is the factory TagRule.sha itself, not a TagRule; did you mean `TagRule.sha()`?'],
    ['images[].tags', { images: [{ ...image, tags: [TagRule.edge as any] }] }, 'images[0].tags[0] is the factory TagRule.edge itself, not a TagRule; did you mean `TagRule.edge()`?'],
    ['images[].platforms', { images: [{ ...image, platforms: [Platform.of as any] }] }, 'images[0].platforms[0] is the factory Platform.of itself, not a Platform; did you mean `Platform.of(...)`?'],
    ['platformOverrides[].platform', { images: [{ ...image, platformOverrides: [{ platform: Platform.of as any }] }] }, 'images[0].platformOverrides[0].platform is the factory Platform.of itself, not a Platform; did you mean `Platform.of(...)`?'],
    ['platformOverrides[].runner', { images: [{ ...image, platformOverrides: [{ platform: Platform.LINUX_ARM64, runner: Runner.labels as any }] }] }, 'images[0].platformOverrides[0].runner is the factory Runner.labels itself, not a Runner; did you mean `Runner.labels(...)`?'],
    ['platformRunners[].runner', { platformRunners: [{ platform: Platform.LINUX_ARM64, runner: Runner.group as any }], images: [image] }, 'platformRunners[0].runner is the factory Runner.group itself, not a Runner; did you mean `Runner.group(...)`?'],
    ['defaultRunner', { defaultRunner: Runner.labels as any, images: [image] }, 'defaultRunner is the factory Runner.labels itself, not a Runner; did you mean `Runner.labels(...)`?'],
    ['cache', { cache: Cache.gha as any, images: [image] }, 'cache is the factory Cache.gha itself, not a Cache; did you mean `Cache.gha()`?'],
    ['images[].cache', { images: [{ ...image, cache: Cache.none as any }] }, 'images[0].cache is the factory Cache.none itself, not a Cache; did you mean `Cache.none()`?'],
  ])('%s says "did you mean" and never prints the source', (_option, options, guidance) => {
    const message = errorOf(() => publish(options));
    expect(message).toContain(guidance);
    expect(message).not.toMatch(/=>|return |\{\s*$/m);
  });

  test('any other function is named, not printed', () => {
    const message = errorOf(() => publish({ registries: [function myRegistry() { return 1; } as any], images: [image] }));
    expect(message).toContain('registries[0] myRegistry (a function) is not a Registry; use a factory such as Registry.ghcr()');
    expect(message).not.toContain('return');
  });
});

describe('a string where a TagRule belongs', () => {
  test.each([
    ['{{version}}', "use `TagRule.semver('{{version}}')`"],
    ['{{major}}.{{minor}}', "use `TagRule.semver('{{major}}.{{minor}}')`"],
    ['latest', "use `TagRule.raw('latest')`"],
    ['type=semver,pattern={{version}}', "write metadata-action's rules with the TagRule factories, e.g. TagRule.semver('{{version}}')"],
  ])('%j points at the factory', (text, guidance) => {
    expect(() => publish({ tags: [text as any], images: [{ name: 'api' }] })).toThrow(`tags[0] "${text}" is a string, not a TagRule; ${guidance}`);
    expect(() => publish({ images: [{ name: 'api', tags: [text as any] }] })).toThrow(`images[0].tags[0] "${text}" is a string, not a TagRule; ${guidance}`);
  });
});

describe('no cascades', () => {
  test('one bad platform is one problem, not one more per override', () => {
    const message = errorOf(() => publish({
      images: [{
        name: 'api',
        platforms: [Platform.LINUX_AMD64, 'linux/arm64' as any],
        platformOverrides: [{ platform: Platform.LINUX_ARM64, dockerfile: 'Dockerfile.arm64' }],
      }],
    }));
    expect(message).toBe('MultiArchImagePublisher: invalid image "api": images[0].platforms[1] "linux/arm64" is not a Platform; '
      + "use a constant such as Platform.LINUX_ARM64 or Platform.of('linux/arm64')");
  });

  test('a platforms value that is not a list does not make every override say "(none)"', () => {
    const message = errorOf(() => publish({
      images: [{ name: 'api', platforms: Platform.LINUX_ARM64 as any, platformOverrides: [{ platform: Platform.LINUX_ARM64 }, { platform: Platform.LINUX_AMD64 }] }],
    }));
    expect(message).toContain('images[0].platforms linux/arm64 must be a non-empty list of Platform');
    expect(message).not.toContain('its platforms are');
  });

  test('an override of a platform the image does not build is still reported', () => {
    expect(() => publish({ images: [{ name: 'api', platforms: [Platform.LINUX_AMD64], platformOverrides: [{ platform: Platform.LINUX_ARM64 }] }] }))
      .toThrow('images[0].platformOverrides[0].platform linux/arm64 is not built by this image; its platforms are linux/amd64');
  });
});

describe('path examples fit the option', () => {
  test('a context is shown a directory', () => {
    expect(() => publish({ images: [{ name: 'api', context: '../shared' }] }))
      .toThrow('images[0].context "../shared" is outside the repository; give a path relative to the repository root, e.g. "docker/api"');
  });

  test('a Dockerfile is shown a file', () => {
    expect(() => publish({ images: [{ name: 'api', dockerfile: '/abs/Dockerfile' }] }))
      .toThrow('images[0].dockerfile "/abs/Dockerfile" is outside the repository; give a path relative to the repository root, e.g. "docker/Dockerfile"');
  });
});

describe('latest moved by manual runs', () => {
  function warnings(options: MultiArchImagePublisherOptions): string[] {
    const project = newProject();
    const warn = jest.spyOn(project.logger, 'warn');
    new MultiArchImagePublisher(project, options);
    Testing.synth(project);
    return warn.mock.calls.map(call => call.join(' '));
  }
  const dispatch = { tags: ['v*'], workflowDispatch: true };

  test("TagRule.raw('latest') with workflowDispatch warns at synth, naming the images and the way out", () => {
    // (The other warning says the raw rule repeats latest=auto.)
    const said = warnings({ triggers: dispatch, tags: [TagRule.semver('{{version}}'), TagRule.raw('latest')], images: [{ name: 'api' }, { name: 'worker' }] })
      .filter(warning => warning.includes('manual run'));
    expect(said).toHaveLength(1);
    expect(said[0]).toContain('MultiArchImagePublisher: with triggers.workflowDispatch, a manual run from any branch moves `latest` of api, worker');
    expect(said[0]).toContain("TagRule.raw('latest', { enable: \"${{ startsWith(github.ref, 'refs/tags/v') }}\" })");
  });

  test.each<[string, MultiArchImagePublisherOptions]>([
    ['latest=always', { triggers: dispatch, flavor: { latest: LatestTag.ALWAYS }, images: [{ name: 'api' }] }],
    ["an image's own raw('latest')", { triggers: dispatch, images: [{ name: 'api', tags: [TagRule.raw('latest', { enable: 'true' })] }] }],
  ])('%s with workflowDispatch warns too', (_what, options) => {
    expect(warnings(options)).toEqual([expect.stringContaining('a manual run from any branch moves `latest` of api')]);
  });

  test.each<[string, MultiArchImagePublisherOptions]>([
    ['no manual runs', { triggers: { tags: ['v*'] }, tags: [TagRule.raw('latest')], images: [{ name: 'api' }] }],
    ['a conditional rule', { triggers: dispatch, tags: [TagRule.raw('latest', { enable: "${{ startsWith(github.ref, 'refs/tags/v') }}" })], images: [{ name: 'api' }] }],
    ["metadata-action's latest=auto", { triggers: dispatch, tags: [TagRule.semver('{{version}}')], images: [{ name: 'api' }] }],
  ])('%s: no warning', (_what, options) => {
    expect(warnings(options)).toEqual([]);
  });
});

describe('org.opencontainers.image.title', () => {
  function metadataInputs(options: MultiArchImagePublisherOptions, job: string) {
    const { workflow } = synthWorkflow(options);
    return workflow.jobs[job].steps.find((step: any) => step.id === 'meta').with;
  }

  test("defaults to the image's name on the platform images and the index", () => {
    const native = metadataInputs({ images: [{ name: 'api' }, { name: 'worker' }] }, 'build-worker');
    expect(native.labels).toBe('org.opencontainers.image.title=worker');
    expect(native.annotations).toBe('org.opencontainers.image.title=worker');
    const merge = metadataInputs({ images: [{ name: 'api' }] }, 'merge-api');
    expect(merge.annotations).toBe('org.opencontainers.image.title=api');
  });

  test("a user's title wins, publisher-wide or per image", () => {
    const title = 'org.opencontainers.image.title';
    const inputs = metadataInputs({ labels: { [title]: 'Shared' }, images: [{ name: 'api', annotations: { [title]: 'API server' } }] }, 'build-api');
    expect(inputs.labels).toBe(`${title}=Shared`);
    expect(inputs.annotations).toBe(`${title}=API server`);
  });
});
