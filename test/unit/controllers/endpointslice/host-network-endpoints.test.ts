// A Service selecting hostNetwork pods: the endpoint controllers read nothing but status.podIPs, so
// their endpoints carry the node IPs the simulated kubelet reports for such pods (generateAPIPodStatus).
import { describe, expect, it } from 'vitest';
import type { Node, Pod } from 'kubernetes-types/core/v1';
import { reconcileEndpointSlices } from '../../../../shared/controllers/endpointslice';
import { buildNode } from '../../../../shared/nodes/node-builder';
import { runPod } from '../../nodes/run-pod';
import { FakeSlices, newService, nodesOf, NS } from './fixtures';

const T0 = Date.UTC(2025, 0, 1);
const pool = { metadata: { name: 'pool' }, spec: { nodes: 2, images: [{ names: ['docker.io/library/nginx:1.27'], sizeBytes: 1 }] } };
const [node0, node1] = [buildNode(pool, 0), buildNode(pool, 1)] as [Node, Node];

/** A pod of the service (foo=bar) on `node`, its status as the simulated kubelet posts it once running. */
function runningPod(name: string, node: Node, hostNetwork: boolean): Pod {
  const pod: Pod = {
    metadata: { name, namespace: NS, uid: `uid-${name}`, labels: { foo: 'bar' } },
    spec: { nodeName: node.metadata!.name, hostNetwork, containers: [{ name: 'c', image: 'nginx:1.27', imagePullPolicy: 'IfNotPresent', ports: [{ containerPort: 80, hostPort: 80 }] }] },
  };
  const [, running] = runPod(pod, node, T0, [0, 1000]);
  expect(running!.status.phase).toBe('Running');
  return running!.pod;
}

describe('EndpointSlices of a Service selecting hostNetwork pods', () => {
  it('carry the node IPs, with each endpoint on its node', () => {
    const pods = [runningPod('a', node0, true), runningPod('b', node1, true), runningPod('c', node1, false)];
    const store = new FakeSlices();
    store.apply(reconcileEndpointSlices({ service: newService(), pods, nodes: nodesOf(node0, node1), existing: [] }).actions);
    const endpoints = store.slices.flatMap((s) => s.endpoints).map((e) => [e.targetRef?.name, e.addresses, e.nodeName]);
    expect(endpoints).toEqual(expect.arrayContaining([
      ['a', ['10.0.0.10'], 'pool-0'],
      ['b', ['10.0.0.11'], 'pool-1'],
      // a pod on the pod network keeps the address its sandbox got (runPod's host-local IP)
      ['c', ['10.244.0.2'], 'pool-1'],
    ]));
    expect(endpoints).toHaveLength(3);
  });
});
