import { describe, expect, it } from 'vitest';
import { builtinRegistry, parseApiVersion } from '../../../shared/api/registry';
import { planActions, type WebhookAction, type WebhookTrigger } from '../../../shared/webhooks';

const registry = builtinRegistry();
const resolve = (apiVersion: string, kind: string) => {
  const gv = parseApiVersion(apiVersion);
  const d = registry.byKind(gv.group, kind);
  return d?.versions.includes(gv.version) ? d : undefined;
};
const trigger = (...actions: WebhookAction[]): WebhookTrigger => ({
  apiVersion: 'kubeflare.dev/v1alpha1',
  kind: 'WebhookTrigger',
  metadata: { name: 'hook', namespace: 'team' },
  spec: { secretRef: { name: 's', key: 'k' }, signature: 'github', serviceAccountName: 'sa', actions },
});
const web = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' };
const plan = (payload: unknown, ...actions: WebhookAction[]) => planActions(trigger(...actions), payload as never, resolve);
const ops = (payload: unknown, ...actions: WebhookAction[]) => {
  const p = plan(payload, ...actions);
  if (!p.ok) throw new Error(p.message);
  return p.operations.map(({ def, ...o }) => ({ resource: `${def.plural}.${def.group}`, ...o }));
};

describe('planActions', () => {
  it('scale: a merge patch of the scale subresource with the payload\'s count', () => {
    expect(ops({ replicas: 3 }, { scale: { target: web, replicas: '{.replicas}' } })).toEqual([
      { resource: 'deployments.apps', field: 'spec.actions[0].scale', description: 'scale deployments.apps/web to 3', version: 'v1', namespace: 'team', name: 'web', subresource: 'scale', patchType: 'merge', patch: { spec: { replicas: 3 } } },
    ]);
    // a decimal string is a count too; the target's name may come from the payload
    expect(ops({ n: '2', app: 'api' }, { scale: { target: { ...web, name: '{.app}' }, replicas: '{.n}' } })[0]).toMatchObject({ name: 'api', patch: { spec: { replicas: 2 } } });
  });

  it('patch and apply: templated, in the trigger\'s namespace', () => {
    const [p, a] = ops(
      { sha: 'abc' },
      { patch: { target: { apiVersion: 'v1', kind: 'ConfigMap', name: 'release' }, patch: { data: { sha: '{.sha}' } } } },
      { apply: { manifest: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'build-{.sha}' }, data: { sha: '{.sha}' } }, force: true } },
    );
    expect(p).toMatchObject({ resource: 'configmaps.', namespace: 'team', name: 'release', patchType: 'merge', patch: { data: { sha: 'abc' } } });
    expect(a).toMatchObject({ description: 'apply configmaps/build-abc', namespace: 'team', name: 'build-abc', patchType: 'apply', force: true, patch: { metadata: { name: 'build-abc', namespace: 'team' } } });
  });

  it('setLoad: a constant demand replacing any curve', () => {
    expect(ops({ rps: 120 }, { setLoad: { profile: 'web', requestsPerSecond: '{.rps}' } })[0]).toMatchObject({
      resource: 'workloadprofiles.kubeflare.dev',
      name: 'web',
      patch: { spec: { load: { requestsPerSecond: { type: 'constant', value: 120, steps: null, points: null } } } },
    });
  });

  it('nodeFault: one node or the whole pool, cluster-scoped', () => {
    expect(ops({ node: 'pool-2', down: true }, { nodeFault: { pool: 'pool', node: '{.node}', faults: { notReady: '{.down}', stopHeartbeat: 'true' } } })[0]).toMatchObject({
      resource: 'nodepools.kubeflare.dev',
      namespace: '',
      name: 'pool',
      patch: { spec: { nodeFaults: { 'pool-2': { notReady: true, stopHeartbeat: true } } } },
      description: 'set faults of nodepools.kubeflare.dev/pool node pool-2: notReady=true, stopHeartbeat=true',
    });
    expect(ops({}, { nodeFault: { pool: 'pool', faults: { memoryPressure: false } } })[0]).toMatchObject({ patch: { spec: { faults: { memoryPressure: false } } } });
  });

  it('advanceClock: applied to the ClusterClock, so a cluster without one gets it', () => {
    expect(ops({ by: '90s' }, { advanceClock: { by: '{.by}' } })[0]).toMatchObject({
      resource: 'clusterclocks.kubeflare.dev',
      namespace: '',
      name: 'cluster',
      patchType: 'apply',
      force: true,
      patch: { apiVersion: 'kubeflare.dev/v1alpha1', kind: 'ClusterClock', metadata: { name: 'cluster' }, spec: { advance: '90s' } },
    });
  });

  it('payload problems are 400 with the field', () => {
    const rows: [unknown, WebhookAction, string, string][] = [
      [{}, { scale: { target: web, replicas: '{.replicas}' } }, 'spec.actions[0].scale.replicas', 'the payload has no value at {.replicas}'],
      [{ replicas: -1 }, { scale: { target: web, replicas: '{.replicas}' } }, 'spec.actions[0].scale.replicas', 'must be a non-negative integer, not -1'],
      [{ replicas: 1.5 }, { scale: { target: web, replicas: '{.replicas}' } }, 'spec.actions[0].scale.replicas', 'must be a non-negative integer, not 1.5'],
      [{ app: '../x' }, { scale: { target: { ...web, name: '{.app}' }, replicas: 1 } }, 'spec.actions[0].scale.target.name', '"../x" is not a valid object name'],
      [{ down: 'yes' }, { nodeFault: { pool: 'p', faults: { notReady: '{.down}' } } }, 'spec.actions[0].nodeFault.faults.notReady', 'must be true or false, not "yes"'],
      [{ by: '-5m' }, { advanceClock: { by: '{.by}' } }, 'spec.actions[0].advanceClock.by', 'must be a positive Go duration such as "10m", not "-5m"'],
      [{ rps: 'lots' }, { setLoad: { profile: 'p', requestsPerSecond: '{.rps}' } }, 'spec.actions[0].setLoad.requestsPerSecond', 'must be a non-negative number, not "lots"'],
    ];
    for (const [payload, action, field, message] of rows) expect(plan(payload, action)).toEqual({ ok: false, code: 400, field, message });
  });

  it('what the trigger cannot do is 422', () => {
    expect(plan({}, { scale: { target: { apiVersion: 'v1', kind: 'ConfigMap', name: 'x' }, replicas: 1 } })).toMatchObject({ ok: false, code: 422, message: 'ConfigMap has no scale subresource' });
    expect(plan({}, { scale: { target: { apiVersion: 'apps/v2', kind: 'Deployment', name: 'x' }, replicas: 1 } })).toMatchObject({ ok: false, code: 422, field: 'spec.actions[0].scale.target.kind' });
    expect(plan({}, { apply: { manifest: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', namespace: 'other' } } } })).toMatchObject({ ok: false, code: 422, message: 'a trigger acts in its own namespace "team" only' });
    expect(plan({}, { nodeFault: { pool: 'p', faults: { explode: true } } })).toMatchObject({ ok: false, code: 422, field: 'spec.actions[0].nodeFault.faults.explode' });
    expect(plan({}, { scale: { target: web, replicas: 1 }, patch: { target: web, patch: {} } })).toMatchObject({ ok: false, code: 422, field: 'spec.actions[0]' });
  });

  it('one bad action refuses the whole plan', () => {
    expect(plan({ replicas: 2 }, { scale: { target: web, replicas: '{.replicas}' } }, { scale: { target: web, replicas: '{.other}' } })).toMatchObject({ ok: false, field: 'spec.actions[1].scale.replicas' });
  });
});
