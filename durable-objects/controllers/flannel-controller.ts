import type { ConfigMap, Node } from 'kubernetes-types/core/v1';
import { ApiError } from '../../shared/api/errors';
import type { ChangeNotice } from '../../shared/apiserver/change-notice';
import type { Client } from '../../shared/client';
import { makeEvent } from '../../shared/controllers/events';
import { formatTime } from '../../shared/controllers/time';
import { FLANNEL_CONFIG_MAP, FLANNEL_NAMESPACE, flannelAnnotationPatch, networkCondition, networkConditionPatch, type FlannelConfig, type FlannelConfigResult } from '../../shared/network';
import { readFlannelConfig } from './cluster-network';
import type { ControllerDef, ReconcileContext } from './controller-def';
import { NODES } from '../../shared/api/resource-refs';
import { REPAIR_RESYNC_MS } from '../../shared/controllers/resync-policy';
import { recordEvents } from './event-recorders';
import { nodeUpdateMatters } from '../../shared/controllers/node-update-filters';

const CONFIG_KEY = 'config';

/** Writes one node's flannel annotations when they differ from what `config` publishes; the node as stored after. */
async function annotate(client: Client, node: Node, config: FlannelConfig): Promise<Node> {
  const patch = flannelAnnotationPatch(node, config);
  return patch ? client.resource<Node>(NODES).patch(node.metadata!.name!, 'merge', { metadata: { annotations: patch } }) : node;
}

/**
 * Patches the node's NetworkUnavailable condition when it differs from what flanneld there would leave:
 * False/FlannelIsUp with its lease, True with flanneld's fatal error otherwise. A strategic merge on the
 * status subresource, keyed by condition type, as flannel patches it, so the kubelet's conditions stay.
 */
async function reportCondition(client: Client, node: Node, conf: FlannelConfigResult, now: number): Promise<void> {
  const cond = networkConditionPatch(node, networkCondition(conf, node), formatTime(now));
  if (cond) await client.resource<Node>(NODES).patch(node.metadata!.name!, 'strategic', { status: { conditions: [cond] } } as never, { subresource: 'status' });
}

/** flanneld's complaint about a bad net-conf.json, once per ConfigMap version, as a Warning on the ConfigMap. */
async function reportInvalid(ctx: ReconcileContext, cm: ConfigMap | undefined, error: string): Promise<void> {
  if (!cm) return;
  const reported = ctx.rows<string>('reported');
  const rv = cm.metadata?.resourceVersion ?? '';
  if (reported.get(CONFIG_KEY) === rv) return;
  reported.put(CONFIG_KEY, rv);
  const event = makeEvent({ apiVersion: 'v1', kind: 'ConfigMap', metadata: cm.metadata }, 'Warning', 'InvalidNetConf', `error parsing subnet config: ${error}`, 'flanneld', ctx.now);
  await recordEvents(ctx.client, [event], 'flannel');
}

/**
 * flanneld's kube subnet manager on every node at once: each node with a podCIDR gets the
 * `flannel.alpha.coreos.com/*` annotations of the configured backend (the lease other nodes program
 * their routes, ARP and FDB entries from — shared/network/node-dataplane.ts computes those from the
 * annotations). Keys: `node/<name>` per node change; `config` when kube-flannel-cfg changes, which
 * re-annotates every node (a real cluster restarts the flannel DaemonSet for that) or, when the new
 * net-conf.json is invalid, reports flannel's error and leaves the annotations as they were. Every node's
 * NetworkUnavailable condition says whether flanneld runs there (shared/network/network-unavailable.ts).
 */
export const flannelController: ControllerDef = {
  name: 'flannel',
  watches: ['nodes', 'configmaps'],
  resyncMs: REPAIR_RESYNC_MS,
  resyncOnWallClock: true,
  wants: (n: ChangeNotice) => (n.resource === 'nodes' ? nodeUpdateMatters(n) : n.namespace === FLANNEL_NAMESPACE && n.name === FLANNEL_CONFIG_MAP),
  keysFor: (n: ChangeNotice) => (n.resource === 'nodes' ? (n.type === 'DELETED' ? [] : [`node/${n.name}`]) : [CONFIG_KEY]),
  async allKeys(client: Client): Promise<string[]> {
    return [CONFIG_KEY, ...(await client.resource<Node>(NODES).list()).items.map((n) => `node/${n.metadata!.name!}`)];
  },
  async reconcile(key, ctx) {
    const { client } = ctx;
    if (key === CONFIG_KEY) {
      delete ctx.memo.flannelConfig;
      const r = await readFlannelConfig(ctx);
      if (!r.ok) await reportInvalid(ctx, r.configMap, r.error);
      for (const node of (await client.resource<Node>(NODES).list()).items) {
        await reportCondition(client, r.ok ? await annotate(client, node, r.config) : node, r, ctx.now);
      }
      return {};
    }
    const r = await readFlannelConfig(ctx);
    try {
      const node = await client.resource<Node>(NODES).get(key.slice('node/'.length));
      await reportCondition(client, r.ok ? await annotate(client, node, r.config) : node, r, ctx.now);
    } catch (e) {
      if (!(e instanceof ApiError && e.code === 404)) throw e;
    }
    return {};
  },
};
