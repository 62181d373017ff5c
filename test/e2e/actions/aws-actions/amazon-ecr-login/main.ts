import { run } from '../../lib/docker';

run(() => {
  throw new Error('aws-actions/amazon-ecr-login needs AWS, which the e2e run does not reproduce');
});
