import { FileBase, IResolver, Project } from 'projen';

/** The task the component adds to the consumer project. */
export const PLAN_TASK = 'images:plan';

/** A generated text file whose content is rendered at synthesis. */
class PlanFile extends FileBase {
  constructor(project: Project, filePath: string, private readonly render: () => string) {
    // Committed like projen's own .projen/ files: a pull request shows how the plan changes.
    super(project, filePath, { readonly: true, marker: false });
  }

  protected synthesizeContent(_resolver: IResolver): string {
    return this.render();
  }
}

/**
 * Writes the plan of one publisher to `.projen/images-plan-<workflowName>.txt` and
 * has the `images:plan` task print it, after synthesizing the projenrc so the
 * plan always shows the current options. The print step is plain node reading
 * a file: it needs neither this library (a Python consumer has no copy of it
 * in node_modules) nor a build, nor the network (post-synthesis steps such as
 * dependency installs are turned off for the task).
 */
export function addPlanTask(project: Project, workflowName: string, render: () => string): void {
  const filePath = `.projen/images-plan-${workflowName.toLowerCase()}.txt`;
  new PlanFile(project, filePath, render);
  const task = project.tasks.tryFind(PLAN_TASK) ?? project.addTask(PLAN_TASK, {
    description: 'Print the images this project publishes: platforms, runners, QEMU use, Dockerfiles and the critical path',
    env: { PROJEN_DISABLE_POST: 'true' },
    steps: project.defaultTask ? [{ spawn: project.defaultTask.name }] : [],
  });
  task.exec(`node -e "process.stdout.write(require('fs').readFileSync('${filePath}', 'utf-8'))"`, {
    name: `Print the plan of the images of ${workflowName}`,
  });
}
