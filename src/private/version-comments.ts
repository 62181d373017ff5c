import { IResolver, YamlFile } from 'projen';
import { addVersionComments } from '../actions';

interface Renderable {
  synthesizeContent(resolver: IResolver): string | undefined;
}

/**
 * projen's YAML model cannot carry comments, so the workflow file's renderer
 * is wrapped to write each pinned action's version after its SHA. This runs
 * during synthesis (unlike postSynthesize, which `--no-post` and
 * `Testing.synth` skip).
 */
export function annotateActionVersions(file: YamlFile): void {
  const renderable = file as unknown as Renderable;
  const render = renderable.synthesizeContent.bind(file);
  renderable.synthesizeContent = (resolver: IResolver) => {
    const content = render(resolver);
    return content === undefined ? undefined : addVersionComments(content);
  };
}
