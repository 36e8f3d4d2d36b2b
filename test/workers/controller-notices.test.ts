// A store's change notices reach each controller host in as few RPCs as the hosts' pace allows, and only
// the notices a controller would act on travel at all.
import { describe, expect, it } from 'vitest';
import type { StoredObject } from '../../shared/api/object';
import type { ChangeNotice } from '../../shared/apiserver/change-notice';
import type { Env } from '../../platform/env';
import { ControllerNotifier, heard } from '../../durable-objects/controllers/notifier';
import { CONTROLLERS } from '../../durable-objects/controllers/registry';
import { SCHEDULER_NOTICE_SPACING_MS } from '../../durable-objects/controllers/scheduler-controller';
import type { Clock } from '../../shared/clock/clock';

const owner = (kind: string, name: string) => ({ apiVersion: 'apps/v1', kind, name, uid: `uid-${name}`, controller: true });

function replicaSet(name: string, rv: number, owners = [owner('Deployment', 'web')]): StoredObject {
  return { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name, namespace: 'ns', uid: `uid-${name}`, resourceVersion: String(rv), ownerReferences: owners } } as unknown as StoredObject;
}

const notice = (n: Partial<ChangeNotice>): ChangeNotice => ({ resource: 'pods', type: 'MODIFIED', namespace: 'ns', name: 'p', uid: 'uid-p', resourceVersion: '1', ...n });

/** Controller hosts that record each notify and answer only when the test says so. */
function fakeHosts() {
  const calls: { host: string; names: string[]; answer: () => void }[] = [];
  const env = {
    CONTROLLERS: {
      idFromName: (name: string) => name,
      get: (host: string) => ({
        notify: (batch: ChangeNotice[]) => new Promise<void>((answer) => calls.push({ host, names: batch.map((n) => n.name), answer })),
      }),
    },
  } as unknown as Env;
  return { env, calls, to: (host: string) => calls.filter((c) => c.host === host) };
}

const turn = () => new Promise((r) => setTimeout(r, 0));

