#!/usr/bin/env node
// Validates GitHub Actions workflow files with GitHub's official parser
// (@actions/workflow-parser, the one behind the Actions language server).
//
// Usage: node scripts/parse-workflows.mjs <workflow.yml>...
// Prints one JSON array to stdout:
//   [{ "tool": "parser", "file": "<path as given>", "line": 3, "message": "..." }, ...]
// Exit code 0 whenever every file was read and parsed (findings or not);
// non-zero (with a message on stderr) on any crash, so callers can fail loudly.
//
// The package is ESM-only and its dist imports a JSON schema without an import
// attribute, which plain Node refuses to load. We therefore bundle it once with
// esbuild into <repo>/.tools/workflow-parser-<version>.cjs and require that.
import { createRequire } from 'node:module';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(repoRoot, 'package.json'));

function loadParser() {
  // package.json is not in the package's "exports": locate it from the resolved entry.
  const entry = fileURLToPath(import.meta.resolve('@actions/workflow-parser'));
  const pkgDir = path.resolve(path.dirname(entry), '..');
  const pkgJsonPath = path.join(pkgDir, 'package.json');
  const version = JSON.parse(fs.readFileSync(pkgJsonPath, 'utf8')).version;
  const bundle = path.join(repoRoot, '.tools', `workflow-parser-${version}.cjs`);
  if (!fs.existsSync(bundle)) {
    const esbuild = require('esbuild');
    fs.mkdirSync(path.dirname(bundle), { recursive: true });
    // Build to a unique temp name and rename: safe when several jest workers race.
    const tmp = `${bundle}.${process.pid}.tmp`;
    esbuild.buildSync({
      stdin: {
        contents: [
          "export * from '@actions/workflow-parser';",
          "export { ErrorPolicy } from '@actions/workflow-parser/model/convert';",
        ].join('\n'),
        resolveDir: pkgDir,
        loader: 'js',
      },
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      outfile: tmp,
      logLevel: 'error',
    });
    fs.renameSync(tmp, bundle);
  }
  return require(bundle);
}

async function parseOne(parser, file) {
  const content = fs.readFileSync(file, 'utf8');
  const parsed = parser.parseWorkflow({ name: file, content }, new parser.NoOperationTraceWriter());
  if (parsed.value !== undefined) {
    // Adds semantic errors (job needs, matrix, events, cron, ...) to the same context.
    // With the default error policy it returns early when parsing already failed.
    await parser.convertWorkflowTemplate(parsed.context, parsed.value, undefined, {
      errorPolicy: parser.ErrorPolicy.ReturnErrorsOnly,
    });
  }
  const findings = parsed.context.errors.getErrors().map((err) => {
    const finding = { tool: 'parser', file, message: err.rawMessage ?? err.message };
    if (err.range && err.range.start) finding.line = err.range.start.line;
    if (err.code) finding.rule = err.code;
    return finding;
  });
  if (parsed.value === undefined && findings.length === 0) {
    findings.push({ tool: 'parser', file, message: 'workflow could not be parsed (no template produced)' });
  }
  return findings;
}

async function main() {
  const files = process.argv.slice(2);
  if (files.length === 0) {
    process.stderr.write('usage: parse-workflows.mjs <workflow.yml>...\n');
    process.exit(2);
  }
  const parser = loadParser();
  const all = [];
  for (const file of files) {
    all.push(...(await parseOne(parser, file)));
  }
  process.stdout.write(JSON.stringify(all) + '\n');
}

main().catch((err) => {
  process.stderr.write(`parse-workflows: ${err && err.stack ? err.stack : String(err)}\n`);
  process.exit(1);
});
