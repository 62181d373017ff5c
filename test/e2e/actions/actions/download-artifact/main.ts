import * as path from 'path';
import { DefaultArtifactClient } from '@actions/artifact';
import * as core from '@actions/core';
import { minimatch } from 'minimatch';
import { run } from '../../lib/docker';

run(async () => {
  const name = core.getInput('name');
  const pattern = core.getInput('pattern');
  const ids = core.getInput('artifact-ids').split(',').map(id => id.trim()).filter(id => id !== '');
  const merge = core.getBooleanInput('merge-multiple');
  const target = path.resolve(core.getInput('path') || process.env.GITHUB_WORKSPACE || '.');
  const client = new DefaultArtifactClient();
  const all = (await client.listArtifacts({ latest: true })).artifacts;
  let chosen = all;
  if (name) {
    chosen = all.filter(a => a.name === name);
    if (chosen.length === 0) throw new Error(`Artifact not found for name: ${name}`);
  } else if (ids.length > 0) {
    chosen = all.filter(a => ids.includes(String(a.id)));
    if (chosen.length !== ids.length) throw new Error(`Artifact not found for id(s): ${ids.join(', ')}`);
  } else if (pattern) {
    chosen = all.filter(a => minimatch(a.name, pattern));
  }
  core.info(`Found ${chosen.length} artifact(s): ${chosen.map(a => a.name).join(', ')}`);
  for (const artifact of chosen) {
    // As the real action (v5 on): one artifact named by name or by id goes into path itself.
    const into = name || merge || ids.length === 1 ? target : path.join(target, artifact.name);
    await client.downloadArtifact(artifact.id, { path: into });
    core.info(`Artifact ${artifact.name} downloaded to ${into}`);
  }
  core.setOutput('download-path', target);
});
