import type { ConfigMap, Node, Pod } from 'kubernetes-types/core/v1';
import { ApiError, notFound } from '../../shared/api/errors';
import type { KubeObject } from '../../shared/api/object';
import { RpcClient } from '../../shared/client';
import { getOrUndefined } from '../../shared/client/store-result';
import { CREATED_BY_LABEL, explainNetworkPath, FLANNEL_CONFIG_MAP, FLANNEL_NAMESPACE, flannelConfigFrom, LAUNCHER_LABEL, nodeNetworkView, VMI_RESOURCE, vmiNetworkView, type FlannelConfigResult, type VirtualMachineInstance } from '../../shared/network';
import { toTable } from '../../shared/tables/to-table';
import { clock } from '../../platform/clock';
import type { Env } from '../../platform/env';
import { namespaceNames } from '../../platform/namespaces';
import { storeStub } from '../../platform/stores';
import { json, readObject, wantsTable } from './http';
import { NODES, PODS } from '../../shared/api/resource-refs';

function clientOf(env: Env): RpcClient {
  return new RpcClient({ storeOf: (s) => storeStub(env, s), namespaces: () => namespaceNames(env) });
}

/** The cluster's flannel configuration: kube-flannel-cfg, or flannel's defaults without it. */
async function netConf(client: RpcClient): Promise<FlannelConfigResult> {
  let cm: ConfigMap | undefined;
  try {
    cm = await client.resource<ConfigMap>({ group: '', version: 'v1', plural: 'configmaps' }).namespace(FLANNEL_NAMESPACE).get(FLANNEL_CONFIG_MAP);
  } catch (e) {
    if (!(e instanceof ApiError && e.code === 404)) throw e;
  }
  return flannelConfigFrom(cm);
}

/** POST …/namespaces/:ns/networkpaths: the path a packet takes, answered and never stored (shared/network/explain-network-path.ts). */
export async function serveNetworkPath(request: Request, env: Env, namespace: string): Promise<Response> {
  return json(await explainNetworkPath(clientOf(env), namespace, await readObject(request)), 201);
}

/** GET /apis/kubeflare.dev/v1alpha1/nodenetworks[/:name]: each node's flannel dataplane, computed from the nodes' current leases. */
export async function serveNodeNetwork(request: Request, env: Env, name?: string): Promise<Response> {
  const client = clientOf(env);
  const nodes = (await client.resource<Node>(NODES).list()).items;
  const conf = await netConf(client);
  const selected = name === undefined ? nodes : nodes.filter((n) => n.metadata?.name === name);
  if (name !== undefined && !selected.length) throw notFound('nodenetworks', 'kubeflare.dev', name);
  // one node's view also shows its pods' CNI chain; a list stays at the node level
  const pods = name === undefined ? undefined : (await client.resource<Pod>(PODS).list({ fieldSelector: `spec.nodeName=${name}` })).items;
  const views: KubeObject[] = selected.map((n) => nodeNetworkView(conf, n, nodes, pods));
  if (wantsTable(request)) return json(toTable('kubeflare.dev', 'NodeNetwork', views, { now: clock.now(), includeObject: new URL(request.url).searchParams.get('includeObject') ?? undefined }));
  if (name !== undefined) return json(views[0]);
  return json({ apiVersion: 'kubeflare.dev/v1alpha1', kind: 'NodeNetworkList', metadata: {}, items: views });
}

/**
 * GET /apis/kubeflare.dev/v1alpha1/[namespaces/:ns/]vminetworks[/:name]: each VMI's pod network as virt-launcher
 * sets it up (binding, in-pod devices, NAT, the DHCP offer), computed from the VMI, its virt-launcher pod and node.
 */
export async function serveVmiNetwork(request: Request, env: Env, namespace?: string, name?: string): Promise<Response> {
  const client = clientOf(env);
  const vmis = client.resource<VirtualMachineInstance>(VMI_RESOURCE);
  const scoped = namespace === undefined ? vmis : vmis.namespace(namespace);
  let selected: VirtualMachineInstance[];
  if (name !== undefined) {
    try {
      selected = [await scoped.get(name)];
    } catch (e) {
      if (e instanceof ApiError && e.code === 404) throw notFound('vminetworks', 'kubeflare.dev', name);
      throw e;
    }
  } else selected = (await scoped.list()).items;
  const podsClient = client.resource<Pod>(PODS);
  const launchers = (await (namespace === undefined ? podsClient : podsClient.namespace(namespace)).list({ labelSelector: `${LAUNCHER_LABEL}=virt-launcher` })).items;
  const conf = await netConf(client);
  const nodes = new Map<string, Node | undefined>();
  const views: KubeObject[] = [];
  for (const vmi of selected) {
    const pod = launchers.find((p) => p.metadata?.labels?.[CREATED_BY_LABEL] === vmi.metadata?.uid && !p.metadata?.deletionTimestamp);
    const nodeName = pod?.spec?.nodeName;
    if (nodeName && !nodes.has(nodeName)) nodes.set(nodeName, await getOrUndefined(client.resource<Node>(NODES).get(nodeName)));
    views.push(vmiNetworkView(conf, vmi, pod, nodeName ? nodes.get(nodeName) : undefined));
  }
  if (wantsTable(request)) return json(toTable('kubeflare.dev', 'VMINetwork', views, { now: clock.now(), includeObject: new URL(request.url).searchParams.get('includeObject') ?? undefined }));
  if (name !== undefined) return json(views[0]);
  return json({ apiVersion: 'kubeflare.dev/v1alpha1', kind: 'VMINetworkList', metadata: {}, items: views });
}
