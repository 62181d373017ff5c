import { cdk, javascript } from 'projen';
import { PROJEN_PEER_RANGE } from './src/private/projen-version';

const project = new cdk.JsiiProject({
  name: 'projen-multiarch-publisher',
  description: 'A projen component that generates a GitHub Actions workflow publishing multi-arch Docker images from native runners (push by digest, merge with imagetools).',
  author: 'projen-multiarch-publisher team',
  authorAddress: 'team@example.com',
  repositoryUrl: 'https://github.com/example/projen-multiarch-publisher',
  keywords: ['projen', 'docker', 'multi-arch', 'github-actions', 'buildx', 'arm64'],
  defaultReleaseBranch: 'main',
  jsiiVersion: '~6.0.0',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,

  // Python users (`.projenrc.py`) get the same component. Only the package is
  // built (dist/python); with `release: false` nothing is published to PyPI.
  publishToPypi: {
    distName: 'projen-multiarch-publisher',
    module: 'projen_multiarch_publisher',
  },

  // The component builds on projen's workflow model; consumers bring their own
  // projen: every release it was measured to work on (scripts/projen-compat.ts).
  peerDeps: [`projen@${PROJEN_PEER_RANGE}`, 'constructs@^10.0.0'],
  // The build itself uses one pinned copy of each: a dev copy at the range's
  // minimum would nest a second constructs under projen and break jsii-pacmak.
  peerDependencyOptions: { pinnedDevDependency: false },
  devDeps: [
    'projen@0.103.25',
    'constructs@10.5.0',
    'yaml@^2.8.1',
    '@actions/workflow-parser@0.3.61',
    'esbuild@0.28.2',
    // The thin local actions of the real-component e2e run (test/e2e/actions/),
    // bundled by esbuild: the libraries the real actions are built on.
    '@actions/core@3.0.1',
    // act 0.2.89's artifact server speaks the v4 protocol of @actions/artifact 2.x
    // (upload-artifact v4); 6.x sends a mime_type it rejects, 5.x's uploads fail there.
    '@actions/artifact@2.3.2',
    '@docker/actions-toolkit@0.101.0',
    '@actions/glob@0.7.0',
    'minimatch@11.0.9',
    'semver@7.8.6',
    '@types/semver@7.8.0',
  ],

  // Our CI is `.ci/run` on a plain machine; no hosted release pipeline here.
  github: false,
  release: false,
  buildWorkflow: false,

  jestOptions: {
    // Snapshots are reviewed commits, never rewritten by a test run.
    updateSnapshot: javascript.UpdateSnapshot.NEVER,
    jestConfig: {
      testTimeout: 120_000,
      testPathIgnorePatterns: ['/node_modules/', '/examples/', '/.compat/'],
      // scripts/projen-compat.ts's consumer projects are not part of the library.
      modulePathIgnorePatterns: ['<rootDir>/.compat/'],
      // The example's .projenrc.ts imports the published name; tests point it
      // (and projen itself) at this checkout so there is only one projen copy.
      moduleNameMapper: {
        '^projen-multiarch-publisher$': '<rootDir>/src',
        '^projen$': '<rootDir>/node_modules/projen',
        '^projen/(.*)$': '<rootDir>/node_modules/projen/$1',
      },
    },
  },
  tsconfigDev: {
    compilerOptions: {
      // Type-check the example's .projenrc.ts against this checkout, as jest runs it.
      paths: {
        'projen-multiarch-publisher': ['../src'],
        'projen': ['../node_modules/projen'],
        'projen/*': ['../node_modules/projen/*'],
      },
    },
    // The thin local actions are ES modules bundled by esbuild: their own tsconfig.
    exclude: ['examples/*/node_modules', 'e2e/actions'],
  },
});

// Pinned linters and the bundled workflow parser (scripts/install-tools.sh).
project.gitignore.exclude('/.tools/');
// Consumer projects of scripts/projen-compat.ts.
project.gitignore.exclude('/.compat/');
project.npmignore?.exclude('/.tools/', '/examples/', '/scripts/', '/.ci/', '/.compat/', '/python/', '/docs/');

project.eslint?.addIgnorePattern('test/e2e/actions/');

// ts-jest only transpiles (isolatedModules), so tests and scripts are type-checked here.
const typecheck = project.addTask('typecheck', {
  description: 'Type-check the tests and scripts',
  steps: [
    { exec: 'tsc --noEmit -p test/tsconfig.json' },
    { exec: 'tsc --noEmit -p scripts/tsconfig.json' },
    { exec: 'tsc --noEmit -p test/e2e/actions/tsconfig.json' },
  ],
});
project.testTask.prependSpawn(typecheck);

// jsii-pacmak installs its Python build tools from PyPI: pin them exactly
// (pip reads PIP_CONSTRAINT, also in the isolated build; it must be absolute).
project.tasks.tryFind('package:python')!.reset('PIP_CONSTRAINT="$PWD/python/pacmak-constraints.txt" jsii-pacmak -v --target python');

// jsii does not clean lib/: a stale .js file would otherwise be packaged.
project.preCompileTask.exec('rm -rf lib');

project.synth();
