import { Registry } from '../src';
import { synthWorkflow } from './util';

const ECR = { accountId: '123456789012', region: 'eu-west-1', roleToAssume: 'arn:aws:iam::123456789012:role/publish' };

describe('Registry condition and usernameVariable', () => {
  test('every factory accepts a condition', () => {
    expect(Registry.ghcr({ condition: "github.event_name != 'schedule'" }).condition).toBe("github.event_name != 'schedule'");
    expect(Registry.dockerHub({ namespace: 'acme', condition: "vars.HUB == 'true'" }).condition).toBe("vars.HUB == 'true'");
    expect(Registry.ecr({ ...ECR, condition: "startsWith(github.ref, 'refs/tags/')" }).condition).toBe("startsWith(github.ref, 'refs/tags/')");
    expect(Registry.custom({ host: 'r.example.com', condition: "inputs.mirror == 'yes'" }).condition).toBe("inputs.mirror == 'yes'");
  });

  test('usernameVariable replaces the default username secret', () => {
    const hub = Registry.dockerHub({ namespace: 'acme', usernameVariable: 'DOCKERHUB_USERNAME' });
    expect([hub.usernameSecret, hub.usernameVariable]).toEqual([undefined, 'DOCKERHUB_USERNAME']);
    expect(Registry.custom({ host: 'r.example.com' }).usernameSecret).toBe('REGISTRY_USERNAME');
  });

  test('the logins of a conditional registry carry its condition; the user name comes from vars', () => {
    const { workflow } = synthWorkflow({
      registries: [Registry.ghcr(), Registry.dockerHub({ namespace: 'acme', usernameVariable: 'HUB_USER', condition: "github.event_name != 'schedule'" }), Registry.ecr({ ...ECR, condition: "vars.ECR == 'on'" })],
      images: [{ name: 'app' }],
    });
    const steps = workflow.jobs['merge-app'].steps;
    const hub = steps.find((s: any) => s.name === 'Log in to docker.io');
    expect(hub.if).toBe("github.event_name != 'schedule'");
    expect(hub.with.username).toBe('${{ vars.HUB_USER }}');
    expect(steps.filter((s: any) => s.if === "vars.ECR == 'on'").map((s: any) => s.name)).toEqual([
      'Assume the AWS role for 123456789012.dkr.ecr.eu-west-1.amazonaws.com', 'Log in to 123456789012.dkr.ecr.eu-west-1.amazonaws.com',
    ]);
    expect(steps.find((s: any) => s.name === 'Log in to ghcr.io').if).toBeUndefined();
    // The condition reaches the script only through env.
    const refs = steps.find((s: any) => s.id === 'image');
    expect(refs.env).toEqual({
      REPOSITORY_OWNER: '${{ github.repository_owner }}',
      USE_REGISTRY_1: "${{ github.event_name != 'schedule' }}",
      USE_REGISTRY_2: "${{ vars.ECR == 'on' }}",
    });
    expect(refs.run).not.toContain('${{');
    const build = workflow.jobs['build-app'].steps.find((s: any) => s.id === 'build');
    expect(build.with.outputs).toBe('type=image,"name=${{ steps.image.outputs.commas }}",push-by-digest=true,name-canonical=true,push=true');
  });

  test.each([
    [() => Registry.ghcr({ condition: "${{ github.event_name != 'schedule' }}" }), /Registry\.ghcr: condition .* must be the expression's body without \$\{\{ \}\}/],
    [() => Registry.ghcr({ condition: '' }), /Registry\.ghcr: condition "" is not an expression/],
    [() => Registry.ghcr({ condition: "github.ref == 'main" }), /condition .* has unbalanced quotes or parentheses/],
    [() => Registry.ghcr({ condition: "startsWith(github.ref, 'v'" }), /condition .* has unbalanced quotes or parentheses/],
    [() => Registry.ghcr({ condition: 'a ==\nb' }), /condition .* must be on one line/],
    [() => Registry.ghcr({ condition: "steps.meta.outputs.version != ''" }), /condition .* uses the steps context, which differs between jobs/],
    [() => Registry.ecr({ ...ECR, condition: "secrets.TOKEN != ''" }), /Registry\.ecr: condition .* uses the secrets context/],
    [() => Registry.dockerHub({ namespace: 'acme', usernameSecret: 'U', usernameVariable: 'V' }), /Registry\.dockerHub: usernameSecret "U" and usernameVariable "V" are both set; give exactly one/],
    [() => Registry.custom({ host: 'r.example.com', usernameSecret: 'U', usernameVariable: 'V' }), /Registry\.custom: usernameSecret "U" and usernameVariable "V" are both set/],
    [() => Registry.dockerHub({ namespace: 'acme', usernameVariable: 'GITHUB_USER' }), /usernameVariable "GITHUB_USER" is not a variable name/],
  ])('refuses bad input %#', (make, message) => {
    expect(make).toThrow(message);
  });

  test('a quoted context name is not mistaken for a context', () => {
    expect(() => Registry.ghcr({ condition: "github.event_name != 'steps.x'" })).not.toThrow();
  });
});
