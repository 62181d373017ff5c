import { Testing } from 'projen';
import * as YAML from 'yaml';
import { MultiArchImagePublisher, Registry } from '../src';
import { newProject } from './util';

/** Synthesizes after `customize` has edited the publisher's workflow. */
function synthWith(customize: (publisher: MultiArchImagePublisher) => void, registries = [Registry.ghcr()]) {
  const project = newProject();
  const publisher = new MultiArchImagePublisher(project, { registries, images: [{ name: 'app' }] });
  customize(publisher);
  const text = Testing.synth(project)[publisher.workflow.file!.path];
  return { text, workflow: YAML.parse(text) };
}

describe('overrides of the generated file win', () => {
  test('addOverride on concurrency replaces the library\'s', () => {
    const { workflow } = synthWith(p => p.workflow.file!.addOverride('concurrency', { 'group': 'images', 'cancel-in-progress': true }));
    expect(workflow.concurrency).toEqual({ 'group': 'images', 'cancel-in-progress': true });
  });

  test('addOverride on one concurrency field keeps the other', () => {
    const { workflow } = synthWith(p => p.workflow.file!.addOverride('concurrency.group', 'mine'));
    expect(workflow.concurrency).toEqual({ 'group': 'mine', 'cancel-in-progress': false });
  });

  test('addDeletionOverride removes concurrency', () => {
    const { workflow } = synthWith(p => p.workflow.file!.addDeletionOverride('concurrency'));
    expect(workflow.concurrency).toBeUndefined();
  });

  test('addOverride on workflow permissions replaces the empty default', () => {
    const { workflow } = synthWith(p => p.workflow.file!.addOverride('permissions', { contents: 'read' }));
    expect(workflow.permissions).toEqual({ contents: 'read' });
    // Still above jobs, where readers look for it.
    expect(Object.keys(workflow).indexOf('permissions')).toBeLessThan(Object.keys(workflow).indexOf('jobs'));
  });

  test('addOverride on a job\'s permissions changes the written file', () => {
    const { workflow } = synthWith(p => p.workflow.file!.addOverride('jobs.merge-app.permissions.attestations', 'write'));
    expect(workflow.jobs['merge-app'].permissions).toEqual({ contents: 'read', packages: 'write', attestations: 'write' });
  });
});

describe('permission comments describe only what the library grants', () => {
  test('a user-added id-token: write is not labelled as ECR\'s', () => {
    const { text, workflow } = synthWith(p => p.workflow.file!.addOverride('jobs.build-app.permissions.id-token', 'write'));
    expect(workflow.jobs['build-app'].permissions['id-token']).toBe('write');
    expect(text).toMatch(/^ {6}id-token: write$/m);
    expect(text).not.toMatch(/ECR/);
    expect(text).toMatch(/^ {6}packages: write # push images to GitHub Packages \(GHCR\)$/m);
  });

  test('a permission the user lowered loses its comment; the library\'s ECR grant keeps its own', () => {
    const ecr = Registry.ecr({ accountId: '123456789012', region: 'eu-west-1', roleToAssume: 'arn:aws:iam::123456789012:role/publish' });
    const { text } = synthWith(p => p.workflow.file!.addOverride('jobs.merge-app.permissions.contents', 'write'), [ecr]);
    expect(text).toMatch(/^ {6}contents: write$/m);
    expect(text.match(/id-token: write # request an OIDC token \(the AWS role for ECR, keyless signing, attestations\)$/gm)).toHaveLength(2);
    expect(text.match(/contents: read # check out the repository$/gm)).toHaveLength(1);
  });

  test('a job the user adds gets no comments', () => {
    const { text } = synthWith(p => p.workflow.addJobs({
      deploy: { runsOn: ['ubuntu-latest'], permissions: { contents: 'read' as any }, steps: [{ run: 'echo deploy' }] },
    }));
    expect(text).toMatch(/^ {2}deploy:\n(?: {4}.*\n)*? {4}permissions:\n {6}contents: read\n/m);
  });
});
