import * as core from '@actions/core';
import { run } from '../../lib/docker';

run(() => {
  throw new Error(`checkout of ${core.getInput('repository') || 'this repository'} is not reproduced by the e2e run (act checks out only the repository under test)`);
});
