import * as fs from 'fs';
import * as path from 'path';
import { Project, Testing } from 'projen';
import { BuildStrategy, ImageOptions, MultiArchImagePublisher, MultiArchImagePublisherOptions, Platform, Provenance, Registry, Runner, TagRule } from '../src';
import { expectError, freshOutdir, newProject } from './util';

function publish(options: MultiArchImagePublisherOptions, project: Project = newProject()): MultiArchImagePublisher {
  return new MultiArchImagePublisher(project, options);
}

function image(options: Partial<ImageOptions>): MultiArchImagePublisherOptions {
  return { images: [{ name: 'api', ...options }] };
}

describe('image names', () => {
  test.each([
    ['Api', /images\[0\]\.name "Api".*lowercase/],
    ['my_api-', /images\[0\]\.name "my_api-"/],
    ['-api', /images\[0\]\.name/],
    ['a..b', /images\[0\]\.name/],
    ['a___b', /images\[0\]\.name/],
    ['a-_b', /images\[0\]\.name "a-_b"/],
    ['acme/api', /images\[0\]\.name "acme\/api"/],
    ['', /images\[0\]\.name ""/],
    ['a'.repeat(129), /at most 128/],
  ])('rejects %j', (name, pattern) => {
    expectError(() => publish({ images: [{ name }] }), pattern);
  });

  // The distribution grammar: `.`, one or two `_`, or one or more `-` between components.
  test.each(['api', 'qm-nmr-calc.worker', 'a_b', 'a__b', 'x1', 'a--b', 'a---b-c'])('accepts %j', name => {
    expect(() => publish({ images: [{ name }] })).not.toThrow();
  });

  test('duplicate image names', () => {
    expectError(() => publish({ images: [{ name: 'api' }, { name: 'api' }] }), /images\[1\]\.name "api" is already published/);
  });

  test('names that differ only in their separators get jobs of their own', () => {
    const publisher = publish({ images: [{ name: 'api.v2' }, { name: 'api-v2' }, { name: 'api--v2' }, { name: 'api_v2' }] });
    const jobs = Object.keys(publisher.workflow.jobs).sort();
    expect(jobs).toEqual([
      'build-api--v2', 'build-api-v2', 'build-api_-v2', 'build-api_v2',
      'merge-api--v2', 'merge-api-v2', 'merge-api_-v2', 'merge-api_v2',
    ]);
  });
});

describe('platforms', () => {
  test('empty list', () => {
    expectError(() => publish(image({ platforms: [] })), /images\[0\]\.platforms \[\] must be a non-empty list/);
  });

  test('duplicates', () => {
    expectError(() => publish(image({ platforms: [Platform.LINUX_AMD64, Platform.of('linux/amd64')] })), /images\[0\]\.platforms lists linux\/amd64 twice/);
  });

  test('strings instead of Platform', () => {
    expectError(() => publish(image({ platforms: ['linux/amd64' as any] })), /images\[0\]\.platforms\[0\] "linux\/amd64" is not a Platform/);
  });

  test.each(['linux', 'linux/', 'Linux/AMD64', 'linux/arm/v7/extra', 'linux//amd64', 'linux/amd 64', ''])('Platform.of(%j)', value => {
    expectError(() => Platform.of(value), /Platform\.of: ".*" is not a platform; expected lowercase "os\/arch"/);
  });

  test('Platform.of knows the constants and defaults unknown platforms to emulation', () => {
    expect(Platform.of('linux/arm/v7').value).toBe(Platform.LINUX_ARM_V7.value);
    expect(Platform.of('linux/arm/v7').pair).toBe('linux-arm-v7');
    expect(Platform.of('linux/mips64le').emulated).toBe(true);
  });
});

describe('platform overrides', () => {
  test('for a platform that is not built', () => {
    expectError(() => publish(image({
      platforms: [Platform.LINUX_AMD64],
      platformOverrides: [{ platform: Platform.LINUX_ARM64, dockerfile: 'Dockerfile.arm64' }],
    })), /images\[0\]\.platformOverrides\[0\]\.platform linux\/arm64 is not built by this image; its platforms are linux\/amd64/);
  });

  test('twice for one platform', () => {
    expectError(() => publish(image({
      platformOverrides: [{ platform: Platform.LINUX_ARM64, dockerfile: 'a' }, { platform: Platform.LINUX_ARM64, dockerfile: 'b' }],
    })), /platformOverrides\[1\]\.platform linux\/arm64 already has an override/);
  });

  test('with the emulated strategy, which cannot apply them', () => {
    expectError(() => publish(image({
      strategy: BuildStrategy.EMULATED,
      platformOverrides: [{ platform: Platform.LINUX_ARM64, dockerfile: 'Dockerfile.arm64' }],
    })), /platformOverrides\[0\] needs BuildStrategy\.NATIVE/);
  });

  test('a runner that is not a Runner', () => {
    expectError(() => publish(image({
      platformOverrides: [{ platform: Platform.LINUX_ARM64, runner: 'ubuntu-24.04-arm' as any }],
    })), /platformOverrides\[0\]\.runner "ubuntu-24\.04-arm" is not a Runner/);
  });
});

