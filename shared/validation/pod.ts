import type { StatusCause } from '../api/errors';
import { child, deepEqual, forbidden, index, invalid, notSupported, required, type FieldPath } from './field-error';
import { isDNS1123Label, isDNS1123Subdomain, isQualifiedName, isValidLabelValue, inclusiveRangeError } from './name-validators';
import { validateContainers } from './container';
import { validateEphemeralContainers } from './ephemeral-containers';
import { validateAffinity, validateTopologySpreadConstraints } from './pod-scheduling';
import { validateLabels, validateObjectMeta, validateObjectMetaUpdate, nameIsDNSSubdomain } from './object-meta';

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : {});
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

export const RESTART_POLICIES = ['Always', 'OnFailure', 'Never'];
export const DNS_POLICIES = ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'];
export const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];
const MAX_INT32 = 2147483647;

/** PodValidationOptions: what upstream relaxes for a spec embedded in another resource. */
export interface PodSpecOptions {
  /** The spec is a Pod's (opts.ResourceIsPod), not a template's: defaulting has filled what templates may leave unset. */
  resourceIsPod?: boolean;
}

/** ValidatePodSpec: containers, volumes, policies, tolerations and scheduling fields. */
export function validatePodSpec(spec: unknown, path: FieldPath, opts: PodSpecOptions = {}): StatusCause[] {
  const s = obj(spec);
  const errs: StatusCause[] = [];
  const volumeNames = new Set<string>();
  list(s['volumes']).forEach((raw, i) => {
    const name = str(obj(raw)['name']);
    const p = child(index(child(path, 'volumes'), i), 'name');
    if (!name) errs.push(required(p));
    else {
      for (const msg of isDNS1123Label(name)) errs.push(invalid(p, name, msg));
      if (volumeNames.has(name)) errs.push({ reason: 'FieldValueDuplicate', message: `Duplicate value: ${JSON.stringify(name)}`, field: p });
      volumeNames.add(name);
    }
  });
  const names = new Set<string>();
  if (list(s['containers']).length === 0) errs.push(required(child(path, 'containers')));
  errs.push(...validateContainers(s['initContainers'], child(path, 'initContainers'), volumeNames, names));
  errs.push(...validateContainers(s['containers'], child(path, 'containers'), volumeNames, names));
  errs.push(...validateEphemeralContainers(s, child(path, 'ephemeralContainers'), volumeNames));
  errs.push(...validatePodHostNetworkDeps(s, path, opts));

  const restart = s['restartPolicy'];
  if (restart === undefined || restart === '') errs.push(required(child(path, 'restartPolicy')));
  else if (!RESTART_POLICIES.includes(restart as string)) errs.push(notSupported(child(path, 'restartPolicy'), restart, RESTART_POLICIES));
  const dns = s['dnsPolicy'];
  if (dns !== undefined && dns !== '' && !DNS_POLICIES.includes(dns as string))
    errs.push(notSupported(child(path, 'dnsPolicy'), dns, DNS_POLICIES));

  const ads = s['activeDeadlineSeconds'];
  if (typeof ads === 'number' && (ads < 1 || ads > MAX_INT32))
    errs.push(invalid(child(path, 'activeDeadlineSeconds'), ads, inclusiveRangeError(1, MAX_INT32)));
  errs.push(...validateLabels(s['nodeSelector'] as Record<string, string> | undefined, child(path, 'nodeSelector')));
  for (const f of ['serviceAccountName', 'nodeName', 'priorityClassName'] as const) {
    const v = str(s[f]);
    if (v) for (const msg of isDNS1123Subdomain(v)) errs.push(invalid(child(path, f), v, msg));
  }
  for (const f of ['hostname', 'subdomain'] as const) {
    const v = str(s[f]);
    if (v) for (const msg of isDNS1123Label(v)) errs.push(invalid(child(path, f), v, msg));
  }
  errs.push(...validateTolerations(s['tolerations'], child(path, 'tolerations')));
  errs.push(...validateAffinity(s['affinity'], child(path, 'affinity')));
  errs.push(...validateTopologySpreadConstraints(s['topologySpreadConstraints'], child(path, 'topologySpreadConstraints')));
  return errs;
}

/**
 * validatePodHostNetworkDeps: on the host's network a container's port is the node's, so each of
 * spec.containers' ports must have hostPort = containerPort. A Pod's hostPort was defaulted from its
 * containerPort, so any difference is an error; a template (a Deployment's, a DaemonSet's) may leave
 * it 0, to be defaulted when its pods are created, but no other value.
 * @example validatePodHostNetworkDeps({ hostNetwork: true, containers: [{ ports: [{ containerPort: 80, hostPort: 8080 }] }] }, 'spec', { resourceIsPod: true })
 * // [spec.containers[0].ports[0].hostPort: Invalid value: 8080: must match `containerPort` when `hostNetwork` is true]
 */