describe('change notices to controller hosts', () => {
  it('sends a host what committed while its last notify was on its way in one next RPC, in commit order', async () => {
    const { env, to } = fakeHosts();
    const delivered: number[] = [];
    const notifier = new ControllerNotifier(env, () => undefined, (rv) => delivered.push(rv));
    notifier.record('replicasets.apps', 'ADDED', replicaSet('rs-1', 1));
    await turn();
    expect(to('deployment').map((c) => c.names)).toEqual([['rs-1']]);
    // three commits in three turns while the first RPC is unanswered
    for (const [i, name] of ['rs-2', 'rs-3', 'rs-4'].entries()) {
      notifier.record('replicasets.apps', 'MODIFIED', replicaSet(name, 2 + i));
      await turn();
    }
    expect(to('deployment')).toHaveLength(1);
    for (const c of [...to('deployment'), ...to('replicaset')]) c.answer();
    await turn();
    expect(to('deployment').map((c) => c.names)).toEqual([['rs-1'], ['rs-2', 'rs-3', 'rs-4']]);
    expect(to('replicaset').map((c) => c.names)).toEqual([['rs-1'], ['rs-2', 'rs-3', 'rs-4']]);
    expect(delivered).toEqual([]); // the second RPCs are still on their way
    // every host answers; the garbage collector heard the owned ReplicaSets' updates too (an update may be an adoption)
    for (let i = 0; i < 5; i++) {
      for (const c of [...to('deployment'), ...to('replicaset'), ...to('garbage-collector')]) c.answer();
      await turn();
    }
    expect(to('garbage-collector').map((c) => c.names)).toEqual([['rs-1'], ['rs-2', 'rs-3', 'rs-4']]);
    expect(delivered.at(-1)).toBe(4);
  });

  it('sends the scheduler at most one notify per spacing from a store, a quiet spell\'s first notice at once; other hosts as before', async () => {
    const { env, calls, to } = fakeHosts();
    let now = 10_000;
    const sleeps: { ms: number; wake: () => void }[] = [];
    const wall: Clock = { now: () => now, sleep: (ms) => new Promise<void>((wake) => sleeps.push({ ms, wake })) };
    const delivered: number[] = [];
    const notifier = new ControllerNotifier(env, () => undefined, (rv) => delivered.push(rv), undefined, wall);
    const pod = (name: string, rv: number) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'ns', uid: `uid-${name}`, resourceVersion: String(rv) } }) as unknown as StoredObject;
    const answerAll = async () => {
      for (const c of calls) c.answer();
      await turn();
    };
    notifier.record('pods', 'ADDED', pod('p1', 1));
    await turn();
    expect(to('scheduler').map((c) => c.names)).toEqual([['p1']]);
    now += 5; // the RPC took 5 ms
    await answerAll();
    // three creates in three turns within the spacing: the scheduler waits for its turn, the ReplicaSet controller's view hears each at once
    for (const [i, name] of ['p2', 'p3', 'p4'].entries()) {
      now += 10;
      notifier.record('pods', 'ADDED', pod(name, 2 + i));
      await turn();
      await answerAll();
    }
    expect(to('scheduler')).toHaveLength(1);
    expect(to('replicaset').map((c) => c.names)).toEqual([['p1'], ['p2'], ['p3'], ['p4']]);
    expect(sleeps.map((s) => s.ms)).toEqual([SCHEDULER_NOTICE_SPACING_MS - 15]); // one wait, from the second notice to the spacing's end
    expect(delivered.at(-1)).toBe(1); // p2..p4 still wait for the scheduler
    now = 10_000 + SCHEDULER_NOTICE_SPACING_MS;
    sleeps.shift()!.wake();
    await turn();
    expect(to('scheduler').map((c) => c.names)).toEqual([['p1'], ['p2', 'p3', 'p4']]);
    now += 3;
    await answerAll();
    expect(delivered.at(-1)).toBe(4);
    // a quiet spell longer than the spacing: the next notice goes at once, with no wait
    now += SCHEDULER_NOTICE_SPACING_MS;
    notifier.record('pods', 'ADDED', pod('p5', 5));
    await turn();
    expect(to('scheduler').map((c) => c.names)).toEqual([['p1'], ['p2', 'p3', 'p4'], ['p5']]);
    expect(sleeps).toEqual([]);
  });

  it('routes no notice a controller would drop: unwanted, or naming none of its keys and feeding no view', () => {
    const { deployment, replicaset, 'node-pool': nodePool, kubelet, 'garbage-collector': gc } = CONTROLLERS;
    // a ReplicaSet no Deployment owns names no Deployment key, but the controller's ReplicaSet view hears it (observe)
    expect(deployment!.keysFor(notice({ resource: 'replicasets.apps', ownerReferences: [] }))).toEqual([]);
    expect(heard(deployment, notice({ resource: 'replicasets.apps', ownerReferences: [] }))).toBe(true);
    expect(heard(deployment, notice({ resource: 'replicasets.apps', ownerReferences: [owner('Deployment', 'web')] }))).toBe(true);
    // a bare pod names no ReplicaSet, but the controller's pod view hears it (observe)
    expect(heard(replicaset, notice({}))).toBe(true);
    // a node outside any NodePool, an unbound pod to the kubelet
    expect(heard(nodePool, notice({ resource: 'nodes', namespace: undefined, name: 'bare' }))).toBe(false);
    expect(heard(kubelet, notice({}))).toBe(false);
    expect(heard(kubelet, notice({ nodeName: 'n1' }))).toBe(true);
    // a node outside any NodePool reaches the kubelet as it comes and goes (so its shard drops its pods), not its updates
    expect(heard(kubelet, notice({ resource: 'nodes', namespace: undefined, name: 'bare', type: 'ADDED' }))).toBe(true);
    expect(heard(kubelet, notice({ resource: 'nodes', namespace: undefined, name: 'bare' }))).toBe(false);
    // node lifecycle: a pod bound with no Ready condition (every binding before a kubelet reports) would change nothing
    const nodeLifecycle = CONTROLLERS['node-lifecycle']!;
    const binding = { nodeName: 'n1', changed: { parts: ['spec', 'spec.nodeName'], writers: ['scheduler'] } };
    expect(heard(nodeLifecycle, notice(binding))).toBe(false);
    expect(heard(nodeLifecycle, notice({ ...binding, ready: 'False' }))).toBe(false);
    expect(heard(nodeLifecycle, notice({ ...binding, ready: 'True' }))).toBe(true);
    // the garbage collector: a new or updated owned object, never a bare one's update nor a Lease renewal
    const nodeOwner = [{ apiVersion: 'v1', kind: 'Node', name: 'n1', uid: 'uid-n1' }];
    expect(heard(gc!, notice({ ownerReferences: [owner('ReplicaSet', 'web')] }))).toBe(true);
    expect(heard(gc!, notice({}))).toBe(false);
    expect(heard(gc!, notice({ resource: 'leases.coordination.k8s.io', ownerReferences: nodeOwner }))).toBe(false);
    expect(heard(gc!, notice({ resource: 'leases.coordination.k8s.io', type: 'ADDED', ownerReferences: nodeOwner }))).toBe(true);
  });

  describe('notices for namespaces that hold nothing a controller starts from (NoticeScope)', () => {
    const { disruption, endpoints, endpointslice, resourcequota, 'pvc-protection': pvcProtection } = CONTROLLERS;
    const PDB = 'poddisruptionbudgets.policy';
    const SLICES = 'endpointslices.discovery.k8s.io';
    const holding = (...resources: string[]) => ({ holds: (r: string) => resources.includes(r) });
    const empty = holding('pods', 'configmaps', 'secrets', 'endpoints');
    it.each([
      // [controller, notice, store holds, heard]: each reconcile lists its anchors first and stops when there are none
      ['disruption', notice({}), empty, false],
      ['disruption', notice({ type: 'DELETED' }), empty, false],
      ['disruption', notice({}), holding(PDB), true],
      ['disruption', notice({ resource: PDB, type: 'DELETED' }), empty, true],
      ['disruption', notice({}), undefined, true],
      ['endpoints', notice({}), empty, false],
      ['endpoints', notice({ type: 'ADDED' }), holding('services'), true],
      ['endpoints', notice({ resource: 'services', type: 'DELETED' }), empty, true],
      ['endpoints', notice({ resource: 'endpoints', type: 'DELETED' }), empty, true],
      ['endpointslice', notice({}), empty, false],
      ['endpointslice', notice({}), holding('services'), true],
      ['endpointslice', notice({ resource: 'services', type: 'ADDED' }), empty, true],
      ['resourcequota', notice({ deleting: true }), empty, false],
      ['resourcequota', notice({ resource: 'secrets', type: 'DELETED' }), empty, false],
      ['resourcequota', notice({ deleting: true }), holding('resourcequotas'), true],
      ['resourcequota', notice({ resource: 'configmaps', type: 'DELETED' }), holding('resourcequotas'), true],
      ['resourcequota', notice({ resource: 'resourcequotas', type: 'DELETED' }), empty, true],
      ['pvc-protection', notice({ type: 'DELETED' }), empty, false],
      ['pvc-protection', notice({ type: 'DELETED' }), holding('persistentvolumeclaims'), true],
      ['pvc-protection', notice({ resource: 'persistentvolumeclaims', type: 'DELETED' }), empty, true],
    ] as const)('%s hears %o in a store holding %o: %s', (name, n, scope, want) => {
      const def = { disruption, endpoints, endpointslice, resourcequota, 'pvc-protection': pvcProtection }[name];
      expect(def).toBeDefined();
      expect(heard(def, n, scope)).toBe(want);
    });

    it('the other filters are unchanged by a scope (a managed slice deleted still brings its service back)', () => {
      const sliceGone = notice({ resource: SLICES, type: 'DELETED', labels: { 'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io', 'kubernetes.io/service-name': 'web' } });
      expect(heard(endpointslice, sliceGone, holding('services'))).toBe(true);
      expect(heard(endpointslice, notice({ resource: SLICES, type: 'MODIFIED' }), holding('services'))).toBe(false);
    });

    it('asks the store once per resource until a notice of it commits, then routes by the new answer', async () => {
      const { env, to } = fakeHosts();
      const asked: string[] = [];
      let budgets = 0;
      const notifier = new ControllerNotifier(env, () => undefined, undefined, (r) => (asked.push(r), r === PDB && budgets > 0));
      const pod = (rv: number) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: `p${rv}`, namespace: 'ns', uid: `uid-p${rv}`, resourceVersion: String(rv) } }) as unknown as StoredObject;
      notifier.record('pods', 'ADDED', pod(1));
      notifier.record('pods', 'MODIFIED', pod(2));
      await turn();
      expect(to('disruption')).toEqual([]);
      expect(asked.filter((r) => r === PDB)).toEqual([PDB]);
      notifier.record('pods', 'MODIFIED', pod(3));
      await turn();
      expect(asked.filter((r) => r === PDB)).toEqual([PDB]); // the answer stands while no budget commits
      // a budget commits: its own notice goes, and the next pod notice is routed by a fresh answer
      budgets = 1;
      notifier.record(PDB, 'ADDED', { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'pdb', namespace: 'ns', uid: 'uid-pdb', resourceVersion: '4' } } as unknown as StoredObject);
      notifier.record('pods', 'MODIFIED', pod(5));
      await turn();
      expect(to('disruption').map((c) => c.names)).toEqual([['pdb', 'p5']]);
      expect(asked.filter((r) => r === PDB)).toEqual([PDB, PDB]);
    });
  });
});
