import * as core from '@actions/core';
import { run } from '../../lib/docker';
import { record } from '../../lib/record';

run(() => {
  const region = core.getInput('aws-region', { required: true });
  const role = core.getInput('role-to-assume');
  if (!/^[a-z]{2}(-gov)?-[a-z]+-\d$/.test(region)) throw new Error(`Region is not valid: ${region}`);
  // The real action falls back to the SDK's provider chain without a role; this run has none.
  if (!role) throw new Error('Credentials could not be loaded, please check your action inputs: Could not load credentials from any providers');
  const account = /^arn:aws[\w-]*:iam::(\d{12}):role\/.+$/.exec(role)?.[1];
  if (!account) throw new Error(`role-to-assume is not a role ARN: ${role}`);
  record('aws-credentials', { roleToAssume: role, region, audience: core.getInput('audience') });
  // Made-up session credentials: the AWS SDK would need them, and the ECR login stand-in does.
  const credentials = { AWS_ACCESS_KEY_ID: 'ASIAE2ESTANDIN', AWS_SECRET_ACCESS_KEY: 'e2e-secret', AWS_SESSION_TOKEN: 'e2e-session' };
  for (const [name, value] of Object.entries({ ...credentials, AWS_REGION: region, AWS_DEFAULT_REGION: region })) {
    if (name !== 'AWS_REGION' && name !== 'AWS_DEFAULT_REGION') core.setSecret(value);
    core.exportVariable(name, value);
  }
  core.setOutput('aws-account-id', account);
});
