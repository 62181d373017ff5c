import * as core from '@actions/core';
import { docker, requiredEnv, run, useJobDockerConfig } from '../../lib/docker';
import { record } from '../../lib/record';

run(() => {
  useJobDockerConfig();
  if (core.getInput('registry-type') !== 'private') throw new Error('ECR Public is not reproduced by the e2e run');
  // The AWS SDK's message when no credentials are in the environment.
  if (!process.env.AWS_ACCESS_KEY_ID || !process.env.AWS_SECRET_ACCESS_KEY) throw new Error('Could not load credentials from any providers');
  const region = process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION;
  if (!region) throw new Error('Region is missing');
  // The real action defaults to the caller's own account (STS); here the input must name it.
  const accounts = core.getInput('registries').split(',').map(a => a.trim()).filter(Boolean);
  if (accounts.length === 0) throw new Error('the e2e stand-in needs the registries input (no STS here)');
  const hosts = accounts.map(account => `${account}.dkr.ecr.${region}.amazonaws.com`);
  for (const host of hosts) {
    // GetAuthorizationToken's password is, here, the run's password of user AWS.
    docker(['login', '--username', 'AWS', '--password-stdin', host], { input: requiredEnv('E2E_ECR_PASSWORD') });
    core.setOutput(`docker_username_${host.replace(/\./g, '_')}`, 'AWS');
    record('ecr-login', { registry: host, username: 'AWS' });
  }
  core.setOutput('registry', hosts.join(','));
});
