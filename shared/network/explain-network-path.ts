import { getOrUndefined } from '../client/store-result';
import type { ConfigMap, Namespace, Node, Pod, Service } from 'kubernetes-types/core/v1';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1';
import type { Ingress, IngressClass, NetworkPolicy } from 'kubernetes-types/networking/v1';
import { invalid as invalidObject, type StatusCause } from '../api/errors';
import type { KubeObject } from '../api/object';
import type { Client } from '../client';
import { invalid, required } from '../validation/field-error';
import { clusterLeases, dataplaneOfNode } from './cluster-dataplane';
import { FLANNEL_CONFIG_MAP, FLANNEL_NAMESPACE, flannelConfigFrom } from './flannel-config-map';
import { INGRESS_ADDRESS, ingressLoadBalancer, routeIngress } from './ingress-routing';
import { isHostNetworkPod } from '../nodes/pod-network';
import { evaluateNetworkPolicy, type PolicyPeer, type PolicyVerdict } from './network-policy-eval';
import { podBandwidth, shapedThroughput } from './pod-bandwidth';
import { tracePodToPod, type Hop, type PathEndpoint, type PodPath } from './pod-path';
import { serviceTarget, type ServiceBackend } from './service-endpoint';

const R = {
  pods: { group: '', version: 'v1', plural: 'pods' },
  nodes: { group: '', version: 'v1', plural: 'nodes' },
  services: { group: '', version: 'v1', plural: 'services' },
  namespaces: { group: '', version: 'v1', plural: 'namespaces' },
  configmaps: { group: '', version: 'v1', plural: 'configmaps' },
  slices: { group: 'discovery.k8s.io', version: 'v1', plural: 'endpointslices' },
  policies: { group: 'networking.k8s.io', version: 'v1', plural: 'networkpolicies' },
  ingresses: { group: 'networking.k8s.io', version: 'v1', plural: 'ingresses' },
  ingressClasses: { group: 'networking.k8s.io', version: 'v1', plural: 'ingressclasses' },
};

/** spec of a NetworkPath: from a pod to a pod, a Service (ClusterIP), an Ingress (host and path) or an address, on a port. */
export interface NetworkPathSpec {
  from?: { pod?: string; namespace?: string };
  to?: { pod?: string; service?: string; ingress?: string; host?: string; path?: string; ip?: string; namespace?: string };
  port?: number | string;
  protocol?: string;
}


function validateSpec(spec: NetworkPathSpec, name: string): void {
  const causes: StatusCause[] = [];
  if (!spec.from?.pod) causes.push(required('spec.from.pod'));
  const targets = ['pod', 'service', 'ingress', 'ip'].filter((k) => (spec.to as Record<string, unknown> | undefined)?.[k] !== undefined);
  if (targets.length !== 1) causes.push(targets.length ? invalid('spec.to', spec.to, 'name exactly one of pod, service, ingress or ip') : required('spec.to', 'one of pod, service, ingress or ip'));
  if (spec.to?.path !== undefined && !spec.to.path.startsWith('/')) causes.push(invalid('spec.to.path', spec.to.path, 'must be an absolute path'));
  if (spec.protocol !== undefined && !['TCP', 'UDP', 'SCTP'].includes(spec.protocol)) causes.push({ reason: 'FieldValueNotSupported', message: `Unsupported value: "${spec.protocol}": supported values: "SCTP", "TCP", "UDP"`, field: 'spec.protocol' });
  if (typeof spec.port === 'number' && (!Number.isInteger(spec.port) || spec.port < 1 || spec.port > 65535)) causes.push(invalid('spec.port', spec.port, 'must be between 1 and 65535, inclusive'));
  if (spec.to?.ip === undefined && spec.to?.service === undefined && typeof spec.port === 'string') causes.push(invalid('spec.port', spec.port, 'a port name needs a service'));
  if (causes.length) throw invalidObject('NetworkPath', 'kubeflare.dev', name, causes);
}

/**
 * A pod as policies see it. A pod on its node's network is seen as its node's address, as most network
 * plugins do (NetworkPolicy leaves it undefined): no podSelector or namespaceSelector picks it, ipBlocks match it.
 */
function policyPeer(pod: Pod): PolicyPeer {
  if (isHostNetworkPod(pod)) return { ip: pod.status?.podIP ?? '', hostNetworkPod: `${pod.metadata!.namespace}/${pod.metadata!.name}` };
  return {
    namespace: pod.metadata!.namespace!,
    name: pod.metadata!.name!,
    labels: pod.metadata?.labels ?? {},
    ip: pod.status?.podIP ?? '',
    ports: (pod.spec?.containers ?? []).flatMap((c) => c.ports ?? []),
  };
}

function endpointOf(pod: Pod): PathEndpoint {
  return { pod: `${pod.metadata!.namespace}/${pod.metadata!.name}`, uid: pod.metadata!.uid ?? '', node: pod.spec?.nodeName ?? '', ip: pod.status?.podIP ?? '', ...(isHostNetworkPod(pod) ? { hostNetwork: true } : {}) };
}

