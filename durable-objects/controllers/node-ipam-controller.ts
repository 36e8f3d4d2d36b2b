import type { Node } from 'kubernetes-types/core/v1';
import { ApiError } from '../../shared/api/errors';
import type { ChangeNotice } from '../../shared/apiserver/change-notice';
import type { Client } from '../../shared/client';
import { makeEvent } from '../../shared/controllers/events';
import { allocateNodeCidr, newNodeIpam, occupyNodeCidr, releaseNodeCidr, type NodeIpamState } from '../../shared/nodes';
import type { ControllerDef } from './controller-def';
import { NODES } from './node-pool-controller';

/** kube-controller-manager's defaults: --cluster-cidr 10.244.0.0/16, --node-cidr-mask-size 24. */
export const CLUSTER_CIDR = '10.244.0.0/16';
export const NODE_CIDR_MASK = 24;

function ipamState(state: Record<string, unknown>): NodeIpamState {
  return (state.ipam as NodeIpamState | undefined) ?? newNodeIpam(CLUSTER_CIDR, NODE_CIDR_MASK);
}

/** The node IPAM controller (range allocator): one podCIDR per node from the cluster CIDR. */
export const nodeIpamController: ControllerDef = {
  name: 'node-ipam',
  watches: ['nodes'],
  resyncMs: 5 * 60_000,
  keysFor: (n: ChangeNotice) => [n.name],
  async allKeys(client: Client): Promise<string[]> {
    return (await client.resource<Node>(NODES).list()).items.map((n) => n.metadata!.name!);
  },
  async reconcile(name, { client, now, state }) {
    let node: Node;
    try {
      node = await client.resource<Node>(NODES).get(name);
    } catch (e) {
      if (e instanceof ApiError && e.code === 404) {
        state.ipam = releaseNodeCidr(ipamState(state), name);
        delete (state.exhaustedNotified as Record<string, boolean> | undefined)?.[name];
        return {};
      }
      throw e;
    }
    if (node.spec?.podCIDR) {
      // a CIDR set by someone else (or before a restart) is marked as used
      state.ipam = occupyNodeCidr(ipamState(state), name, node.spec.podCIDR).state;
      return {};
    }
    const result = allocateNodeCidr(ipamState(state), name, now);
    state.ipam = result.state;
    if (!result.ok) {
      // tell once per node; try again rarely (a CIDR only frees up when a node goes, which re-queues anyway)
      const told = (state.exhaustedNotified ??= {}) as Record<string, boolean>;
      if (!told[name]) {
        told[name] = true;
        const event = makeEvent(node, 'Normal', result.event.reason, result.event.message, 'cidrAllocator', now);
        await client.resource({ group: '', version: 'v1', plural: 'events' }).namespace('default').create(event as never).catch(() => undefined);
      }
      return { requeueAfterMs: 5 * 60_000 };
    }
    delete (state.exhaustedNotified as Record<string, boolean> | undefined)?.[name];
    await client.resource<Node>(NODES).patch(name, 'merge', { spec: { podCIDR: result.podCIDR, podCIDRs: [result.podCIDR] } });
    return {};
  },
};
