import type { ConfigMap, Node, Pod } from 'kubernetes-types/core/v1';
import { ApiError, notFound } from '../../shared/api/errors';
import type { KubeObject } from '../../shared/api/object';
import { RpcClient } from '../../shared/client';
import { explainNetworkPath, FLANNEL_CONFIG_MAP, FLANNEL_NAMESPACE, flannelConfigFrom, nodeNetworkView } from '../../shared/network';
import { toTable } from '../../shared/tables/to-table';
import { clock } from '../../platform/clock';
import type { Env } from '../../platform/env';
import { namespaceNames } from '../../platform/namespaces';
import { storeStub } from '../../platform/stores';
import { json, readObject, wantsTable } from './http';

function clientOf(env: Env): RpcClient {
  return new RpcClient({ storeOf: (s) => storeStub(env, s), namespaces: () => namespaceNames(env) });
}

/** POST …/namespaces/:ns/networkpaths: the path a packet takes, answered and never stored (shared/network/explain-network-path.ts). */
export async function serveNetworkPath(request: Request, env: Env, namespace: string): Promise<Response> {
  return json(await explainNetworkPath(clientOf(env), namespace, await readObject(request)), 201);
}

/** GET /apis/kubeflare.dev/v1alpha1/nodenetworks[/:name]: each node's flannel dataplane, computed from the nodes' current leases. */
export async function serveNodeNetwork(request: Request, env: Env, name?: string): Promise<Response> {
  const client = clientOf(env);
  const nodes = (await client.resource<Node>({ group: '', version: 'v1', plural: 'nodes' }).list()).items;
  let cm: ConfigMap | undefined;
  try {
    cm = await client.resource<ConfigMap>({ group: '', version: 'v1', plural: 'configmaps' }).namespace(FLANNEL_NAMESPACE).get(FLANNEL_CONFIG_MAP);
  } catch (e) {
    if (!(e instanceof ApiError && e.code === 404)) throw e;
  }
  const conf = flannelConfigFrom(cm);
  const selected = name === undefined ? nodes : nodes.filter((n) => n.metadata?.name === name);
  if (name !== undefined && !selected.length) throw notFound('nodenetworks', 'kubeflare.dev', name);
  // one node's view also shows its pods' CNI chain; a list stays at the node level
  const pods = name === undefined ? undefined : (await client.resource<Pod>({ group: '', version: 'v1', plural: 'pods' }).list({ fieldSelector: `spec.nodeName=${name}` })).items;
  const views: KubeObject[] = selected.map((n) => nodeNetworkView(conf, n, nodes, pods));
  if (wantsTable(request)) return json(toTable('kubeflare.dev', 'NodeNetwork', views, { now: clock.now(), includeObject: new URL(request.url).searchParams.get('includeObject') ?? undefined }));
  if (name !== undefined) return json(views[0]);
  return json({ apiVersion: 'kubeflare.dev/v1alpha1', kind: 'NodeNetworkList', metadata: {}, items: views });
}
