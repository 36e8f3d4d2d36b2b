// A store's change notices reach each controller host in as few RPCs as the hosts' pace allows, and only
// the notices a controller would act on travel at all.
import { describe, expect, it } from 'vitest';
import type { StoredObject } from '../../shared/api/object';
import type { ChangeNotice } from '../../shared/apiserver/change-notice';
import type { Env } from '../../platform/env';
import { ControllerNotifier, heard } from '../../durable-objects/controllers/notifier';
import { CONTROLLERS } from '../../durable-objects/controllers/registry';

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

  it('routes no notice a controller would drop: unwanted, or naming none of its keys and feeding no view', () => {
    const { deployment, replicaset, 'node-pool': nodePool, kubelet, 'garbage-collector': gc } = CONTROLLERS;
    // a ReplicaSet no Deployment owns names no Deployment key
    expect(heard(deployment, notice({ resource: 'replicasets.apps', ownerReferences: [] }))).toBe(false);
    expect(heard(deployment, notice({ resource: 'replicasets.apps', ownerReferences: [owner('Deployment', 'web')] }))).toBe(true);
    // a bare pod names no ReplicaSet, but the controller's pod view hears it (observe)
    expect(heard(replicaset, notice({}))).toBe(true);
    // a node outside any NodePool, an unbound pod to the kubelet
    expect(heard(nodePool, notice({ resource: 'nodes', namespace: undefined, name: 'bare' }))).toBe(false);
    expect(heard(kubelet, notice({}))).toBe(false);
    expect(heard(kubelet, notice({ nodeName: 'n1' }))).toBe(true);
    // the garbage collector: a new or updated owned object, never a bare one's update nor a Lease renewal
    const nodeOwner = [{ apiVersion: 'v1', kind: 'Node', name: 'n1', uid: 'uid-n1' }];
    expect(heard(gc!, notice({ ownerReferences: [owner('ReplicaSet', 'web')] }))).toBe(true);
    expect(heard(gc!, notice({}))).toBe(false);
    expect(heard(gc!, notice({ resource: 'leases.coordination.k8s.io', ownerReferences: nodeOwner }))).toBe(false);
    expect(heard(gc!, notice({ resource: 'leases.coordination.k8s.io', type: 'ADDED', ownerReferences: nodeOwner }))).toBe(true);
  });
});