/**
 * The explain-only resource `networkpaths.kubeflare.dev`: how a packet from one pod gets to another
 * pod, a Service's ClusterIP (through the endpoint kube-proxy would pick from the EndpointSlices) or an
 * address — the hops, devices and encapsulation of the configured flannel backend, the MTU, modelled
 * latency and throughput, and whether NetworkPolicies allow it and which one decided. Nothing is stored.
 */
export async function explainNetworkPath(client: Client, namespace: string, body: KubeObject): Promise<KubeObject> {
  const spec = (body.spec ?? {}) as NetworkPathSpec;
  validateSpec(spec, body.metadata?.name ?? '');
  const protocol = spec.protocol ?? 'TCP';
  const srcNs = spec.from!.namespace ?? namespace;
  const dstNs = spec.to!.namespace ?? namespace;
  const src = await client.resource<Pod>(R.pods).namespace(srcNs).get(spec.from!.pod!);
  const cm = await getOrUndefined(client.resource<ConfigMap>(R.configmaps).namespace(FLANNEL_NAMESPACE).get(FLANNEL_CONFIG_MAP));
  const conf = flannelConfigFrom(cm);
  const status: Record<string, unknown> = { source: { ...endpointOf(src), uid: undefined } };
  const answer = (s: Record<string, unknown>): KubeObject => ({
    apiVersion: 'kubeflare.dev/v1alpha1',
    kind: 'NetworkPath',
    metadata: { ...(body.metadata ?? {}), namespace, creationTimestamp: null } as never,
    spec: body.spec,
    status: JSON.parse(JSON.stringify(s)) as Record<string, unknown>,
  });
  const fail = (verdict: 'Unreachable' | 'Denied', reason: string, extra: Record<string, unknown> = {}) => answer({ verdict, reachable: false, reason, ...status, ...extra });
  if (!conf.ok) return fail('Unreachable', `flanneld: error parsing subnet config: ${conf.error}`);
  if (!src.status?.podIP || !src.spec?.nodeName) return fail('Unreachable', `pod ${srcNs}/${src.metadata?.name} has no IP yet`);

  // where the packet goes: a pod, a Service's chosen endpoint, or an address
  let dstPod: Pod | undefined;
  let dstPeer: PolicyPeer;
  let port = typeof spec.port === 'number' ? spec.port : 0;
  let dnat: { from: string; to: string } | undefined;
  let serviceName = spec.to!.service;
  let wantedPort = spec.port;
  const before: Hop[] = [];
  if (spec.to!.ingress !== undefined) {
    // the ingress controller picks the backend Service by host and path, then kube-proxy its endpoint
    const ing = await client.resource<Ingress>(R.ingresses).namespace(dstNs).get(spec.to!.ingress);
    const classes = (await client.resource<IngressClass>(R.ingressClasses).list()).items;
    const host = spec.to!.host ?? ing.spec?.rules?.find((r) => r.host)?.host ?? '';
    const path = spec.to!.path ?? '/';
    if (!ingressLoadBalancer(ing, classes)) return fail('Unreachable', `ingress ${dstNs}/${ing.metadata?.name} is not served by kubeflare.dev/ingress-controller (its IngressClass names another controller, or it has none)`);
    const route = routeIngress(ing, host, path);
    if (!route.ok) return fail('Unreachable', route.error);
    const backend = route.backend.service;
    if (!backend) return fail('Unreachable', `ingress ${dstNs}/${ing.metadata?.name} sends ${host}${path} to a resource backend, which carries no traffic to pods`);
    serviceName = backend.name;
    wantedPort = backend.port?.number ?? backend.port?.name;
    status.ingress = { name: `${dstNs}/${ing.metadata?.name}`, address: INGRESS_ADDRESS, host, path, ...(route.rule !== undefined ? { rule: route.rule, matchedPath: route.path, pathType: route.pathType } : { defaultBackend: true }), backend: `${backend.name}:${wantedPort}` };
    const matched = route.rule !== undefined ? `rule ${route.rule} path ${route.path} (${route.pathType})` : 'defaultBackend';
    before.push({ device: `ingress controller ${INGRESS_ADDRESS}:80`, detail: `Host ${host} ${path} → service ${backend.name}:${wantedPort} by ${matched}` });
  }
  if (serviceName !== undefined) {
    const svc = await client.resource<Service>(R.services).namespace(dstNs).get(serviceName);
    const slices = (await client.resource<EndpointSlice>(R.slices).namespace(dstNs).list({ labelSelector: `kubernetes.io/service-name=${svc.metadata!.name}` })).items;
    const target = serviceTarget(svc, slices, wantedPort, `${srcNs}/${src.metadata!.name}`);
    if (!target.ok) throw invalidObject('NetworkPath', 'kubeflare.dev', body.metadata?.name ?? '', [invalid(spec.to!.ingress !== undefined ? 'spec.to.ingress' : 'spec.to.service', spec.to!.ingress ?? serviceName, target.error)]);
    const servicePort = target.port.port;
    status.service = { name: `${dstNs}/${svc.metadata!.name}`, clusterIP: target.clusterIP, port: servicePort, protocol: target.port.protocol ?? 'TCP', endpoints: target.endpoints.map(formatBackend), chosen: target.chosen && formatBackend(target.chosen) };
    if (!target.chosen) return fail('Unreachable', `service ${dstNs}/${svc.metadata!.name} has no endpoints: kube-proxy rejects ${target.clusterIP}:${servicePort} (icmp port unreachable)`);
    port = target.chosen.port;
    dnat = { from: `${target.clusterIP}:${servicePort}`, to: `${target.chosen.ip}:${target.chosen.port}` };
    const [podNs, podName] = (target.chosen.pod ?? '/').split('/');
    dstPod = target.chosen.pod ? await getOrUndefined(client.resource<Pod>(R.pods).namespace(podNs!).get(podName!)) : undefined;
    if (!dstPod) return fail('Unreachable', `endpoint ${target.chosen.ip} is not a pod of this cluster`);
  } else if (spec.to!.pod !== undefined) {
    dstPod = await client.resource<Pod>(R.pods).namespace(dstNs).get(spec.to!.pod);
  }
  if (dstPod) {
    if (!dstPod.status?.podIP || !dstPod.spec?.nodeName) return fail('Unreachable', `pod ${dstPod.metadata?.namespace}/${dstPod.metadata?.name} has no IP yet`);
    dstPeer = policyPeer(dstPod);
    status.destination = { ...endpointOf(dstPod), uid: undefined, port: port || undefined, protocol };
  } else {
    dstPeer = { ip: spec.to!.ip! };
    status.destination = { ip: spec.to!.ip, port: port || undefined, protocol };
  }

  const namespaces = (await client.resource<Namespace>(R.namespaces).list()).items;
  const nsLabels = Object.fromEntries(namespaces.map((n) => [n.metadata!.name!, n.metadata?.labels ?? {}]));
  const policyNs = [...new Set([srcNs, dstPod?.metadata?.namespace ?? srcNs])];
  const policies = (await Promise.all(policyNs.map((ns) => client.resource<NetworkPolicy>(R.policies).namespace(ns).list()))).flatMap((l) => l.items);
  const verdict: PolicyVerdict = evaluateNetworkPolicy({ policies, namespaceLabels: nsLabels }, policyPeer(src), dstPeer, port, protocol);
  status.policy = verdict;

  if (!dstPod) return fail('Unreachable', `${spec.to!.ip} is not a pod of this cluster: only pod and Service destinations are traced (egress ${verdict.egress.allowed ? 'allowed' : 'denied'})`);
  const nodes = (await client.resource<Node>(R.nodes).list()).items;
  const { leases } = clusterLeases(nodes);
  const dataplane = (name: string) => {
    const node = nodes.find((n) => n.metadata?.name === name);
    if (!node) return { ok: false as const, error: `node ${name} not found` };
    return dataplaneOfNode(conf.config, node, leases);
  };
  const sdp = dataplane(src.spec.nodeName);
  const ddp = dataplane(dstPod.spec!.nodeName!);
  if (!sdp.ok || !ddp.ok) return fail('Unreachable', `flanneld: ${!sdp.ok ? sdp.error : (ddp as { error: string }).error}`);
  const path: PodPath = tracePodToPod({ endpoint: endpointOf(src), dataplane: sdp.dataplane }, { endpoint: endpointOf(dstPod), dataplane: ddp.dataplane }, { port, protocol, dnat, before });
  const { reachable, reason, ...rest } = path;
  // the bandwidth plugin's buckets: the source pod's egress and the destination pod's ingress cap the flow
  const srcBw = podBandwidth(src);
  const dstBw = podBandwidth(dstPod);
  const cniErrors = [srcBw, dstBw].flatMap((b, i) => ('error' in b ? [`${i ? 'destination' : 'source'} pod: ${b.error}`] : []));
  const shaped = rest.throughputMbps === undefined ? undefined : shapedThroughput(rest.throughputMbps, srcBw, dstBw);
  const shown = { ...status, backend: conf.config.backend.type, ...rest, ...(shaped ?? {}), ...(cniErrors.length ? { cniErrors } : {}) };
  if (!reachable) return answer({ verdict: 'Unreachable', reachable: false, reason, ...shown });
  if (!verdict.allowed) return answer({ verdict: 'Denied', reachable: false, reason: `NetworkPolicy: ${verdict.message}`, ...shown });
  return answer({ verdict: 'Reachable', reachable: true, reason: verdict.message, ...shown });
}

function formatBackend(b: ServiceBackend): string {
  return `${b.ip}:${b.port}${b.pod ? ` (${b.pod}${b.node ? ` on ${b.node}` : ''})` : ''}`;
}
