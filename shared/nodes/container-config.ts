import type { ConfigMap, Container, Pod, Secret } from 'kubernetes-types/core/v1';
import { podContainers } from './pod-containers';

/**
 * The ConfigMaps and Secrets of the pod's namespace that the kubelet found, by name. A name the pod
 * references that is not here does not exist.
 */
export interface ConfigObjects {
  configMaps: Map<string, ConfigMap>;
  secrets: Map<string, Secret>;
}

/** The names the kubelet has to read before it can mount the pod's volumes and build its containers' env. */
export interface ConfigReferences {
  configMaps: string[];
  secrets: string[];
}

/** The pod worker's retry after a failed sync (kubelet backOffPeriod, pkg/kubelet/kubelet.go). */
export const POD_SYNC_RETRY_MS = 10_000;

/**
 * Every ConfigMap and Secret name the pod's env, envFrom, configMap/secret volumes and projected
 * volumes' sources name (kube-api-access projects `kube-root-ca.crt`).
 */
export function configReferences(pod: Pod): ConfigReferences {
  const configMaps = new Set<string>();
  const secrets = new Set<string>();
  for (const c of podContainers(pod)) {
    for (const f of c.envFrom ?? []) {
      if (f.configMapRef?.name) configMaps.add(f.configMapRef.name);
      if (f.secretRef?.name) secrets.add(f.secretRef.name);
    }
    for (const e of c.env ?? []) {
      if (e.valueFrom?.configMapKeyRef?.name) configMaps.add(e.valueFrom.configMapKeyRef.name);
      if (e.valueFrom?.secretKeyRef?.name) secrets.add(e.valueFrom.secretKeyRef.name);
    }
  }
  for (const v of pod.spec?.volumes ?? []) {
    if (v.configMap?.name) configMaps.add(v.configMap.name);
    if (v.secret?.secretName) secrets.add(v.secret.secretName);
    for (const p of v.projected?.sources ?? []) {
      if (p.configMap?.name) configMaps.add(p.configMap.name);
      if (p.secret?.name) secrets.add(p.secret.name);
    }
  }
  return { configMaps: [...configMaps], secrets: [...secrets] };
}

// The kubelet's configmap and secret managers report a missing object with these group resources.
const notFound = (resource: 'configmap' | 'secret', name: string) => `${resource} "${name}" not found`;

/**
 * Why the kubelet cannot build the container's config (kubelet_pods.go makeEnvironmentVariables):
 * envFrom first, then env in order; a missing object or key is skipped only when `optional: true`.
 * The message is the one a CreateContainerConfigError carries; undefined when the config builds.
 *
 * @example containerConfigError(pod, c, { configMaps: new Map(), secrets: new Map() }) // 'configmap "app" not found'
 */
export function containerConfigError(pod: Pod, c: Container, objects: ConfigObjects): string | undefined {
  const ns = pod.metadata?.namespace ?? 'default';
  for (const f of c.envFrom ?? []) {
    const cm = f.configMapRef;
    if (cm?.name && !objects.configMaps.has(cm.name) && !cm.optional) return notFound('configmap', cm.name);
    const s = f.secretRef;
    if (s?.name && !objects.secrets.has(s.name) && !s.optional) return notFound('secret', s.name);
  }
  for (const e of c.env ?? []) {
    const cm = e.valueFrom?.configMapKeyRef;
    if (cm?.name) {
      if (cm.optional) continue;
      const found = objects.configMaps.get(cm.name);
      if (!found) return notFound('configmap', cm.name);
      // only data: binaryData keys cannot become env values
      if (!(cm.key in (found.data ?? {}))) return `couldn't find key ${cm.key} in ConfigMap ${ns}/${cm.name}`;
    }
    const s = e.valueFrom?.secretKeyRef;
    if (s?.name) {
      if (s.optional) continue;
      const found = objects.secrets.get(s.name);
      if (!found) return notFound('secret', s.name);
      if (!(s.key in (found.data ?? {}))) return `couldn't find key ${s.key} in Secret ${ns}/${s.name}`;
    }
  }
  return undefined;
}

