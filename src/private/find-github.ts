import { Project } from 'projen';
import { GitHub, GitHubProject } from 'projen/lib/github';
import { Problems, show } from './problems';

/**
 * The project's GitHub component, able to take the workflow `workflowName`.
 * Otherwise records what to do for this kind of project: GitHub project
 * types (NodeProject, TypeScriptProject, ...) make the component unless told
 * `github: false`, a subproject's workflows belong to the root project, and a
 * plain Project needs `new GitHub(project)`.
 */
export function findGitHub(problems: Problems, project: Project, workflowName: string | undefined): GitHub | undefined {
  const github = GitHub.of(project);
  if (!github) {
    problems.add(noGitHub(project));
    return undefined;
  }
  if (!github.workflowsEnabled) {
    problems.add('the project has GitHub workflows disabled (`githubOptions: { workflows: false }`); remove that option to generate the publishing workflow');
    return undefined;
  }
  if (typeof workflowName === 'string' && github.tryFindWorkflow(workflowName)) {
    problems.add(`workflowName ${show(workflowName)} is already used by another workflow in this project (.github/workflows/${workflowName.toLowerCase()}.yml); give each publisher its own workflowName`);
    return undefined;
  }
  return github;
}

function noGitHub(project: Project): string {
  const kind = project.constructor.name;
  if (project.parent) {
    return `the project is a subproject (a ${kind} inside ${project.root.name}); GitHub workflows live in the repository's root project, so create the publisher there: \`new MultiArchImagePublisher(root, ...)\`, with paths relative to the repository root`;
  }
  if (project instanceof GitHubProject) {
    return `the project has no GitHub component because the ${kind} was created with \`github: false\`; remove that option (the GitHub component is the default for ${kind})`;
  }
  return `the project has no GitHub component: a plain ${kind} does not make one; add \`new GitHub(project)\` (import { GitHub } from 'projen/lib/github') before the publisher, or use a project type that has one (NodeProject, TypeScriptProject, PythonProject, ...)`;
}
