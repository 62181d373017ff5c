import * as core from '@actions/core';
import { docker, requiredEnv, run, useJobDockerConfig } from '../../lib/docker';

run(() => {
  useJobDockerConfig();
  const name = core.getInput('name') || `builder-${process.env.GITHUB_JOB ?? 'job'}-${process.pid}`;
  const endpoint = requiredEnv('E2E_BUILDKIT_HOST');
  const use = core.getBooleanInput('use');
  docker(['buildx', 'create', '--name', name, '--driver', 'remote', ...(use ? ['--use'] : []), endpoint]);
  const inspect = docker(['buildx', 'inspect', '--bootstrap', name]);
  const platforms = /^Platforms:\s*(.*)$/m.exec(inspect)?.[1]?.trim() ?? '';
  core.setOutput('name', name);
  core.setOutput('driver', 'remote');
  core.setOutput('platforms', platforms.replace(/\*/g, '').split(/,\s*/).join(','));
  core.setOutput('nodes', JSON.stringify([{ name: `${name}0`, endpoint, status: 'running', platforms }]));
});
