import { setOwn } from '../api/object';
import { encodeBase64 } from '../openapi/go-base64';
import { def, ensure, isObj, items, type Obj } from './util';

/**
 * core/v1 SetDefaults_Service: sessionAffinity None, type ClusterIP, ports TCP with targetPort =
 * port, externalTrafficPolicy Cluster when externally reachable, internalTrafficPolicy Cluster,
 * allocateLoadBalancerNodePorts for LoadBalancers. ipFamilyPolicy/ipFamilies are normally set by
 * the registry's IP allocator; a single-stack IPv4 cluster gives SingleStack / [IPv4].
 */
export function defaultService(o: Obj): void {
  const spec = ensure(o, 'spec');
  def(spec, 'sessionAffinity', 'None');
  if (spec['sessionAffinity'] === 'None') delete spec['sessionAffinityConfig'];
  if (spec['sessionAffinity'] === 'ClientIP') {
    const cfg = ensure(spec, 'sessionAffinityConfig');
    def(ensure(cfg, 'clientIP'), 'timeoutSeconds', 10800);
  }
  def(spec, 'type', 'ClusterIP');
  for (const p of items(spec, 'ports')) {
    def(p, 'protocol', 'TCP');
    if (p['targetPort'] === undefined || p['targetPort'] === 0 || p['targetPort'] === '') p['targetPort'] = p['port'];
  }
  const type = spec['type'];
  const hasExternalIPs = Array.isArray(spec['externalIPs']) && spec['externalIPs'].length > 0;
  const external = type === 'LoadBalancer' || type === 'NodePort' || (type === 'ClusterIP' && hasExternalIPs);
  if (external) def(spec, 'externalTrafficPolicy', 'Cluster');
  if (type === 'NodePort' || type === 'LoadBalancer' || type === 'ClusterIP') def(spec, 'internalTrafficPolicy', 'Cluster');
  if (type === 'LoadBalancer') def(spec, 'allocateLoadBalancerNodePorts', true);
  if (type !== 'ExternalName') {
    def(spec, 'ipFamilyPolicy', 'SingleStack');
    if (!Array.isArray(spec['ipFamilies']) || spec['ipFamilies'].length === 0) spec['ipFamilies'] = ['IPv4'];
  }
}

/**
 * core/v1 SetDefaults_Namespace / NamespaceStatus plus what the namespace strategy sets on
 * create: label kubernetes.io/metadata.name, spec.finalizers ["kubernetes"], status.phase Active.
 */
export function defaultNamespace(o: Obj): void {
  const meta = ensure(o, 'metadata');
  if (typeof meta['name'] === 'string' && meta['name']) ensure(meta, 'labels')['kubernetes.io/metadata.name'] = meta['name'];
  const spec = ensure(o, 'spec');
  if (!Array.isArray(spec['finalizers'])) spec['finalizers'] = ['kubernetes'];
  def(ensure(o, 'status'), 'phase', 'Active');
}

/** core/v1 SetDefaults_Secret: type Opaque; and stringData merged into data, as conversion to the internal type does. */
export function defaultSecret(o: Obj): void {
  def(o, 'type', 'Opaque');
  mergeStringData(o);
}

/**
 * Upstream's v1→internal conversion (Convert_v1_Secret_To_core_Secret): each stringData entry
 * overwrites data's key with its UTF-8 bytes, and stringData itself is never stored or echoed.
 * Keys are set as own properties, so `__proto__` is a key like any other.
 */
function mergeStringData(o: Obj): void {
  const stringData = o['stringData'];
  delete o['stringData'];
  if (!isObj(stringData)) return;
  const entries = Object.entries(stringData);
  if (entries.length === 0) return;
  const data = isObj(o['data']) ? o['data'] : {};
  for (const [k, v] of entries) setOwn(data, k, encodeBase64(typeof v === 'string' ? v : ''));
  o['data'] = data;
}

/** core/v1 SetDefaults_NodeStatus: allocatable defaults to capacity. */
export function defaultNode(o: Obj): void {
  const status = o['status'];
  if (isObj(status) && isObj(status['capacity']) && !isObj(status['allocatable'])) status['allocatable'] = { ...status['capacity'] };
}

/** core/v1 SetDefaults_PersistentVolumeClaim(Spec): volumeMode Filesystem, status.phase Pending. */
export function defaultPersistentVolumeClaim(o: Obj): void {
  def(ensure(o, 'spec'), 'volumeMode', 'Filesystem');
  def(ensure(o, 'status'), 'phase', 'Pending');
}

/** core/v1 SetDefaults_ServiceAccount has none; ReplicationController: replicas 1. */
export function defaultReplicationController(o: Obj): void {
  def(ensure(o, 'spec'), 'replicas', 1);
}

/** core/v1 SetDefaults_EndpointPort: protocol TCP. */
export function defaultEndpoints(o: Obj): void {
  for (const subset of items(o, 'subsets')) for (const p of items(subset, 'ports')) def(p, 'protocol', 'TCP');
}
