import * as core from '@actions/core';
import { Util } from '@docker/actions-toolkit/lib/util';
import { run } from '../../lib/docker';

run(() => {
  const platforms = Util.getInputList('platforms');
  core.info(`QEMU requested for ${platforms.join(', ')}; not registered here (the e2e docker run runs foreign platforms under qemu-user itself)`);
  core.setOutput('platforms', platforms.join(','));
});
