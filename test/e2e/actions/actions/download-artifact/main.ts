import * as path from 'path';
import { DefaultArtifactClient } from '@actions/artifact';
import * as core from '@actions/core';
import { minimatch } from 'minimatch';
import { run } from '../../lib/docker';

run(async () => {
  const name = core.getInput('name');
  const pattern = core.getInput('pattern');
  const merge = core.getBooleanInput('merge-multiple');
  const target = path.resolve(core.getInput('path') || process.env.GITHUB_WORKSPACE || '.');
  const client = new DefaultArtifactClient();
  const all = (await client.listArtifacts({ latest: true })).artifacts;
  let chosen = all;
  if (name) {
    chosen = all.filter(a => a.name === name);
    if (chosen.length === 0) throw new Error(`Artifact not found for name: ${name}`);
  } else if (pattern) {
    chosen = all.filter(a => minimatch(a.name, pattern));
  }
  core.info(`Found ${chosen.length} artifact(s): ${chosen.map(a => a.name).join(', ')}`);
  for (const artifact of chosen) {
    const into = name || merge ? target : path.join(target, artifact.name);
    await client.downloadArtifact(artifact.id, { path: into });
    core.info(`Artifact ${artifact.name} downloaded to ${into}`);
  }
  core.setOutput('download-path', target);
});