export function validatePodHostNetworkDeps(spec: Obj, path: FieldPath, opts: PodSpecOptions): StatusCause[] {
  if (spec['hostNetwork'] !== true) return [];
  const errs: StatusCause[] = [];
  list(spec['containers']).forEach((c, i) => {
    list(obj(c)['ports']).forEach((raw, j) => {
      const port = obj(raw);
      const hp = typeof port['hostPort'] === 'number' ? port['hostPort'] : 0;
      const cp = port['containerPort'];
      if ((opts.resourceIsPod || hp !== 0) && hp !== cp) {
        errs.push(invalid(child(index(child(index(child(path, 'containers'), i), 'ports'), j), 'hostPort'), hp, 'must match `containerPort` when `hostNetwork` is true'));
      }
    });
  });
  return errs;
}

/** ValidateTolerations: key syntax, operator/value pairing, effect enum, tolerationSeconds only with NoExecute. */
export function validateTolerations(tolerations: unknown, path: FieldPath): StatusCause[] {
  const errs: StatusCause[] = [];
  list(tolerations).forEach((raw, i) => {
    const t = obj(raw);
    const p = index(path, i);
    const k = str(t['key']);
    const op = str(t['operator']);
    const value = str(t['value']);
    if (k) for (const msg of isQualifiedName(k)) errs.push(invalid(child(p, 'key'), k, msg));
    if (!k && op !== 'Exists')
      errs.push(invalid(child(p, 'operator'), op, 'operator must be Exists when `key` is empty, which means "match all values and all keys"'));
    if (t['tolerationSeconds'] !== undefined && t['tolerationSeconds'] !== null && t['effect'] !== 'NoExecute')
      errs.push(invalid(child(p, 'effect'), str(t['effect']), "effect must be 'NoExecute' when `tolerationSeconds` is set"));
    if (op === '' || op === 'Equal') {
      for (const msg of isValidLabelValue(value)) errs.push(invalid(child(p, 'operator'), value, msg));
    } else if (op === 'Exists') {
      if (value) errs.push(invalid(child(p, 'operator'), t, "value must be empty when `operator` is 'Exists'"));
    } else {
      errs.push(notSupported(child(p, 'operator'), op, ['Equal', 'Exists']));
    }
    const effect = str(t['effect']);
    if (effect && !TAINT_EFFECTS.includes(effect)) errs.push(notSupported(child(p, 'effect'), effect, TAINT_EFFECTS));
  });
  return errs;
}

/** ValidatePodTemplateSpec: template labels/annotations plus the pod spec. */
export function validatePodTemplateSpec(template: unknown, path: FieldPath): StatusCause[] {
  const t = obj(template);
  const meta = obj(t['metadata']);
  return [
    ...validateLabels(meta['labels'] as Record<string, string> | undefined, child(path, 'metadata', 'labels')),
    ...validatePodSpec(t['spec'], child(path, 'spec')),
    ...(list(obj(t['spec'])['ephemeralContainers']).length ? [forbidden(child(path, 'spec', 'ephemeralContainers'), 'ephemeral containers not allowed in pod template')] : []),
  ];
}

/** Pod create validation (ValidatePodCreate). */
export function validatePod(pod: Obj): StatusCause[] {
  const errs = [...validateObjectMeta(obj(pod['metadata']), true, nameIsDNSSubdomain), ...validatePodSpec(pod['spec'], 'spec', { resourceIsPod: true })];
  // ephemeral containers are added only through the ephemeralcontainers subresource
  if (list(obj(pod['spec'])['ephemeralContainers']).length) errs.push(forbidden('spec.ephemeralContainers', 'cannot be set on create'));
  return errs;
}

const MIRROR_POD_ANNOTATION = 'kubernetes.io/config.mirror';

/**
 * ValidatePodEphemeralContainersUpdate (pods/ephemeralcontainers): the pod as it would be stored is
 * valid, a static pod takes none, and ephemeral containers may only be added — one removed or
 * changed is Forbidden at `spec.ephemeralContainers`.
 */