/**
 * The first volume the kubelet cannot set up, with the FailedMount event's message
 * (`MountVolume.SetUp failed for volume "v" : configmap "x" not found`), as the configmap and secret
 * volume plugins decide it: a missing object, or an `items` key it lacks, unless `optional: true`.
 * The projected plugin decides each configMap and secret source the same way and reports them all
 * (an aggregate: one message, or `[a, b]`); its token and downwardAPI sources always set up here.
 */
export function volumeMountError(pod: Pod, objects: ConfigObjects): { volume: string; message: string } | undefined {
  for (const v of pod.spec?.volumes ?? []) {
    const sources = v.projected?.sources ?? [];
    const errors = [volumeError(v.configMap, v.secret, objects), ...sources.map((p) => volumeError(p.configMap, p.secret && { ...p.secret, secretName: p.secret.name }, objects))];
    const failed = [...new Set(errors.filter((e): e is string => e !== undefined))];
    if (!failed.length) continue;
    const error = failed.length === 1 ? failed[0] : `[${failed.join(', ')}]`;
    return { volume: v.name, message: `MountVolume.SetUp failed for volume "${v.name}" : ${error}` };
  }
  return undefined;
}

type VolumeSource = { optional?: boolean; items?: { key: string }[] };

function volumeError(
  cm: (VolumeSource & { name?: string }) | undefined,
  secret: (VolumeSource & { secretName?: string }) | undefined,
  objects: ConfigObjects,
): string | undefined {
  if (cm?.name) {
    const found = objects.configMaps.get(cm.name);
    if (!found && !cm.optional) return notFound('configmap', cm.name);
    const keys = { ...(found?.data ?? {}), ...(found?.binaryData ?? {}) };
    const missing = cm.optional ? undefined : (cm.items ?? []).find((it) => !(it.key in keys));
    if (missing) return `configmap references non-existent config key: ${missing.key}`;
  }
  if (secret?.secretName) {
    const found = objects.secrets.get(secret.secretName);
    if (!found && !secret.optional) return notFound('secret', secret.secretName);
    const missing = secret.optional ? undefined : (secret.items ?? []).find((it) => !(it.key in (found?.data ?? {})));
    if (missing) return `references non-existent secret key: ${missing.key}`;
  }
  return undefined;
}

/** The volume manager's retry of a failed mount: 500 ms doubling to 2m2s (nestedpendingoperations' exponential backoff). */
export const MOUNT_BACKOFF_INITIAL_MS = 500;
export const MOUNT_BACKOFF_MAX_MS = 122_000;

/** A pod whose volumes are not mounted yet: when the volume manager tries again and how long it waited last. */
export interface MountWait {
  retryAt: number;
  backoffMs: number;
}

/**
 * The volume manager's mount attempts due up to `now`: the times each failed (one FailedMount event
 * each) and the wait that follows; no `wait` means the volumes are mounted. A retry is not brought
 * forward when the object appears: the operation stays in its backoff until `retryAt`.
 */
export function mountAttempts(wait: MountWait | undefined, error: string | undefined, now: number): { failedAt: number[]; wait?: MountWait } {
  if (!wait) return error ? { failedAt: [now], wait: { retryAt: now + MOUNT_BACKOFF_INITIAL_MS, backoffMs: MOUNT_BACKOFF_INITIAL_MS } } : { failedAt: [] };
  if (wait.retryAt > now) return { failedAt: [], wait };
  if (!error) return { failedAt: [] };
  const failedAt: number[] = [];
  let { retryAt, backoffMs } = wait;
  while (retryAt <= now) {
    failedAt.push(retryAt);
    backoffMs = Math.min(backoffMs * 2, MOUNT_BACKOFF_MAX_MS);
    retryAt += backoffMs;
  }
  return { failedAt, wait: { retryAt, backoffMs } };
}
