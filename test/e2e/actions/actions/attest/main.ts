import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as core from '@actions/core';
import { run } from '../../lib/docker';
import { record } from '../../lib/record';

/** The Docker config entry for a registry, found the way the attest action's OCI client looks it up. */
function hasCredentials(registry: string): boolean {
  const file = path.join(process.env.DOCKER_CONFIG ?? path.join(os.homedir(), '.docker'), 'config.json');
  const auths = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf-8')).auths ?? {} : {};
  return Object.keys(auths).some(key => key.includes(registry));
}

run(() => {
  const name = core.getInput('subject-name');
  const digest = core.getInput('subject-digest');
  const push = core.getBooleanInput('push-to-registry');
  if (core.getInput('subject-path') || core.getInput('subject-checksums')) throw new Error('subject-path and subject-checksums are not reproduced by the e2e stand-in');
  if (!name || !digest) throw new Error('One of subject-path, subject-digest or subject-checksums must be provided (subject-digest with subject-name)');
  if (!/^sha256:[0-9a-f]{64}$/.test(digest)) throw new Error(`subject-digest must be in the format "sha256:<hex>", got "${digest}"`);
  if (push) {
    const registry = name.split('/')[0];
    if (!hasCredentials(registry)) throw new Error(`No credential found for registry ${registry}`);
    // The real action attaches the attestation to name@digest: that manifest must exist.
    const found = spawnSync('crane', ['digest', `${name}@${digest}`], { encoding: 'utf-8' });
    if (found.status !== 0 || found.stdout.trim() !== digest) throw new Error(`${name}@${digest} is not in the registry: ${found.stderr.trim()}`);
  }
  record('attest', { subjectName: name, subjectDigest: digest, pushToRegistry: push, predicateType: core.getInput('predicate-type') || 'https://slsa.dev/provenance/v1' });
  core.setOutput('attestation-id', `e2e-${digest.slice(7, 19)}`);
});