describe('paths', () => {
  test.each([
    ['context', '../other', /images\[0\]\.context "\.\.\/other" is outside the repository/],
    ['context', '/abs', /images\[0\]\.context "\/abs" is outside the repository/],
    ['dockerfile', 'docker/../../Dockerfile', /images\[0\]\.dockerfile .* is outside the repository/],
    ['dockerfile', 'C:\\Dockerfile', /images\[0\]\.dockerfile .* is outside the repository/],
    ['dockerfile', '${{ github.event.inputs.file }}', /images\[0\]\.dockerfile .* must be a literal path/],
    ['dockerfile', '', /images\[0\]\.dockerfile "" is not a path/],
  ])('%s %j', (option, value, pattern) => {
    expectError(() => publish(image({ [option]: value })), pattern);
  });

  test('override paths too', () => {
    expectError(() => publish(image({ platformOverrides: [{ platform: Platform.LINUX_ARM64, dockerfile: '../x' }] })),
      /platformOverrides\[0\]\.dockerfile "\.\.\/x" is outside the repository/);
  });

  test('paths are normalised', () => {
    const project = newProject();
    publish(image({ context: './services/api/', dockerfile: 'services/./api/Dockerfile' }), project);
    const text = Testing.synth(project)['.github/workflows/publish-images.yml'];
    expect(text).toContain('context: services/api\n');
    expect(text).toContain('dockerfile: services/api/Dockerfile\n');
  });
});

