import { JobStep } from 'projen/lib/github/workflows-model';
import { Registry } from '../registry';

const IMAGE_STEP_ID = 'image';

/**
 * The references of one image in the registries a run publishes to, in the
 * forms the steps want them. Each is a literal when everything is known
 * when the workflow is written, else an output of the step that computes it.
 */
export interface ImageReferences {
  /** The steps that compute the references at run time (none when all are static). */
  readonly steps: JobStep[];
  /** One reference per line (metadata-action's `images`). */
  readonly lines: string;
  /** Comma-separated (build-push-action's `name=` of `outputs`). */
  readonly commas: string;
  /** Space-separated (the publishing scripts' `IMAGES`). */
  readonly spaces: string;
  /** The first reference (the one a smoke test pulls). */
  readonly first: string;
  /** Each registry's reference, in the order of the registries, whether or not it is used this run. */
  readonly perRegistry: string[];
}

/**
 * Registries that decide the namespace at run time (GHCR's repository owner)
 * get it from a step that lowercases it: registries reject capital letters.
 * Registries with a `condition` are left out of a run where it is false; the
 * step reads each condition's value from `env`, never from the script text.
 */
export function imageReferences(imageName: string, registries: Registry[]): ImageReferences {
  if (registries.some(registry => registry.condition !== undefined)) {
    return chosenAtRunTime(imageName, registries);
  }
  const env: Record<string, string> = {};
  const script: string[] = ['set -u'];
  const names = registries.map((registry, index) => {
    if (registry.namespace !== undefined) {
      return registry.imagePath(imageName);
    }
    const output = `ref${index}`;
    env.REPOSITORY_OWNER = '${{ github.repository_owner }}';
    script.push(`echo "${output}=${registry.host}/\${REPOSITORY_OWNER,,}/${imageName}" >> "$GITHUB_OUTPUT"`);
    return `\${{ steps.${IMAGE_STEP_ID}.outputs.${output} }}`;
  });
  const steps: JobStep[] = script.length === 1 ? [] : [{
    name: 'Compute lowercase image references',
    id: IMAGE_STEP_ID,
    shell: 'bash',
    env,
    run: script.join('\n') + '\n',
  }];
  return { steps, lines: names.join('\n'), commas: names.join(','), spaces: names.join(' '), first: names[0], perRegistry: names };
}

/** The references of the registries whose condition holds, computed by one step. */
function chosenAtRunTime(imageName: string, registries: Registry[]): ImageReferences {
  const env: Record<string, string> = {};
  const script = ['set -u', 'images=()'];
  registries.forEach((registry, index) => {
    const reference = registry.namespace === undefined
      ? `${registry.host}/\${REPOSITORY_OWNER,,}/${imageName}`
      : registry.imagePath(imageName);
    if (registry.namespace === undefined) env.REPOSITORY_OWNER = '${{ github.repository_owner }}';
    script.push(`echo "ref${index}=${reference}" >> "$GITHUB_OUTPUT"`);
    if (registry.condition === undefined) {
      script.push(`images+=("${reference}")`);
    } else {
      env[`USE_REGISTRY_${index}`] = `\${{ ${registry.condition} }}`;
      script.push(`if [ "$USE_REGISTRY_${index}" = true ]; then images+=("${reference}"); fi`);
    }
  });
  script.push(
    'if [ "${#images[@]}" -eq 0 ]; then',
    '  echo "::error::The condition of every registry is false for this run; there is nowhere to publish"',
    '  exit 1',
    'fi',
    '{',
    '  echo "lines<<EOF"',
    '  printf \'%s\\n\' "${images[@]}"',
    '  echo "EOF"',
    '  echo "commas=$(IFS=,; echo "${images[*]}")"',
    '  echo "spaces=${images[*]}"',
    '  echo "first=${images[0]}"',
    '} >> "$GITHUB_OUTPUT"',
  );
  const output = (name: string) => `\${{ steps.${IMAGE_STEP_ID}.outputs.${name} }}`;
  return {
    steps: [{
      name: 'Compute the image references of this run',
      id: IMAGE_STEP_ID,
      shell: 'bash',
      env,
      run: script.join('\n') + '\n',
    }],
    lines: output('lines'),
    commas: output('commas'),
    spaces: output('spaces'),
    first: output('first'),
    perRegistry: registries.map((_registry, index) => output(`ref${index}`)),
  };
}
