import { defaultImagePullPolicy } from './image-pull-policy';
import { def, ensure, isObj, items, type Obj } from './util';

/** 0644: the default file mode of secret, configMap, downwardAPI and projected volumes. */
export const DEFAULT_VOLUME_MODE = 420;

function defaultHTTPGet(h: unknown): void {
  if (!isObj(h)) return;
  def(h, 'path', '/');
  def(h, 'scheme', 'HTTP');
}

function defaultProbe(p: unknown): void {
  if (!isObj(p)) return;
  def(p, 'timeoutSeconds', 1);
  def(p, 'periodSeconds', 10);
  def(p, 'successThreshold', 1);
  def(p, 'failureThreshold', 3);
  defaultHTTPGet(p['httpGet']);
}

function defaultFieldRefs(o: unknown): void {
  if (!isObj(o)) return;
  if (isObj(o['fieldRef'])) def(o['fieldRef'], 'apiVersion', 'v1');
  // The zero Quantity serializes as "0".
  if (isObj(o['resourceFieldRef'])) def(o['resourceFieldRef'], 'divisor', '0');
}

/** SetDefaults_Container and the defaults of what it holds (ports, probes, env). */
export function defaultContainer(c: Obj): void {
  if (c['imagePullPolicy'] === undefined || c['imagePullPolicy'] === '') {
    c['imagePullPolicy'] = defaultImagePullPolicy(typeof c['image'] === 'string' ? c['image'] : '');
  }
  def(c, 'terminationMessagePath', '/dev/termination-log');
  def(c, 'terminationMessagePolicy', 'File');
  for (const port of items(c, 'ports')) def(port, 'protocol', 'TCP');
  for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe']) defaultProbe(c[probe]);
  const lifecycle = c['lifecycle'];
  if (isObj(lifecycle)) for (const h of ['postStart', 'preStop']) if (isObj(lifecycle[h])) defaultHTTPGet(lifecycle[h]['httpGet']);
  for (const env of items(c, 'env')) defaultFieldRefs(env['valueFrom']);
}

const VOLUME_SOURCES_WITH_MODE = ['secret', 'configMap', 'downwardAPI', 'projected'];

/** SetDefaults_Volume and its sources: a volume with no source becomes an emptyDir. */
export function defaultVolume(v: Obj): void {
  const sources = Object.keys(v).filter((k) => k !== 'name');
  if (sources.length === 0) v['emptyDir'] = {};
  for (const k of VOLUME_SOURCES_WITH_MODE) if (isObj(v[k])) def(v[k] as Obj, 'defaultMode', DEFAULT_VOLUME_MODE);
  if (isObj(v['hostPath'])) def(v['hostPath'], 'type', '');
  if (isObj(v['downwardAPI'])) for (const item of items(v['downwardAPI'], 'items')) defaultFieldRefs(item);
  if (isObj(v['projected'])) {
    for (const src of items(v['projected'], 'sources')) {
      if (isObj(src['downwardAPI'])) for (const item of items(src['downwardAPI'], 'items')) defaultFieldRefs(item);
      if (isObj(src['serviceAccountToken'])) def(src['serviceAccountToken'], 'expirationSeconds', 3600);
    }
  }
}

/**
 * SetDefaults_PodSpec (applies to pods and pod templates): dnsPolicy, restartPolicy,
 * securityContext, terminationGracePeriodSeconds, schedulerName, plus containers and volumes.
 */
export function defaultPodSpec(spec: Obj): void {
  def(spec, 'dnsPolicy', 'ClusterFirst');
  def(spec, 'restartPolicy', 'Always');
  if (!isObj(spec['securityContext'])) spec['securityContext'] = {};
  def(spec, 'terminationGracePeriodSeconds', 30);
  def(spec, 'schedulerName', 'default-scheduler');
  // v1 keeps the deprecated serviceAccount mirrored with serviceAccountName (conversion).
  if (spec['serviceAccountName']) def(spec, 'serviceAccount', spec['serviceAccountName']);
  else if (spec['serviceAccount']) spec['serviceAccountName'] = spec['serviceAccount'];
  for (const list of ['containers', 'initContainers', 'ephemeralContainers']) for (const c of items(spec, list)) defaultContainer(c);
  for (const v of items(spec, 'volumes')) defaultVolume(v);
}

/** SetDefaults_Pod: the pod-only defaults (requests from limits, enableServiceLinks, hostPort on the host network) on top of the spec's. */
export function defaultPod(pod: Obj): void {
  const spec = ensure(pod, 'spec');
  defaultPodSpec(spec);
  for (const list of ['containers', 'initContainers']) {
    for (const c of items(spec, list)) {
      const resources = c['resources'];
      if (!isObj(resources) || !isObj(resources['limits'])) continue;
      const requests = ensure(resources, 'requests');
      for (const [k, v] of Object.entries(resources['limits'])) if (!(k in requests)) requests[k] = v;
    }
  }
  if (spec['enableServiceLinks'] === undefined || spec['enableServiceLinks'] === null) spec['enableServiceLinks'] = true;
  // a pod on the host's network listens on the node's ports: hostPort defaults to containerPort, in Pods
  // only (since 1.28 a template, a Deployment's or DaemonSet's, keeps what it was given)
  if (spec['hostNetwork'] === true) {
    for (const list of ['containers', 'initContainers'])
      for (const c of items(spec, list)) for (const p of items(c, 'ports')) if (!p['hostPort']) p['hostPort'] = p['containerPort'];
  }
}