describe('build arguments, targets and tags', () => {
  test('build argument names and values', () => {
    expectError(() => publish(image({ buildArgs: { '1BAD': 'x', 'GOOD': 'a\nb' } })),
      /2 problems/, /buildArgs key "1BAD" is not a build argument name/, /buildArgs\.GOOD "a\\nb" must be a string without line breaks/);
  });

  test('Dockerfile checks', () => {
    expectError(() => publish(image({ dockerfileChecks: { failOnWarnings: 'yes' as any, skip: ['no such rule'] } })),
      /2 problems/, /images\[0\]\.dockerfileChecks\.failOnWarnings "yes" must be true or false/,
      /images\[0\]\.dockerfileChecks\.skip \["no such rule"\] must be a list of BuildKit check rule names/);
    expectError(() => publish({ dockerfileChecks: 'strict' as any, images: [{ name: 'api' }] }), /dockerfileChecks "strict" must be an object/);
  });

  test('target stage names', () => {
    expectError(() => publish(image({ target: 'bad stage' })), /images\[0\]\.target "bad stage" is not a Dockerfile stage name/);
  });

  test('empty tag lists and non-rules', () => {
    expectError(() => publish({ tags: [], images: [{ name: 'api' }] }), /^MultiArchImagePublisher: tags \[\] must be a non-empty list of TagRule/);
    expectError(() => publish(image({ tags: ['latest' as any] })), /images\[0\]\.tags\[0\] "latest" is a string, not a TagRule; use `TagRule\.raw\('latest'\)`/);
    expectError(() => publish(image({ tags: [TagRule.raw('latest'), TagRule.raw('latest')] })), /images\[0\]\.tags lists "type=raw,value=latest" twice/);
  });

  test('tag rule values that would break the rule line', () => {
    expectError(() => TagRule.raw(''), /TagRule\.raw: value "" is not allowed/);
    expectError(() => TagRule.semver('{{version}}', { prefix: 'x\ny' }), /TagRule\.semver: prefix "x\\ny" is not allowed/);
    expectError(() => TagRule.raw('latest', { priority: 1.5 }), /priority 1\.5 must be a whole number/);
  });

  test.each([
    ['a raw value with a space', () => TagRule.raw('bad tag'), /TagRule\.raw: value "bad tag" is not valid as a tag/],
    ['a raw value starting with "."', () => TagRule.raw('.hidden'), /TagRule\.raw: value "\.hidden" is not valid as a tag: it must start with/],
    ['a raw value of 129 characters', () => TagRule.raw('a'.repeat(129)), /longer than 128 characters/],
    ['a semver pattern with a slash', () => TagRule.semver('v/{{version}}'), /TagRule\.semver: pattern "v\/\{\{version\}\}" is not valid as a tag/],
    ['a schedule pattern with a colon', () => TagRule.schedule("{{date 'HH:mm'}}:x"), /TagRule\.schedule: pattern/],
    ['a prefix starting with "-"', () => TagRule.sha({ prefix: '-sha' }), /TagRule\.sha: prefix "-sha" is not valid as a tag prefix/],
    ['a suffix with a plus', () => TagRule.semver('{{version}}', { suffix: '+build' }), /TagRule\.semver: suffix "\+build" is not valid as part of a tag/],
    ['a flavor prefix with a space', () => publish({ flavor: { prefix: 'my app-' }, images: [{ name: 'api' }] }), /flavor\.prefix "my app-" is not valid as a tag prefix/],
    ['a flavor suffix with a slash', () => publish({ flavor: { suffix: '/alpine' }, images: [{ name: 'api' }] }), /flavor\.suffix "\/alpine" is not valid as part of a tag/],
  ])('the tag grammar refuses %s', (_what, make, pattern) => {
    expectError(make, pattern);
  });

  test.each([
    TagRule.raw('latest'),
    TagRule.raw('_build.1-rc'),
    TagRule.raw("nightly-{{date 'YYYYMMDD'}}"),
    TagRule.raw('{{sha}}'),
    TagRule.raw('run-${{ github.run_number }}'),
    TagRule.raw('.x', { prefix: 'v' }),
    TagRule.semver('v{{major}}.{{minor}}', { suffix: '-alpine' }),
    TagRule.schedule("{{date 'YYYYMMDD' tz='Asia/Tokyo'}}", { prefix: 'nightly-' }),
    TagRule.match('v(\\d+)\\.(\\d+)', { group: 1 }),
    TagRule.sha({ prefix: '${{ github.ref_name }}-' }),
  ])('the tag grammar accepts %s (templates and expressions inside)', rule => {
    expect(() => publish({ tags: [rule], flavor: { prefix: 'app-', suffix: '.${{ github.run_attempt }}' }, images: [{ name: 'api' }] })).not.toThrow();
  });

  test('registries', () => {
    expectError(() => publish({ registries: [], images: [{ name: 'api' }] }), /registries \[\] must be a non-empty list of Registry/);
    expectError(() => publish({ registries: [Registry.ghcr(), Registry.ghcr()], images: [{ name: 'api' }] }), /registries lists ghcr\.io\/<owner> twice/);
    expectError(() => Registry.ghcr({ namespace: 'Acme' }), /Registry\.ghcr: namespace "Acme" is not valid/);
  });
});

describe('supply chain options', () => {
  test('bad values name the option, publisher-wide and per image', () => {
    expectError(() => publish({ provenance: 'max' as any, sign: 'yes' as any, images: [{ name: 'api' }] }),
      /2 problems/, /provenance "max" is not a Provenance; use Provenance\.MIN, Provenance\.MAX or Provenance\.OFF/, /sign "yes" must be true or false/);
    expectError(() => publish(image({ attest: 1 as any })), /images\[0\]\.attest 1 must be true or false/);
  });

  test('an image overrides the publisher-wide settings', () => {
    const publisher = publish({ provenance: Provenance.MAX, sbom: true, attest: true, images: [{ name: 'api' }, { name: 'web', provenance: Provenance.OFF, attest: false }] });
    const jobs = publisher.workflow.jobs as Record<string, any>;
    const build = (id: string) => jobs[id].steps.find((s: any) => s.id === 'build').with;
    expect(build('build-api')).toMatchObject({ provenance: 'mode=max', sbom: true });
    expect(build('build-web')).toMatchObject({ provenance: 'false', sbom: true });
    expect(jobs['merge-api'].permissions).toMatchObject({ idToken: 'write', attestations: 'write' });
    expect(jobs['merge-web'].permissions.idToken).toBeUndefined();
  });
});

