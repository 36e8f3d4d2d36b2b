import { generateName } from '../apiserver/object-meta';
import { forbidden } from '../auth/forbidden';
import { ROOT_CA_CONFIG_MAP } from '../auth/root-ca';
import { DEFAULT_VOLUME_MODE } from './pod-defaults';
import { ensure, isObj, items, type Obj } from './util';

/** Options for the admission-time pod defaults. */
export interface PodAdmissionOptions {
  /** Random source in [0,1) for the kube-api-access-XXXXX volume name; without it no volume is added. */
  rand?: () => number;
  /**
   * The pod's ServiceAccount in its namespace, by name (undefined when there is none), for its
   * `automountServiceAccountToken` and `imagePullSecrets`. Given (a create through a store), a pod
   * whose ServiceAccount does not exist is refused, as upstream's plugin refuses it.
   */
  serviceAccount?: (name: string) => AccountDefaults | undefined;
  /** The namespace the pod is created in, for that refusal's message. */
  namespace?: string;
}

/** What the ServiceAccount admission takes from a pod's ServiceAccount. */
interface AccountDefaults {
  automountServiceAccountToken?: boolean;
  imagePullSecrets?: { name?: string }[];
}

/** The annotation the kubelet puts on the mirror pod of a static pod (api.MirrorPodAnnotationKey). */
export const MIRROR_POD_ANNOTATION = 'kubernetes.io/config.mirror';

/** The tolerations DefaultTolerationSeconds adds: not-ready and unreachable, NoExecute, 300s. */
export const DEFAULT_TOLERATION_KEYS = ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable'];

const SYSTEM_PRIORITIES: Record<string, number> = { 'system-node-critical': 2000001000, 'system-cluster-critical': 2000000000 };
const SA_MOUNT_PATH = '/var/run/secrets/kubernetes.io/serviceaccount';
const SA_VOLUME_PREFIX = 'kube-api-access-';

/**
 * What kube-apiserver's default admission plugins add to a new Pod (not to templates):
 * ServiceAccount (serviceAccountName `default`, the account's imagePullSecrets when the pod names none,
 * and with `rand` the projected token volume and mounts; none of these on a mirror pod), Priority (priority 0 or the system class's value, preemptionPolicy
 * PreemptLowerPriority) and DefaultTolerationSeconds (not-ready/unreachable NoExecute for 300s).
 */
export function applyPodAdmissionDefaults(pod: Obj, opts: PodAdmissionOptions = {}): void {
  const spec = ensure(pod, 'spec');
  // the kubelet deletes a mirror pod whose spec differs from its static pod's, so the plugin leaves it alone
  const mirror = isObj(pod['metadata']) && isObj(pod['metadata']['annotations']) && MIRROR_POD_ANNOTATION in pod['metadata']['annotations'];
  if (!mirror) {
    if (!spec['serviceAccountName']) spec['serviceAccountName'] = 'default';
    const accountName = String(spec['serviceAccountName']);
    const account = opts.serviceAccount?.(accountName);
    if (opts.serviceAccount && !account) throw serviceAccountNotFound(pod, opts.namespace, accountName);
    if (opts.rand && shouldAutomount(spec, account)) mountServiceAccountToken(spec, opts.rand);
    // a pod that names no pull secrets gets its ServiceAccount's
    const pullSecrets = account?.imagePullSecrets ?? [];
    if (!items(spec, 'imagePullSecrets').length && pullSecrets.length) spec['imagePullSecrets'] = pullSecrets.map((s) => ({ name: s.name }));
  }
  if (spec['serviceAccountName']) spec['serviceAccount'] = spec['serviceAccountName'];

  if (spec['priority'] === undefined || spec['priority'] === null) {
    spec['priority'] = SYSTEM_PRIORITIES[String(spec['priorityClassName'] ?? '')] ?? 0;
  }
  if (!spec['preemptionPolicy']) spec['preemptionPolicy'] = 'PreemptLowerPriority';

  const tolerations = items(spec, 'tolerations');
  const added: Obj[] = [];
  for (const key of DEFAULT_TOLERATION_KEYS) {
    const tolerated = tolerations.some((t) => (t['key'] === key || !t['key']) && (t['effect'] === 'NoExecute' || !t['effect']));
    if (!tolerated) added.push({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 });
  }
  if (added.length) spec['tolerations'] = [...(Array.isArray(spec['tolerations']) ? spec['tolerations'] : []), ...added];
}

/**
 * Upstream's refusal of a pod whose ServiceAccount does not exist (getServiceAccount's NotFound wrapped
 * in admission.NewForbidden): `pods "p" is forbidden: error looking up service account ns/sa:
 * serviceaccount "sa" not found`. Upstream retries the `default` account for a second or two, as the
 * serviceaccount controller creates it just after the namespace; here a client retries (kubectl users
 * meet the same race on a cluster whose controller is slow).
 */
function serviceAccountNotFound(pod: Obj, namespace: string | undefined, name: string) {
  const meta = isObj(pod['metadata']) ? pod['metadata'] : {};
  const ns = namespace ?? String(meta['namespace'] ?? '');
  // admission.NewForbidden names the pod by its generateName before a name is generated (a ReplicaSet's pods)
  const podName = String(meta['name'] || meta['generateName'] || 'Unknown');
  return forbidden('pods', '', podName, `error looking up service account ${ns}/${name}: serviceaccount ${JSON.stringify(name)} not found`);
}

/** The pod's own `automountServiceAccountToken` wins, then its ServiceAccount's; true when neither says (upstream's shouldAutomount). */
function shouldAutomount(spec: Obj, sa: AccountDefaults | undefined): boolean {
  if (typeof spec['automountServiceAccountToken'] === 'boolean') return spec['automountServiceAccountToken'];
  return sa?.automountServiceAccountToken ?? true;
}

/**
 * Upstream's mountServiceAccountToken: every init container and container without a mount at the
 * token path gets one of the pod's `kube-api-access-*` volume, which is added (with a random suffix)
 * only when the pod has none and some container needed the mount.
 */
function mountServiceAccountToken(spec: Obj, rand: () => number): void {
  const volumes = Array.isArray(spec['volumes']) ? spec['volumes'] : [];
  const existing = volumes.find((v) => isObj(v) && typeof v['name'] === 'string' && v['name'].startsWith(SA_VOLUME_PREFIX)) as Obj | undefined;
  const name = existing ? String(existing['name']) : generateName(SA_VOLUME_PREFIX, rand);
  let needed = false;
  for (const c of [...items(spec, 'initContainers'), ...items(spec, 'containers')]) {
    const mounts = Array.isArray(c['volumeMounts']) ? c['volumeMounts'].filter(isObj) : [];
    if (mounts.some((m) => m['mountPath'] === SA_MOUNT_PATH)) continue;
    c['volumeMounts'] = [...mounts, { name, readOnly: true, mountPath: SA_MOUNT_PATH }];
    needed = true;
  }
  if (existing || !needed) return;
  spec['volumes'] = [
    ...volumes,
    {
      name,
      projected: {
        defaultMode: DEFAULT_VOLUME_MODE,
        sources: [
          { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
          { configMap: { name: ROOT_CA_CONFIG_MAP, items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
          { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
        ],
      },
    },
  ];
}
