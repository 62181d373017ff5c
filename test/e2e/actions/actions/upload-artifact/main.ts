import * as fs from 'fs';
import * as path from 'path';
import { DefaultArtifactClient } from '@actions/artifact';
import * as core from '@actions/core';
import * as glob from '@actions/glob';
import { keepActUploadSignatures } from '../../lib/act-artifacts';
import { run } from '../../lib/docker';

/** The deepest directory holding every search path, as upload-artifact roots a multi-path upload. */
function commonRoot(searchPaths: string[]): string {
  const split = searchPaths.map(p => p.split(path.sep));
  const common: string[] = [];
  for (let i = 0; split.every(parts => i < parts.length && parts[i] === split[0][i]); i++) common.push(split[0][i]);
  return common.join(path.sep) || path.sep;
}

run(async () => {
  const name = core.getInput('name');
  const ifNoFiles = core.getInput('if-no-files-found');
  const globber = await glob.create(core.getInput('path', { required: true }), {
    excludeHiddenFiles: !core.getBooleanInput('include-hidden-files'),
  });
  const files = (await globber.glob()).filter(file => !fs.statSync(file).isDirectory());
  if (files.length === 0) {
    const message = `No files were found with the provided path: ${core.getInput('path')}. No artifacts will be uploaded.`;
    if (ifNoFiles === 'error') throw new Error(message);
    if (ifNoFiles === 'warn') core.warning(message);
    else core.info(message);
    return;
  }
  const searchPaths = globber.getSearchPaths();
  const root = searchPaths.length === 1 && fs.statSync(searchPaths[0]).isDirectory() ? searchPaths[0] : commonRoot(searchPaths.map(p => path.dirname(p)));
  keepActUploadSignatures();
  const client = new DefaultArtifactClient();
  if (core.getBooleanInput('overwrite')) {
    await client.deleteArtifact(name).catch(() => core.info(`No artifact ${name} to overwrite`));
  }
  const retention = core.getInput('retention-days');
  const response = await client.uploadArtifact(name, files, root, retention ? { retentionDays: Number(retention) } : {});
  core.info(`Artifact ${name} (${files.length} file(s)) uploaded with id ${response.id}`);
  core.setOutput('artifact-id', String(response.id ?? ''));
  core.setOutput('artifact-digest', response.digest ?? '');
});
