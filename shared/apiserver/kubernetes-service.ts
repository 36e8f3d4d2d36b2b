// The `default/kubernetes` Service and its endpoints, as kube-apiserver's bootstrap controller and
// lease endpoint reconciler write them (pkg/controlplane/controller/kubernetesservice, reconcilers).
import type { KubeObject } from '../api/object';
import { BUILTIN_RESOURCES, type ResourceDef } from '../api/registry';
import { admitCreate } from './admission';
import { storageKeyOf } from './storage-resource';
import { intToIp, parseCidr, SERVICE_CIDR } from './service-ip';
import type { WriteContext } from './object-meta';

/** The first address of the service CIDR: 10.96.0.1 for 10.96.0.0/12. */
export const KUBERNETES_SERVICE_IP = intToIp(parseCidr(SERVICE_CIDR).base + 1);
/**
 * The address the Endpoints name for the API server (its --advertise-address): 192.0.2.1, from the
 * TEST-NET-1 block reserved for documentation (RFC 5737), since the Worker answers wherever wrangler
 * dev or Cloudflare serve it and Endpoints refuse loopback addresses as upstream does.
 */
export const API_SERVER_ADDRESS = '192.0.2.1';
export const API_SERVER_PORT = 6443;
export const KUBERNETES_SERVICE = { namespace: 'default', name: 'kubernetes' } as const;

const def = (group: string, kind: string): ResourceDef => BUILTIN_RESOURCES.find((d) => d.group === group && d.kind === kind)!;
const PORT = { name: 'https', port: API_SERVER_PORT, protocol: 'TCP' };

/**
 * The three objects, admitted as kube-apiserver creates them (defaults, uid, managedFields): the
 * Service (ClusterIP 10.96.0.1, 443 → 6443, no selector: its endpoints are the API server's own), the
 * Endpoints (skip-mirror, so no mirrored slice) and the EndpointSlice the endpoints adapter writes.
 */
export function kubernetesServiceObjects(ctx: WriteContext): { resource: string; object: KubeObject }[] {
  const meta = { name: KUBERNETES_SERVICE.name };
  const bodies: [ResourceDef, KubeObject][] = [
    [
      def('', 'Service'),
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { ...meta, labels: { component: 'apiserver', provider: 'kubernetes' } },
        spec: {
          type: 'ClusterIP',
          clusterIP: KUBERNETES_SERVICE_IP,
          clusterIPs: [KUBERNETES_SERVICE_IP],
          ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: API_SERVER_PORT }],
        },
      },
    ],
    [
      def('', 'Endpoints'),
      {
        apiVersion: 'v1',
        kind: 'Endpoints',
        metadata: { ...meta, labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' } },
        subsets: [{ addresses: [{ ip: API_SERVER_ADDRESS }], ports: [PORT] }],
      },
    ],
    [
      def('discovery.k8s.io', 'EndpointSlice'),
      {
        apiVersion: 'discovery.k8s.io/v1',
        kind: 'EndpointSlice',
        metadata: { ...meta, labels: { 'kubernetes.io/service-name': KUBERNETES_SERVICE.name } },
        addressType: 'IPv4',
        endpoints: [{ addresses: [API_SERVER_ADDRESS], conditions: { ready: true } }],
        ports: [PORT],
      },
    ],
  ];
  return bodies.map(([d, body]) => ({
    resource: storageKeyOf(d),
    object: admitCreate(d, body, KUBERNETES_SERVICE.namespace, ctx, { version: d.storageVersion, fieldManager: 'kube-apiserver' }).object,
  }));
}