export function validatePodEphemeralContainersUpdate(pod: Obj, old: Obj): StatusCause[] {
  const errs = [...validateObjectMetaUpdate(obj(pod['metadata']), obj(old['metadata'])), ...validatePodSpec(pod['spec'], 'spec', { resourceIsPod: true })];
  if (obj(obj(old['metadata'])['annotations'])[MIRROR_POD_ANNOTATION] !== undefined) {
    return [forbidden('', 'static pods do not support ephemeral containers')];
  }
  const path = 'spec.ephemeralContainers';
  const next = new Map(list(obj(pod['spec'])['ephemeralContainers']).map((c) => [str(obj(c)['name']), obj(c)]));
  for (const raw of list(obj(old['spec'])['ephemeralContainers'])) {
    const prev = obj(raw);
    const name = JSON.stringify(str(prev['name']));
    const now = next.get(str(prev['name']));
    if (!now) errs.push(forbidden(path, `existing ephemeral containers ${name} may not be removed\n`));
    else if (!deepEqual(prev, now)) errs.push(forbidden(path, `existing ephemeral containers ${name} may not be changed\n${fieldDiff(prev, now)}`));
  }
  return errs;
}

/** The fields a pod update may change, worded as upstream's Forbidden message lists them. */
export const POD_UPDATABLE_FIELDS =
  '`spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)';

/** ValidatePodUpdate: metadata rules, then everything in spec is immutable except a few fields. */
export function validatePodUpdate(pod: Obj, old: Obj): StatusCause[] {
  const errs = [...validateObjectMetaUpdate(obj(pod['metadata']), obj(old['metadata'])), ...validatePodSpec(pod['spec'], 'spec', { resourceIsPod: true })];
  const spec = obj(pod['spec']);
  const oldSpec = obj(old['spec']);
  for (const f of ['containers', 'initContainers'] as const) {
    if (list(spec[f]).length !== list(oldSpec[f]).length) {
      errs.push(forbidden(child('spec', f), 'pod updates may not add or remove containers'));
      return errs;
    }
  }
  errs.push(...validateActiveDeadlineUpdate(spec['activeDeadlineSeconds'], oldSpec['activeDeadlineSeconds']));
  errs.push(...validateOnlyAddedTolerations(list(spec['tolerations']), list(oldSpec['tolerations'])));

  // Munge the updatable fields back to their old values; whatever still differs is forbidden.
  const munged: Obj = { ...spec };
  for (const f of ['containers', 'initContainers'] as const) {
    if (spec[f] === undefined) continue;
    munged[f] = list(spec[f]).map((c, i) => ({ ...obj(c), image: obj(list(oldSpec[f])[i])['image'] }));
  }
  munged['activeDeadlineSeconds'] = oldSpec['activeDeadlineSeconds'];
  munged['tolerations'] = oldSpec['tolerations'];
  munged['schedulingGates'] = oldSpec['schedulingGates'];
  const oldGrace = oldSpec['terminationGracePeriodSeconds'];
  if (typeof oldGrace === 'number' && oldGrace < 0 && spec['terminationGracePeriodSeconds'] === 1) {
    munged['terminationGracePeriodSeconds'] = oldGrace;
  }
  if (!deepEqual(munged, oldSpec)) {
    errs.push(forbidden('spec', `pod updates may not change fields other than ${POD_UPDATABLE_FIELDS}\n${fieldDiff(oldSpec, munged)}`));
  }
  return errs;
}

function validateActiveDeadlineUpdate(next: unknown, prev: unknown): StatusCause[] {
  const p = 'spec.activeDeadlineSeconds';
  if (typeof next === 'number') {
    if (next < 0 || next > MAX_INT32) return [invalid(p, next, inclusiveRangeError(0, MAX_INT32))];
    if (typeof prev === 'number' && prev < next) return [invalid(p, next, 'must be less than or equal to previous value')];
    return [];
  }
  return typeof prev === 'number' ? [invalid(p, null, 'must not update from a positive integer to nil value')] : [];
}

function validateOnlyAddedTolerations(next: unknown[], prev: unknown[]): StatusCause[] {
  for (const o of prev) {
    const found = next.some((n) => deepEqual({ ...obj(o), tolerationSeconds: obj(n)['tolerationSeconds'] }, n));
    if (!found) return [forbidden('spec.tolerations', 'existing toleration can not be modified except its tolerationSeconds')];
  }
  return [];
}

// Upstream appends a Go cmp.Diff of the two values; we list the top-level fields that differ.
function fieldDiff(oldSpec: Obj, newSpec: Obj): string {
  const keys = [...new Set([...Object.keys(oldSpec), ...Object.keys(newSpec)])].sort();
  return keys
    .filter((k) => !deepEqual(oldSpec[k], newSpec[k]))
    .map((k) => `- ${k}: ${JSON.stringify(oldSpec[k] ?? null)}\n+ ${k}: ${JSON.stringify(newSpec[k] ?? null)}`)
    .join('\n');
}
