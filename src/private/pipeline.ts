import { Job } from 'projen/lib/github/workflows-model';
import { BuildStrategy } from '../build-strategy';
import { emulatedJob } from './emulated-job';
import { PublisherSettings, ResolvedImage } from './model';
import { nativeJobs } from './native-jobs';
import { PublishSource } from './publish-source';

/** The jobs that publish one image from `source`, by the image's strategy. */
export function pipelineJobs(image: ResolvedImage, settings: PublisherSettings, source: PublishSource): Record<string, Job> {
  return image.strategy === BuildStrategy.EMULATED
    ? emulatedJob(image, settings, source)
    : nativeJobs(image, settings, source);
}
