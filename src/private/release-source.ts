import { JobStep } from 'projen/lib/github/workflows-model';
import { ACTIONS, uses } from '../actions';
import { ProjenRelease, ReleaseBranch } from './projen-release';
import { PublishSource } from './publish-source';
import { PUBLISHING_EVENTS } from './publish-steps';
import { READ_RELEASED_VERSION, READ_REQUESTED_VERSION } from './release-scripts';
import { ReleasedVersion, releasedVersionFlavor, releasedVersionRules } from './release-tags';

/** projen's release job uploads its artifacts directory under this name. */
const PROJEN_BUILD_ARTIFACT = 'build-artifact';

const STEP_ID = 'release';

/** The outputs of the step that reads the version. */
const RELEASED: ReleasedVersion = {
  version: `\${{ steps.${STEP_ID}.outputs.version }}`,
  gitTag: `\${{ steps.${STEP_ID}.outputs.git_tag }}`,
  dockerTag: `\${{ steps.${STEP_ID}.outputs.docker_tag }}`,
};

/**
 * A new version released by projen's release workflow of `branch`: the
 * jobs wait for the release job, run only when it released a new version
 * (projen's own condition for publishing) and never on a dry run, build the
 * released commit, and tag it from the version in projen's build artifact.
 */
export function projenReleaseSource(release: ProjenRelease, latest: boolean): PublishSource {
  const steps: JobStep[] = [
    {
      name: 'Download the release version',
      uses: uses(ACTIONS.downloadArtifact),
      with: { name: PROJEN_BUILD_ARTIFACT, path: '${{ runner.temp }}/release' },
    },
    {
      name: 'Read the release version',
      id: STEP_ID,
      shell: 'bash',
      run: READ_RELEASED_VERSION,
    },
  ];
  return {
    needs: [release.releaseJobId],
    condition: `${release.publishCondition} && !inputs.dry_run`,
    checkoutRef: `\${{ needs.${release.releaseJobId}.outputs.latest_commit }}`,
    versionSteps: steps,
    tagRules: image => releasedVersionRules(image.tags, RELEASED, latest),
    flavor: image => releasedVersionFlavor(image, latest),
  };
}

/**
 * A release published again by hand (`workflow_dispatch` with a `version`
 * input naming its Git tag): the tag is checked against projen's tag format
 * before anything uses it, checked out and tagged like the release was,
 * except that `latest` never moves.
 */
export function republishSource(branches: ReleaseBranch[], pullRequests: boolean): PublishSource {
  const prefixes = [...new Set(branches.map(branch => branch.tagPrefix))].sort((a, b) => b.length - a.length);
  return {
    needs: [],
    condition: pullRequests ? PUBLISHING_EVENTS : undefined,
    checkoutRef: `refs/tags/${RELEASED.gitTag}`,
    versionSteps: [{
      name: 'Read the requested version',
      id: STEP_ID,
      shell: 'bash',
      env: { REQUESTED_TAG: `\${{ inputs.${REPUBLISH_INPUT} }}`, TAG_PREFIXES: prefixes.join('\n') },
      run: READ_REQUESTED_VERSION,
    }],
    tagRules: image => releasedVersionRules(image.tags, RELEASED, false),
    flavor: image => releasedVersionFlavor(image, false),
  };
}

/** The `workflow_dispatch` input of the republishing workflow. */
export const REPUBLISH_INPUT = 'version';
