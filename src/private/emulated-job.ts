import { Job, JobPermission } from 'projen/lib/github/workflows-model';
import { ACTIONS, uses } from '../actions';
import { HostArchitecture } from '../platform';
import { buildJobId, cacheScope, PublisherSettings, ResolvedImage } from './model';
import { verifyAndSummarySteps } from './publish-steps';
import { renderRunsOn } from './runs-on';
import { buildxStep, checkoutStep, imageReferences, loginSteps, metadataStep, qemuStep, renderBuildArgs } from './steps';

/**
 * The emulated strategy: one job on an x64 runner builds every platform with
 * QEMU and pushes the tags directly, then verifies the index.
 */
export function emulatedJob(image: ResolvedImage, settings: PublisherSettings): Record<string, Job> {
  const refs = imageReferences(image.name, settings.registries);
  const platforms = image.legs.map(leg => leg.platform);
  const foreign = platforms.filter(p => p.host !== HostArchitecture.X64 || p.emulated);
  const scope = cacheScope(image, 'emulated');
  const buildArgs = renderBuildArgs(image.buildArgs);
  return {
    [buildJobId(image)]: {
      name: `Build and publish ${image.name}`,
      ...renderRunsOn(settings.defaultRunner),
      permissions: { contents: JobPermission.READ, packages: JobPermission.WRITE },
      steps: [
        checkoutStep(),
        ...refs.steps,
        metadataStep(refs.names, image.tags),
        ...(foreign.length ? [qemuStep(foreign.map(p => p.value).join(','))] : []),
        buildxStep(),
        ...loginSteps(settings.registries),
        {
          name: 'Build and push every platform',
          id: 'build',
          uses: uses(ACTIONS.buildPush),
          with: {
            'context': image.context,
            'file': image.dockerfile,
            'platforms': platforms.map(p => p.value).join(','),
            'target': image.target,
            'build-args': buildArgs || undefined,
            'push': true,
            'tags': '${{ steps.meta.outputs.tags }}',
            'labels': '${{ steps.meta.outputs.labels }}',
            'cache-from': `type=gha,scope=${scope}`,
            'cache-to': `type=gha,mode=max,scope=${scope}`,
          },
        },
        ...verifyAndSummarySteps(image, refs.names),
      ],
    },
  };
}
