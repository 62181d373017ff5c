/**
 * publisher.publishJobId: the job a user's own job `needs:` to get an image's
 * digest, tags and version (the data flow itself runs in the e2e scenario
 * publish-outputs, test/e2e/scenarios/workflow-shape.ts).
 */
import { BuildStrategy, MultiArchImagePublisher } from '../src';
import { newProject } from './util';

describe('publishJobId', () => {
  test('names the merge job of a native image and the single job of an emulated one', () => {
    const publisher = new MultiArchImagePublisher(newProject(), { images: [{ name: 'worker' }, { name: 'api', strategy: BuildStrategy.EMULATED }] });
    expect({ worker: publisher.publishJobId('worker'), api: publisher.publishJobId('api') }).toEqual({ worker: 'merge-worker', api: 'build-api' });
  });

  test('refuses an unknown image with a plain Error', () => {
    const publisher = new MultiArchImagePublisher(newProject(), { images: [{ name: 'worker' }] });
    expect(() => publisher.publishJobId('wroker')).toThrow(/publishJobId: imageName "wroker" is not published by workflow "publish-images"; its images are "worker"/);
  });
});
