import { DEFAULT_VOLUME_MODE } from './pod-defaults';
import { ensure, isObj, items, type Obj } from './util';

/** Options for the admission-time pod defaults. */
export interface PodAdmissionOptions {
  /** Random source in [0,1) for the kube-api-access-XXXXX volume name; without it no volume is added. */
  rand?: () => number;
}

/** The tolerations DefaultTolerationSeconds adds: not-ready and unreachable, NoExecute, 300s. */
export const DEFAULT_TOLERATION_KEYS = ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable'];

const SYSTEM_PRIORITIES: Record<string, number> = { 'system-node-critical': 2000001000, 'system-cluster-critical': 2000000000 };
const SA_MOUNT_PATH = '/var/run/secrets/kubernetes.io/serviceaccount';
// utilrand.String's alphabet: no vowels, no confusable digits.
const ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789';

/**
 * What kube-apiserver's default admission plugins add to a new Pod (not to templates):
 * ServiceAccount (serviceAccountName `default`, and with `rand` the projected token volume and
 * mounts), Priority (priority 0 or the system class's value, preemptionPolicy
 * PreemptLowerPriority) and DefaultTolerationSeconds (not-ready/unreachable NoExecute for 300s).
 */
export function applyPodAdmissionDefaults(pod: Obj, opts: PodAdmissionOptions = {}): void {
  const spec = ensure(pod, 'spec');
  if (!spec['serviceAccountName']) spec['serviceAccountName'] = 'default';
  spec['serviceAccount'] = spec['serviceAccountName'];
  if (opts.rand && spec['automountServiceAccountToken'] !== false) mountServiceAccountToken(spec, opts.rand);

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

function mountServiceAccountToken(spec: Obj, rand: () => number): void {
  const containers = [...items(spec, 'initContainers'), ...items(spec, 'containers')];
  const mounted = (c: Obj): boolean => items(c, 'volumeMounts').some((m) => m['mountPath'] === SA_MOUNT_PATH);
  if (containers.length > 0 && containers.every(mounted)) return;
  let suffix = '';
  for (let i = 0; i < 5; i++) suffix += ALPHANUMS[Math.floor(rand() * ALPHANUMS.length) % ALPHANUMS.length];
  const name = `kube-api-access-${suffix}`;
  const volumes = Array.isArray(spec['volumes']) ? spec['volumes'] : [];
  spec['volumes'] = [
    ...volumes,
    {
      name,
      projected: {
        defaultMode: DEFAULT_VOLUME_MODE,
        sources: [
          { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
          { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
          { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
        ],
      },
    },
  ];
  for (const c of containers) {
    if (mounted(c)) continue;
    const mounts = Array.isArray(c['volumeMounts']) ? c['volumeMounts'].filter(isObj) : [];
    c['volumeMounts'] = [...mounts, { name, readOnly: true, mountPath: SA_MOUNT_PATH }];
  }
}
