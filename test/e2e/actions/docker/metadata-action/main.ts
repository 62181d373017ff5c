import * as fs from 'fs';
import * as core from '@actions/core';
import { Util } from '@docker/actions-toolkit/lib/util';
import { run } from '../../lib/docker';
import { parseRule, RunContext, ruleValues, TagValue } from './tags';

const DEFAULT_TAGS = ['type=schedule', 'type=ref,event=branch', 'type=ref,event=tag', 'type=ref,event=pr'];

function runContext(): RunContext {
  const eventPath = process.env.GITHUB_EVENT_PATH;
  const event = eventPath && fs.existsSync(eventPath) ? JSON.parse(fs.readFileSync(eventPath, 'utf-8')) : {};
  return {
    eventName: process.env.GITHUB_EVENT_NAME ?? '',
    ref: process.env.GITHUB_REF ?? '',
    sha: process.env.GITHUB_SHA ?? '',
    prNumber: event.pull_request?.number ?? event.number,
    defaultBranch: event.repository?.default_branch ?? 'main',
    now: new Date(),
  };
}

/**
 * The `flavor` input as the action reads it: comma-separated `key=value`
 * fields per line; `onlatest=true` after a prefix or suffix puts it on the
 * `latest` tag too.
 */
function flavor(): { latest: string; prefix: string; suffix: string; prefixLatest: boolean; suffixLatest: boolean } {
  const result = { latest: 'auto', prefix: '', suffix: '', prefixLatest: false, suffixLatest: false };
  for (const line of Util.getInputList('flavor', { ignoreComma: true })) {
    let onLatestFor = '';
    for (const field of line.split(',')) {
      const [key, value = ''] = field.split('=').map(part => part.trim());
      if (key === 'latest') result.latest = value;
      if (key === 'prefix' || key === 'suffix') {
        result[key] = value;
        onLatestFor = key;
      }
      if (key === 'onlatest' && onLatestFor === 'prefix') result.prefixLatest = value === 'true';
      if (key === 'onlatest' && onLatestFor === 'suffix') result.suffixLatest = value === 'true';
    }
  }
  return result;
}

run(() => {
  const ctx = runContext();
  const flv = flavor();
  const rules = Util.getInputList('tags', { ignoreComma: true, comment: '#' });
  const values: TagValue[] = (rules.length > 0 ? rules : DEFAULT_TAGS).flatMap(line => ruleValues(parseRule(line), ctx));
  values.sort((a, b) => b.priority - a.priority);
  const names = [...new Set(values.map(v => `${flv.prefix}${v.value}${flv.suffix}`))];
  const version = names[0] ?? '';
  const latest = flv.latest === 'true' || (flv.latest === 'auto' && values[0]?.latest === true);
  const latestName = `${flv.prefixLatest ? flv.prefix : ''}latest${flv.suffixLatest ? flv.suffix : ''}`;
  // As the real action's getTags: latest=auto adds `latest` even when a raw rule already gave it.
  if (latest) names.push(latestName);
  const images = Util.getInputList('images', { ignoreComma: true, comment: '#' })
    .map(image => (image.includes('name=') ? /name=([^,]+)/.exec(image)![1] : image).toLowerCase());
  const tags = images.flatMap(image => names.map(name => `${image}:${name}`));

  const repository = process.env.GITHUB_REPOSITORY ?? '';
  const oci: Record<string, string> = {
    'org.opencontainers.image.created': ctx.now.toISOString(),
    'org.opencontainers.image.description': '',
    'org.opencontainers.image.licenses': '',
    'org.opencontainers.image.revision': ctx.sha,
    'org.opencontainers.image.source': `${process.env.GITHUB_SERVER_URL ?? 'https://github.com'}/${repository}`,
    'org.opencontainers.image.title': repository.split('/')[1] ?? '',
    'org.opencontainers.image.url': `${process.env.GITHUB_SERVER_URL ?? 'https://github.com'}/${repository}`,
    'org.opencontainers.image.version': version,
  };
  const extra = (name: string) => Util.getInputList(name, { ignoreComma: true }).map(kv => kv.split(/=(.*)/s).slice(0, 2) as [string, string]);
  const labels = { ...oci, ...Object.fromEntries(extra('labels')) };
  const levels = (process.env.DOCKER_METADATA_ANNOTATIONS_LEVELS || 'manifest').split(',');
  const annotationPairs = Object.entries({ ...oci, ...Object.fromEntries(extra('annotations')) });
  const annotations = levels.flatMap(level => annotationPairs.map(([k, v]) => `${level}:${k}=${v}`));
  const labelLines = Object.entries(labels).map(([k, v]) => `${k}=${v}`);
  const json = JSON.stringify({ tags, labels, annotations }, null, 2);

  const outputs: Record<string, string> = {
    'version': version,
    'tags': tags.join(core.getInput('sep-tags') || '\n'),
    'tag-names': names.join(core.getInput('sep-tags') || '\n'),
    'labels': labelLines.join(core.getInput('sep-labels') || '\n'),
    'annotations': annotations.join(core.getInput('sep-annotations') || '\n'),
    'json': json,
  };
  for (const [name, value] of Object.entries(outputs)) {
    core.setOutput(name, value);
    core.exportVariable(`DOCKER_METADATA_OUTPUT_${name.toUpperCase().replace(/-/g, '_')}`, value);
  }
  core.info(`tags:\n${outputs.tags}`);
});
