import * as core from '@actions/core';
import { docker, run, useJobDockerConfig } from '../../lib/docker';

run(() => {
  useJobDockerConfig();
  const registry = core.getInput('registry');
  const username = core.getInput('username');
  const password = core.getInput('password');
  if (!username || !password) throw new Error('Username and password required');
  if (/\.dkr\.ecr\.|\.amazonaws\.com/.test(registry)) throw new Error(`ECR login (${registry}) is not reproduced by the e2e run`);
  docker(['login', '--username', username, '--password-stdin', ...(registry ? [registry] : [])], { input: password });
});