describe('publisher options', () => {
  test('a workflow with no trigger', () => {
    expectError(() => publish({ triggers: {}, images: [{ name: 'api' }] }), /triggers \{\} would never run the workflow/);
    expectError(() => publish({ triggers: { tags: [], workflowDispatch: false }, images: [{ name: 'api' }] }), /triggers .* would never run the workflow/);
  });

  test('bad trigger values', () => {
    expectError(() => publish({ triggers: { tags: 'v*' as any }, images: [{ name: 'api' }] }), /triggers\.tags "v\*" must be a list of patterns/);
    expectError(() => publish({ triggers: { schedule: ['every night'] }, images: [{ name: 'api' }] }), /triggers\.schedule\[0\] "every night" is not a cron expression/);
    expectError(() => publish({ triggers: { branches: [''] }, images: [{ name: 'api' }] }), /triggers\.branches\[0\] "" must be a non-empty pattern/);
  });

  test('workflow names', () => {
    expectError(() => publish({ workflowName: 'publish images', images: [{ name: 'api' }] }), /workflowName "publish images" is not allowed/);
  });

  test('artifact retention', () => {
    expectError(() => publish({ artifactRetentionDays: 0, images: [{ name: 'api' }] }), /artifactRetentionDays 0 must be a whole number of days from 1 to 90/);
  });

  test('default runner', () => {
    expectError(() => publish({ defaultRunner: 'ubuntu-24.04' as any, images: [{ name: 'api' }] }), /defaultRunner "ubuntu-24\.04" is not a Runner/);
  });

  test('several problems are reported together', () => {
    expectError(() => publish({ workflowName: 'a b', triggers: {}, registries: [] }), /3 problems/, /workflowName/, /registries/, /triggers/);
  });

  test('a project without GitHub', () => {
    const project = new Project({ name: 'plain', outdir: freshOutdir() });
    expectError(() => publish({ images: [{ name: 'api' }] }, project), /the project has no GitHub component/);
  });

  test('two publishers writing one file', () => {
    const project = newProject();
    publish({ images: [{ name: 'api' }] }, project);
    expectError(() => publish({ images: [{ name: 'web' }] }, project), /workflowName "publish-images" is already used by another workflow/);
  });

  test('two publishers with their own files', () => {
    const project = newProject();
    publish({ images: [{ name: 'api' }] }, project);
    publish({ workflowName: 'publish-tools', images: [{ name: 'tools' }] }, project);
    const files = Testing.synth(project);
    expect(files['.github/workflows/publish-images.yml']).toContain('build-api');
    expect(files['.github/workflows/publish-tools.yml']).toContain('build-tools');
  });

  test('no images: synth fails and writes no workflow', () => {
    const project = newProject();
    publish({}, project);
    expectError(() => project.synth(), /images is empty for workflow "publish-images"/);
    expect(fs.existsSync(path.join(project.outdir, '.github/workflows/publish-images.yml'))).toBe(false);
  });

  test('garbage never surfaces as a TypeError', () => {
    const garbage: unknown[] = [null, 42, 'x', [], {}, [null], [42], { name: null }, true];
    const attempts: Array<() => unknown> = [];
    for (const value of garbage) {
      attempts.push(() => publish({ images: value as any }));
      attempts.push(() => publish({ images: [value as any] }));
      attempts.push(() => publish({ triggers: value as any, images: [{ name: 'api' }] }));
      attempts.push(() => publish({ registries: value as any, images: [{ name: 'api' }] }));
      attempts.push(() => publish({ tags: value as any, images: [{ name: 'api' }] }));
      attempts.push(() => publish({ dockerfileChecks: value as any, images: [{ name: 'api' }] }));
      for (const option of ['name', 'context', 'dockerfile', 'platforms', 'strategy', 'platformOverrides', 'buildArgs', 'target', 'tags', 'dockerfileChecks']) {
        attempts.push(() => publish(image({ [option]: value })));
      }
      attempts.push(() => publish(image({ platformOverrides: [value as any] })));
      const garbageOverride = { platform: Platform.LINUX_ARM64, dockerfile: value as any, buildArgs: value as any, target: value as any };
      attempts.push(() => publish(image({ platformOverrides: [garbageOverride] })));
    }
    let errors = 0;
    for (const attempt of attempts) {
      try {
        attempt();
      } catch (error) {
        expect((error as Error).constructor).toBe(Error);
        expect((error as Error).message).toMatch(/^MultiArchImagePublisher: /);
        errors++;
      }
    }
    expect(errors).toBeGreaterThan(attempts.length / 2);
  });

  test('valid runners of every kind are accepted', () => {
    expect(() => publish(image({
      platformOverrides: [{ platform: Platform.LINUX_ARM64, runner: Runner.group('arm-fleet', ['linux']) }],
    }))).not.toThrow();
  });
});
