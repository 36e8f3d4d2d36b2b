// The simulated kubelet's status report replaces the node's whole status, built on its copy of the node. Another
// writer's condition (flannel's NetworkUnavailable) must survive a report built on a copy that missed that write.
import { describe, expect, it } from 'vitest';
import { kubeletController } from '../../durable-objects/controllers/kubelet-controller';
import { countingContext, type StoreCall } from './counting-context';
import { api, nodesSettled, poolNode } from './helpers';

const MIN = 60_000;

describe('kubelet status report on a stale copy', () => {
  it('is refused (409), read again and posted again; the other writer’s condition stays', async () => {
    const name = `stale-copy-${Date.now().toString(36)}`;
    expect((await api('POST', '/api/v1/nodes', poolNode(name))).status).toBe(201);
    await nodesSettled([name]);
    const t0 = Date.now();
    const pass = async (at: number) => {
      const log: StoreCall[] = [];
      const r = await kubeletController.reconcileBatch!([`node/${name}`], { ...countingContext([], 'kubelet', log), now: at });
      return { result: r[`node/${name}`]!, log };
    };
    // the kubelet's first pass: it reads the node and keeps its copy (posting its conditions)
    expect((await pass(t0)).result.error).toBeUndefined();

    // another writer adds its condition; written as field manager "kubelet", its notice does not drop the
    // kubelet's copy (as a notice still on the way would not): the copy is stale, deterministically
    const current = (await api('GET', `/api/v1/nodes/${name}`)).body;
    const other = { type: 'ExampleCondition', status: 'True', reason: 'SetByOther', message: 'another writer', lastHeartbeatTime: current.metadata.creationTimestamp, lastTransitionTime: current.metadata.creationTimestamp };
    const put = await api('PUT', `/api/v1/nodes/${name}/status?fieldManager=kubelet`, { ...current, status: { ...current.status, conditions: [...current.status.conditions, other] } });
    expect(put.status).toBe(200);

    // six minutes on the unchanged status is due again (every 5 min): the report on the stale copy is refused
    // and retried at once
    const refused = await pass(t0 + 6 * MIN);
    expect(refused.result).toEqual({ requeueAfterMs: expect.any(Number) });
    expect(refused.result.requeueAfterMs).toBeLessThan(1000);
    const afterRefusal = (await api('GET', `/api/v1/nodes/${name}`)).body;
    expect(afterRefusal.metadata.resourceVersion).toBe(put.body.metadata.resourceVersion);

    // the retry reads the node afresh and posts: the kubelet's heartbeat is new, the other condition is kept
    const retried = await pass(t0 + 6 * MIN + 20);
    expect(retried.result.error).toBeUndefined();
    expect(retried.log.some((c) => c.call === 'cluster.getMany')).toBe(true);
    const after = (await api('GET', `/api/v1/nodes/${name}`)).body;
    expect(after.metadata.resourceVersion).not.toBe(put.body.metadata.resourceVersion);
    const conditions = after.status.conditions as { type: string; lastHeartbeatTime: string }[];
    expect(conditions.find((c) => c.type === 'ExampleCondition')).toMatchObject({ status: 'True', reason: 'SetByOther' });
    expect(Date.parse(conditions.find((c) => c.type === 'Ready')!.lastHeartbeatTime)).toBeGreaterThanOrEqual(Math.floor((t0 + 6 * MIN) / 1000) * 1000);

    await api('DELETE', `/api/v1/nodes/${name}`);
  });
});
