// kubectl defects a newcomer met (issue 16), each shown as a real kubectl run.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configMap } from './support/fixtures';
import { kubectl, kubectlWatching, manifest, newNamespace, poll, tableRows } from './support/kubectl';

let ns: string;
beforeAll(async () => {
  ns = await newNamespace('defects');
});
afterAll(async () => {
  await kubectl(['delete', 'namespace', ns, '--wait=false'], { allowFail: true });
});

/** AGE cells below two minutes are whole seconds ("7s"). */
const seconds = (age: string) => {
  const m = /^(\d+)s$/.exec(age);
  if (!m) throw new Error(`AGE ${age} is not in seconds`);
  return Number(m[1]);
};

describe('kubectl get -w', () => {
  it('prints each event with its AGE as of the event, not of the watch start', async () => {
    await kubectl(['-n', ns, 'apply', '-f', '-'], { stdin: manifest(configMap('aging', { a: '1' })) });
    const w = await kubectlWatching(['-n', ns, 'get', 'configmap', 'aging', '-w']);
    try {
      await poll(() => tableRows(w.output()).length >= 2, 5000, 'the first row');
      const first = tableRows(w.output())[1]!;
      await new Promise((r) => setTimeout(r, 3000)); // AGE is wall time: let three seconds pass
      await kubectl(['-n', ns, 'label', 'configmap', 'aging', 'changed=yes']);
      await poll(() => tableRows(w.output()).length >= 3, 5000, 'the row of the MODIFIED event');
      const later = tableRows(w.output())[2]!;
      expect(first[0]).toBe('aging');
      expect(later[0]).toBe('aging');
      expect(seconds(later.at(-1)!) - seconds(first.at(-1)!)).toBeGreaterThanOrEqual(2);
    } finally {
      await w.stop();
    }
  });
});

describe("Kubeflare's own kinds have schemas", () => {
  it('kubectl explain nodepool, workloadprofile and schedulingexplanation describe their fields', async () => {
    const pool = (await kubectl(['explain', 'nodepool'])).stdout;
    expect(pool).toMatch(/GROUP:\s+kubeflare\.dev\nKIND:\s+NodePool\nVERSION:\s+v1alpha1/);
    expect(pool).toMatch(/spec\s+<NodePoolSpec>/);
    expect((await kubectl(['explain', 'nodepool.spec.capacity'])).stdout).toMatch(/memory\s+<Object>|memory\s+<Quantity>|memory\s+<string>/);
    expect((await kubectl(['explain', 'workloadprofile.spec.cpu'])).stdout).toMatch(/type\s+<string> -required-/);
    expect((await kubectl(['explain', 'schedulingexplanation.status'])).stdout).toContain('filter');
  });

  const profile = (field: string) =>
    manifest({ apiVersion: 'kubeflare.dev/v1alpha1', kind: 'WorkloadProfile', metadata: { name: `typo-${field}` }, spec: { cpu: { type: 'constant', value: '100m' }, [field]: { type: 'constant', value: '64Mi' } } });

  it('a typo such as memroy: is rejected under Strict (kubectl\'s default) and stores nothing', async () => {
    const r = await kubectl(['-n', ns, 'apply', '-f', '-'], { stdin: profile('memroy'), allowFail: true });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('strict decoding error: unknown field "spec.memroy"');
    expect((await kubectl(['-n', ns, 'get', 'workloadprofile', 'typo-memroy'], { allowFail: true })).stderr).toContain('NotFound');
  });

  it('and only warned about under Warn, the unknown field dropped', async () => {
    const r = await kubectl(['-n', ns, 'apply', '--validate=warn', '-f', '-'], { stdin: profile('memroy') });
    expect(r.stderr).toContain('unknown field "spec.memroy"');
    const stored = JSON.parse((await kubectl(['-n', ns, 'get', 'workloadprofile', 'typo-memroy', '-o', 'json'])).stdout);
    expect(stored.spec).toEqual({ cpu: { type: 'constant', value: '100m' } });
    // the field spelled right is kept
    await kubectl(['-n', ns, 'apply', '-f', '-'], { stdin: profile('memory') });
  });
});
