import { BuildStrategy, ImageOptions, MultiArchImagePublisher, MultiArchImagePublisherOptions, Platform } from '../src';
import { expectError, newProject, synthWorkflow } from './util';

function publisher(images: ImageOptions[], extra: Partial<MultiArchImagePublisherOptions> = {}): MultiArchImagePublisherOptions {
  return { triggers: { tags: ['v*'], pullRequest: true }, images, ...extra };
}

function stepNamed(job: any, name: RegExp): any {
  return job.steps.find((step: any) => name.test(step.name));
}

describe('build arguments holding expressions', () => {
  const { workflow } = synthWorkflow(publisher([{
    name: 'server',
    platforms: [Platform.LINUX_AMD64, Platform.LINUX_ARM64],
    buildArgs: { VERSION: '${{ steps.meta.outputs.version }}', BASE: 'debian' },
    platformOverrides: [{ platform: Platform.LINUX_ARM64, buildArgs: { TUNE: "a'{b}-${{ env.TUNE }}" } }],
  }]));

  test.each(['build-server', 'check-server'])('%s: the matrix holds only static values; the build step reads the expressions', job => {
    const include = workflow.jobs[job].strategy.matrix.include;
    expect(include.map((leg: any) => leg['build-args'])).toEqual(['BASE=debian', 'BASE=debian']);
    expect(JSON.stringify(include)).not.toContain('${{');
    expect(stepNamed(workflow.jobs[job], /^Build/).with['build-args']).toBe([
      '${{ matrix.build-args }}',
      'VERSION=${{ steps.meta.outputs.version }}',
      "${{ (matrix.pair == 'linux-arm64') && format('TUNE=a''{{b}}-{0}', (env.TUNE)) || '' }}",
    ].join('\n'));
  });

  test('an image whose build arguments are all expressions has no build-args column', () => {
    const only = synthWorkflow(publisher([{ name: 'api', buildArgs: { REV: '${{ github.sha }}' } }])).workflow;
    expect(only.jobs['build-api'].strategy.matrix.include[0]['build-args']).toBeUndefined();
    expect(stepNamed(only.jobs['build-api'], /^Build/).with['build-args']).toBe('REV=${{ github.sha }}');
  });

  test('the emulated build reads them in its one build step', () => {
    const emulated = synthWorkflow(publisher([{ name: 'api', strategy: BuildStrategy.EMULATED, buildArgs: { VERSION: '${{ steps.meta.outputs.version }}' } }])).workflow;
    for (const job of ['build-api', 'check-api']) {
      expect(stepNamed(emulated.jobs[job], /^Build/).with['build-args']).toBe('VERSION=${{ steps.meta.outputs.version }}');
    }
  });
});

describe('build arguments that would put a secret into the image', () => {
  test.each([
    ['${{ secrets.NPM_TOKEN }}'],
    ["${{ secrets['NPM_TOKEN'] }}"],
    ['token=${{ github.token }}'],
    ['${{ format(\'{0}\', secrets.X) }}'],
  ])('%s is refused, pointing to buildSecrets', value => {
    expectError(() => new MultiArchImagePublisher(newProject(), publisher([{ name: 'api', buildArgs: { TOKEN: value } }])),
      /images\[0\]\.buildArgs\.TOKEN/, /reads a secret/, /buildSecrets/);
  });

  test('also in a platform override', () => {
    expectError(() => new MultiArchImagePublisher(newProject(), publisher([{
      name: 'api',
      platformOverrides: [{ platform: Platform.LINUX_ARM64, buildArgs: { TOKEN: '${{ secrets.X }}' } }],
    }])), /images\[0\]\.platformOverrides\[0\]\.buildArgs\.TOKEN/, /buildSecrets/);
  });

  test('a value that merely mentions secrets outside an expression is a plain string', () => {
    const { workflow } = synthWorkflow(publisher([{ name: 'api', buildArgs: { NOTE: 'secrets.txt' } }]));
    expect(workflow.jobs['build-api'].strategy.matrix.include[0]['build-args']).toBe('NOTE=secrets.txt');
  });

  test('an unclosed expression is refused', () => {
    expectError(() => new MultiArchImagePublisher(newProject(), publisher([{ name: 'api', buildArgs: { V: '${{ github.sha' } }])),
      /images\[0\]\.buildArgs\.V "\$\{\{ github\.sha" has a "\$\{\{" without its closing "\}\}"/);
  });
});

describe('build secrets', () => {
  const { workflow } = synthWorkflow(publisher([
    { name: 'server', buildSecrets: { 'npm': 'NPM_TOKEN', 'gh.token': 'GITHUB_TOKEN' } },
    { name: 'cli', strategy: BuildStrategy.EMULATED, buildSecrets: { npm: 'NPM_TOKEN' } },
  ]));

  test.each(['build-server', 'check-server'])('%s: one id=${{ secrets.NAME }} line per secret in the secrets input', job => {
    expect(stepNamed(workflow.jobs[job], /^Build/).with.secrets).toBe('npm=${{ secrets.NPM_TOKEN }}\ngh.token=${{ secrets.GITHUB_TOKEN }}');
  });

  test.each(['build-cli', 'check-cli'])('%s: the emulated build gets them too', job => {
    expect(stepNamed(workflow.jobs[job], /^Build/).with.secrets).toBe('npm=${{ secrets.NPM_TOKEN }}');
  });

  test('an image without secrets has no secrets input', () => {
    const plain = synthWorkflow(publisher([{ name: 'api' }])).workflow;
    expect(stepNamed(plain.jobs['build-api'], /^Build/).with.secrets).toBeUndefined();
  });

  test.each([
    [{ 'bad id': 'X' }, /buildSecrets key "bad id" is not a BuildKit secret id/],
    [{ npm: '${{ secrets.NPM_TOKEN }}' }, /buildSecrets\.npm "\$\{\{ secrets\.NPM_TOKEN \}\}" is not a GitHub secret name; give the name only/],
    [{ npm: '1TOKEN' }, /buildSecrets\.npm "1TOKEN" is not a GitHub secret name/],
    [{ npm: 'GITHUB_PAT' }, /buildSecrets\.npm "GITHUB_PAT" cannot be a GitHub secret: names starting with GITHUB_ are reserved/],
    [['NPM_TOKEN'], /buildSecrets \["NPM_TOKEN"\] must be an object/],
  ])('%j is refused', (buildSecrets, message) => {
    expectError(() => new MultiArchImagePublisher(newProject(), publisher([{ name: 'api', buildSecrets: buildSecrets as any }])), /images\[0\]/, message);
  });
});
