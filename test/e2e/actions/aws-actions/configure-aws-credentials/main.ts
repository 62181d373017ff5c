import { run } from '../../lib/docker';

run(() => {
  throw new Error('aws-actions/configure-aws-credentials needs AWS, which the e2e run does not reproduce');
});
