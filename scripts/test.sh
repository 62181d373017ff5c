#!/usr/bin/env bash
# The test command: everything a fresh machine needs, then every check.
#   1. pinned linters (actionlint + shellcheck, zizmor, jq) and npm dependencies
#   2. `projen build`: synth, jsii compile, API.md, jest (--ci: snapshots are
#      never written), eslint, jsii-pacmak (npm package and Python wheel)
#   3. the main job: the example project regenerates its workflow
#   4. projen compatibility: the packed library installed into consumer projects
#      on the lowest supported projen and the newest writes the same workflow
#   5. scripts/e2e.sh: generated workflows run under act on real BuildKit,
#      buildx and registries (its tools install on first use)
#   6. the Python example: the wheel from step 2 regenerates the same workflow
#   7. drift: the build and the main job must leave the checkout unchanged
#      (a stale snapshot, API.md, example workflow or lint fix fails here)
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-tools.sh
if [ ! -d node_modules ] || [ "${CI:-}" = "true" ]; then
  npm ci --no-audit --no-fund
fi

npx projen build
bash scripts/main-job.sh
npx ts-node --transpile-only --project projenrc/tsconfig.json scripts/projen-compat.ts
# Generated workflows run for real: act, BuildKit, buildx, registries (test/e2e/).
bash scripts/e2e.sh
# With CI set, projen's build packages JavaScript only (its release workflow builds each
# language in a job of its own): build the wheel the Python example installs.
if [ "${CI:-}" = "true" ]; then
  npx projen package:python
fi
bash scripts/python-example.sh

if [ -n "$(git status --porcelain)" ]; then
  echo "The build changed the checkout; commit the regenerated files after reviewing them:" >&2
  git status --porcelain >&2
  git --no-pager diff --stat >&2
  git --no-pager diff >&2 | head -200
  exit 1
fi

# One plain closing line for whoever reads the log.
node -e '
const xml = require("fs").readFileSync("test-reports/junit.xml", "utf-8");
const attr = name => Number((xml.match(new RegExp("<testsuites[^>]*\\b" + name + "=\"(\\d+)\"")) || [])[1] || 0);
const tests = attr("tests"), failed = attr("failures") + attr("errors"), skipped = attr("skipped");
console.log(`jest: ${tests - failed - skipped} passed, ${failed} failed, ${skipped} skipped`);
if (tests === 0 || failed > 0) process.exit(1);
'
