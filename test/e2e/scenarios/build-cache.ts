import * as fs from 'fs';
import * as path from 'path';
import { BuildStrategy, Cache, Platform, TagRule } from '../../../src';
import { Events } from '../act';
import { SCRATCH_DOCKERFILE, SCRATCH_FILES, Scenario, ScenarioOutcome } from '../scenario';

/**
 * Cache locations: with `Cache.registry()` every leg reads and writes a cache
 * image of its own (tag `buildcache-<pair>` in the image's lowercase
 * repository, owner Acme-Cache), written by BuildKit to the registry;
 * `Cache.gha()` goes to act's cache server on 127.0.0.1.
 */

const OWNER = 'Acme-Cache';
const ARM_V7 = ['linux/amd64', 'linux/arm/v7', 'linux/arm64'];
const BOTH = ['linux/amd64', 'linux/arm64'];

/** Each image's cache tags; cli is one emulated build. */
const CACHE_TAGS: Record<string, string[]> = {
  'server': ['buildcache-linux-amd64', 'buildcache-linux-arm64', 'buildcache-linux-arm-v7'],
  'server-worker': ['buildcache-linux-amd64', 'buildcache-linux-arm64'],
  'cli': ['buildcache-emulated'],
};

/** Each line of act's JSON log: the job and matrix leg it came from, and its text. */
function logEntries(log: string): Array<{ job: string; platform?: string; msg: string }> {
  return log.split('\n').filter(line => line.startsWith('{')).flatMap(line => {
    try {
      const entry = JSON.parse(line);
      return [{ job: String(entry.jobID ?? ''), platform: entry.matrix?.platform, msg: String(entry.msg ?? '') }];
    } catch { return []; }
  });
}

/**
 * The entries act's cache server stored in this run (its bolt database, read
 * as text: each entry is JSON). Scenarios run one at a time, so this run's act
 * directory is the one whose event file was written last.
 */
function actCacheEntries(runDir: string): string {
  const dirs = fs.readdirSync(runDir).filter(d => d.startsWith('act-')).map(d => path.join(runDir, d));
  const latest = dirs.sort((a, b) => fs.statSync(path.join(a, 'event.json')).mtimeMs - fs.statSync(path.join(b, 'event.json')).mtimeMs).pop();
  const db = latest && path.join(latest, 'cache', 'bolt.db');
  return db && fs.existsSync(db) ? fs.readFileSync(db, 'latin1') : '';
}

function verifyCaches({ env, reader, result }: ScenarioOutcome): string[] {
  const problems: string[] = [];
  const logged = logEntries(result.log);
  for (const [image, tags] of Object.entries(CACHE_TAGS)) {
    for (const tag of tags) {
      const repository = `${env.registry.host}/${OWNER.toLowerCase()}/${image}`;
      const ref = `${repository}:${tag}`;
      if (!reader.tags(repository).includes(tag)) {
        problems.push(`${ref} was not written`);
        continue;
      }
      // BuildKit's cache export (image-manifest=true): an image manifest whose config is the cache's.
      const mediaType = reader.manifest(ref).config?.mediaType;
      if (mediaType !== 'application/vnd.buildkit.cacheconfig.v0') problems.push(`${ref} is not a BuildKit cache image (config ${mediaType})`);
      // Its own leg (and only it) imported it before building.
      const pair = tag.replace('buildcache-', '');
      const readers = logged.filter(e => e.msg.includes(`importing cache manifest from ${ref}`));
      const legs = [...new Set(readers.map(e => `${e.job} ${e.platform ?? 'emulated'}`))];
      const expected = `build-${image} ${pair === 'emulated' ? 'emulated' : pair.replace(/-/g, '/')}`;
      if (legs.join() !== expected) problems.push(`${ref} was read by [${legs.join(', ')}], expected [${expected}]`);
    }
  }
  // docs uses Cache.gha(): each leg's scope is a complete entry in act's cache server.
  const ghaEntries = actCacheEntries(env.runDir);
  for (const pair of ['linux-amd64', 'linux-arm64']) {
    const scope = `images~docs~${pair}`;
    if (!new RegExp(`"key":"index-${scope}-[^"]*","version":"[0-9a-f]+","cacheSize":[0-9]+,"complete":true`).test(ghaEntries)) {
      problems.push(`act's cache server holds no complete entry of scope ${scope}`);
    }
  }
  return problems;
}

export const BUILD_CACHE_SCENARIOS: Scenario[] = [
  {
    name: 'build-cache',
    owner: OWNER,
    options: () => ({
      workflowName: 'images',
      tags: [TagRule.semver('{{version}}')],
      cache: Cache.registry(),
      images: [
        { name: 'server', platforms: [Platform.LINUX_AMD64, Platform.LINUX_ARM64, Platform.LINUX_ARM_V7] },
        { name: 'server-worker', platforms: [Platform.LINUX_AMD64, Platform.LINUX_ARM64] },
        { name: 'cli', strategy: BuildStrategy.EMULATED },
        { name: 'docs', cache: Cache.gha() },
      ],
    }),
    event: Events.tagPush('v1.2.3'),
    files: { ...SCRATCH_FILES, 'hello-arm.txt': 'hello from arm\n', 'Dockerfile': SCRATCH_DOCKERFILE },
    expect: {
      success: true,
      published: env => ['server', 'server-worker', 'cli', 'docs'].map(image => ({
        repository: `${env.registry.host}/${OWNER.toLowerCase()}/${image}`,
        tags: ['1.2.3', 'latest'],
        platforms: image === 'server' ? ARM_V7 : BOTH,
        cacheTags: CACHE_TAGS[image] ?? [],
      })),
      verify: verifyCaches,
    },
  },
];
