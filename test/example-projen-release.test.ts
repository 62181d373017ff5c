import { Testing } from 'projen';
import * as YAML from 'yaml';
import { expectCommitted } from './support/committed-example';
import { freshOutdir } from './util';
import { createProject } from '../examples/projen-release/.projenrc';

// The example's .projenrc.ts imports 'projen-multiarch-publisher' and 'projen';
// jest's moduleNameMapper points them at src/ and at the root copy of projen.

const EXAMPLE = 'projen-release';
const REGENERATE = 'Run scripts/main-job.sh to regenerate examples/projen-release from the current src/, then review and commit the result.';
const OUR_JOBS = ['build-acme-api', 'merge-acme-api', 'build-acme-worker', 'merge-acme-worker'];

const files: Record<string, string> = Testing.synth(createProject(freshOutdir()), { parseJson: false });
const workflow = (name: string) => YAML.parse(files[`.github/workflows/${name}`]);

describe('examples/projen-release', () => {
  test('every generated file is committed and up to date', () => {
    // README.md is a sample projen writes only when it is missing; this one is written by hand.
    for (const file of Object.keys(files).filter(name => name !== 'README.md').sort()) {
      expectCommitted(EXAMPLE, file, files[file], REGENERATE);
    }
  });

  test("both release workflows carry the image jobs after projen's", () => {
    for (const name of ['release.yml', 'release-next.yml']) {
      const jobs = workflow(name).jobs;
      expect(Object.keys(jobs)).toEqual(['release', 'release_github', ...OUR_JOBS]);
      expect(jobs['build-acme-api'].needs).toBe('release');
      expect(jobs['build-acme-api'].if).toContain("needs.release.outputs.tag_exists != 'true'");
    }
  });

  test('the publisher workflow only checks pull requests and republishes by hand', () => {
    const own = workflow('publish-images.yml');
    expect(Object.keys(own.on).sort()).toEqual(['pull_request', 'workflow_dispatch']);
    expect(own.on.workflow_dispatch.inputs.version.required).toBe(true);
  });
});
