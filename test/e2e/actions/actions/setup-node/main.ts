import * as core from '@actions/core';
import { run } from '../../lib/docker';

run(() => {
  core.info(`node ${core.getInput('node-version') || '(unspecified)'} requested; using the host's ${process.version} (nothing is installed here)`);
  core.setOutput('node-version', process.version);
});
