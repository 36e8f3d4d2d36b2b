import { describe, it } from 'vitest';
import { settle } from './controllers';
import { api } from './helpers';

const POOLS = '/apis/kubeflare.dev/v1alpha1/nodepools';

describe('deleting a NodePool', () => {
  it('removes its nodes (the garbage collector follows their owner references)', async () => {
    await api('POST', POOLS, { apiVersion: 'kubeflare.dev/v1alpha1', kind: 'NodePool', metadata: { name: 'gone' }, spec: { nodes: 2 } });
    const nodes = async () => (await api('GET', '/api/v1/nodes?labelSelector=kubeflare.dev%2Fnode-pool%3Dgone')).body.items as unknown[];
    await settle(async () => (await nodes()).length === 2);
    await api('DELETE', `${POOLS}/gone`);
    await settle(async () => (await nodes()).length === 0);
  }, 30_000);
});
