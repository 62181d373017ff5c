import * as fs from 'fs';
import * as path from 'path';
import * as core from '@actions/core';
import { Build } from '@docker/actions-toolkit/lib/buildx/build';
import { Util } from '@docker/actions-toolkit/lib/util';
import { docker, requiredEnv, run, useJobDockerConfig } from '../../lib/docker';

/** The arguments build-push-action v7 gives `docker buildx build` for the inputs our workflows use. */
function buildArgs(metadataFile: string, iidFile: string, loadDir: string): string[] {
  const args = ['buildx', 'build'];
  const list = (name: string, flag: string, ignoreComma = true) =>
    Util.getInputList(name, { ignoreComma, quote: name === 'outputs' ? false : undefined }).forEach(v => args.push(flag, v));
  list('annotations', '--annotation');
  list('build-args', '--build-arg');
  list('cache-from', '--cache-from');
  Util.getInputList('cache-to', { ignoreComma: true }).forEach(v => args.push('--cache-to', Build.resolveCacheToAttrs(v)));
  if (core.getInput('file')) args.push('--file', core.getInput('file'));
  args.push('--iidfile', iidFile);
  list('labels', '--label');
  list('outputs', '--output');
  const platforms = Util.getInputList('platforms');
  if (platforms.length > 0) args.push('--platform', platforms.join(','));
  const exporters = Util.getInputList('outputs', { ignoreComma: true, quote: false });
  const load = core.getBooleanInput('load');
  const provenance = Build.getProvenanceInput('provenance');
  if (provenance) {
    args.push('--provenance', provenance);
  } else if (!Build.hasDockerExporter(exporters, load)) {
    // The action's default for a repository whose event payload does not say it is public.
    args.push('--provenance', Build.resolveProvenanceAttrs('mode=min'));
  }
  if (core.getInput('sbom')) args.push('--sbom', core.getInput('sbom'));
  // As the action does: each `id=value` goes to a temporary file; an empty value (a fork's pull
  // request gets empty secrets) is warned about and left out, so BuildKit mounts nothing.
  Util.getInputList('secrets', { ignoreComma: true }).forEach(secret => {
    try {
      args.push('--secret', Build.resolveSecretString(secret));
    } catch (error) {
      core.warning((error as Error).message);
    }
  });
  list('tags', '--tag', false);
  if (core.getInput('target')) args.push('--target', core.getInput('target'));
  args.push('--metadata-file', metadataFile);
  if (core.getBooleanInput('no-cache')) args.push('--no-cache');
  if (core.getBooleanInput('pull')) args.push('--pull');
  if (core.getBooleanInput('push')) args.push('--push');
  // `--load` needs a Docker engine: the image goes to an OCI layout instead, which
  // the e2e `docker run` (test/e2e/runtime/docker) reads by the image's tags.
  if (load) args.push('--output', `type=oci,dest=${loadDir},tar=false`);
  if (core.getInput('builder')) args.push('--builder', core.getInput('builder'));
  args.push(core.getInput('context') || '.');
  return args;
}

/** Names a "loaded" layout after each tag, where the e2e `docker run` looks for local images. */
function nameLoadedImage(loadDir: string): void {
  const images = path.join(requiredEnv('RUNNER_TEMP'), 'e2e-local-images');
  fs.mkdirSync(images, { recursive: true });
  for (const tag of Util.getInputList('tags', { ignoreComma: false })) {
    const name = /[:@]/.test(tag.split('/').pop()!) ? tag : `${tag}:latest`;
    const link = path.join(images, name.replace(/\//g, '~'));
    fs.rmSync(link, { force: true });
    fs.symlinkSync(loadDir, link);
    core.info(`loaded ${name} (an OCI layout for the e2e docker run)`);
  }
}

run(() => {
  useJobDockerConfig();
  const dir = fs.mkdtempSync(path.join(requiredEnv('RUNNER_TEMP'), 'build-push-'));
  const metadataFile = path.join(dir, 'metadata.json');
  const iidFile = path.join(dir, 'iidfile');
  const loadDir = path.join(dir, 'loaded');
  docker(buildArgs(metadataFile, iidFile, loadDir));
  if (fs.existsSync(loadDir)) nameLoadedImage(loadDir);
  const metadata = fs.existsSync(metadataFile) ? fs.readFileSync(metadataFile, 'utf-8') : '';
  const parsed = metadata ? JSON.parse(metadata) as Record<string, unknown> : {};
  const digest = typeof parsed['containerimage.digest'] === 'string' ? parsed['containerimage.digest'] : '';
  const imageId = fs.existsSync(iidFile) ? fs.readFileSync(iidFile, 'utf-8').trim() : '';
  if (imageId) core.setOutput('imageid', imageId);
  if (digest) core.setOutput('digest', digest);
  if (metadata) core.setOutput('metadata', metadata);
  core.info(`digest: ${digest || '(none)'}`);
});
