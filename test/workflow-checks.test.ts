import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  checkWorkflows,
  Finding,
  formatFindings,
  runActionlint,
  runWorkflowParser,
  runZizmor,
} from './support/workflow-checks';

const CHECKOUT = 'actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1';

const CLEAN = `name: clean
on:
  push:
    branches: [main]
permissions: {}
jobs:
  build:
    runs-on: ubuntu-latest
    permissions:
      contents: read
    steps:
      - uses: ${CHECKOUT}
        with:
          persist-credentials: false
      - name: Show ref
        env:
          REF_NAME: \${{ github.ref_name }}
        run: echo "building \${REF_NAME}"
`;

const INJECTION = `name: injection
on:
  issues:
    types: [opened]
permissions: {}
jobs:
  triage:
    runs-on: ubuntu-latest
    permissions: {}
    steps:
      - run: echo "\${{ github.event.issue.title }}"
`;

const UNQUOTED = `name: unquoted
on: push
permissions: {}
jobs:
  build:
    runs-on: ubuntu-latest
    permissions: {}
    steps:
      - env:
          GREETING: hello world
        run: echo $GREETING
`;

const INVALID_KEY = `name: invalid-key
on: push
permissions: {}
jobs:
  build:
    runs-onn: ubuntu-latest
    steps:
      - run: echo hi
`;

let dir: string;
function write(name: string, content: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
}
const only = (findings: Finding[], tool: Finding['tool']) => findings.filter((f) => f.tool === tool);

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'workflow-checks-test-'));
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

test('a clean, least-privilege, SHA-pinned workflow has no findings from any tool', () => {
  const file = write('clean.yml', CLEAN);
  const findings = checkWorkflows([file]);
  expect(formatFindings(findings)).toBe('');
  expect(findings).toEqual([]);
});

test('an untrusted expression inside run: is reported by actionlint and zizmor', () => {
  const file = write('injection.yml', INJECTION);
  const findings = checkWorkflows([file]);

  expect(only(findings, 'actionlint')).toContainEqual(expect.objectContaining({
    file,
    line: 11,
    rule: 'expression',
    message: expect.stringContaining('"github.event.issue.title" is potentially untrusted'),
  }));
  expect(only(findings, 'zizmor')).toContainEqual(expect.objectContaining({
    file,
    line: 11,
    rule: 'template-injection',
  }));
  // Syntactically the workflow is valid.
  expect(only(findings, 'parser')).toEqual([]);
});

test('an unquoted $VAR in run: is reported by shellcheck through actionlint', () => {
  const file = write('unquoted.yml', UNQUOTED);
  const findings = runActionlint([file]);
  expect(findings).toEqual([expect.objectContaining({
    tool: 'actionlint',
    file,
    line: 11,
    rule: 'shellcheck',
    message: expect.stringContaining('SC2086'),
  })]);
});

test('an invalid job key is a parser error (and zizmor refuses to audit the file)', () => {
  const file = write('invalid-key.yml', INVALID_KEY);
  expect(runWorkflowParser([file])).toContainEqual({
    tool: 'parser',
    file,
    line: 6,
    message: "Unexpected value 'runs-onn'",
  });
  expect(runActionlint([file])).toContainEqual(expect.objectContaining({
    rule: 'syntax-check',
    message: expect.stringContaining('unexpected key "runs-onn"'),
  }));
  expect(runZizmor([file])).toEqual([expect.objectContaining({
    tool: 'zizmor',
    file,
    rule: 'not-audited',
  })]);
});

test('findings are attributed to the right file in a mixed batch, with paths as given', () => {
  const clean = write('batch-clean.yml', CLEAN);
  const bad = write('batch-injection.yml', INJECTION);
  const relativeBad = path.relative(process.cwd(), bad);
  const findings = checkWorkflows([clean, relativeBad]);
  expect(findings.filter((f) => f.file === clean)).toEqual([]);
  expect(findings.every((f) => f.file === relativeBad)).toBe(true);
  expect(new Set(findings.map((f) => f.tool))).toEqual(new Set(['actionlint', 'zizmor']));
});

test('a batch of 50 clean workflows is checked quickly with one run per tool', () => {
  const files = Array.from({ length: 50 }, (_, i) => write(`clean-${i}.yml`, CLEAN.replace('name: clean', `name: clean-${i}`)));
  const start = Date.now();
  const findings = checkWorkflows(files);
  const elapsed = Date.now() - start;
  expect(formatFindings(findings)).toBe('');
  expect(elapsed).toBeLessThan(20_000);
});

test('missing input files fail loudly instead of returning no findings', () => {
  const missing = path.join(dir, 'does-not-exist.yml');
  expect(() => runActionlint([missing])).toThrow(/not a file/);
  expect(() => runZizmor([missing])).toThrow(/not a file/);
  expect(() => runWorkflowParser([missing])).toThrow(/not a file/);
});

test('the hand-written seed workflow (test/fixtures/seed-workflow.yml) has known findings', () => {
  const seed = path.join(__dirname, 'fixtures', 'seed-workflow.yml');
  const findings = checkWorkflows([seed]);
  const rules = (tool: Finding['tool']) => [...new Set(only(findings, tool).map((f) => f.rule))].sort();
  expect(only(findings, 'parser')).toEqual([]);
  expect(rules('actionlint')).toEqual(['shellcheck']);
  expect(rules('zizmor')).toEqual(['artipacked', 'template-injection', 'unpinned-uses']);
});
