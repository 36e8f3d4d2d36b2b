import { isPlainObject } from '../api/object';

/**
 * Field-selector support per kind, in two layers as upstream has them:
 *  1. which labels a request may use (the scheme's field label conversion funcs in
 *     pkg/apis/<group>/<version>/conversion.go), rejecting others with a 400;
 *  2. the values an object exposes (ToSelectableFields in pkg/registry/.../strategy.go).
 * The two lists differ upstream (apps/v1 ReplicaSet exposes status.replicas but apps/v1
 * registers no conversion func, so the label is rejected — kubernetes/kubernetes#135136).
 */

interface LabelRules {
  /** client label → canonical label */
  accepted: Record<string, string>;
  reject: (label: string) => string;
}

const notSupported = (label: string): string => `field label not supported: ${label}`;
const same = (...labels: string[]): Record<string, string> => Object.fromEntries(labels.map((l) => [l, l]));
const META = ['metadata.name', 'metadata.namespace'];

const DEFAULT_RULES: LabelRules = {
  accepted: same(...META),
  reject: (label) => `${JSON.stringify(label)} is not a known field selector: only "metadata.name", "metadata.namespace"`,
};

const RULES: Record<string, LabelRules> = {
  '/Pod': {
    accepted: {
      ...same(
        ...META,
        'spec.nodeName',
        'spec.restartPolicy',
        'spec.schedulerName',
        'spec.serviceAccountName',
        'spec.hostNetwork',
        'status.phase',
        'status.podIP',
        'status.podIPs',
        'status.nominatedNodeName',
      ),
      // Old v1 clients send spec.host.
      'spec.host': 'spec.nodeName',
    },
    reject: notSupported,
  },
  '/Node': { accepted: same('metadata.name', 'spec.unschedulable'), reject: notSupported },
  '/ReplicationController': { accepted: same(...META, 'status.replicas'), reject: notSupported },
  '/Event': {
    accepted: same(
      ...META,
      'involvedObject.kind',
      'involvedObject.namespace',
      'involvedObject.name',
      'involvedObject.uid',
      'involvedObject.apiVersion',
      'involvedObject.resourceVersion',
      'involvedObject.fieldPath',
      'reason',
      'reportingComponent',
      'source',
      'type',
    ),
    reject: notSupported,
  },
  '/Namespace': { accepted: same('metadata.name', 'status.phase'), reject: notSupported },
  '/Secret': { accepted: same(...META, 'type'), reject: notSupported },
  '/Service': { accepted: same(...META, 'spec.clusterIP', 'spec.type'), reject: notSupported },
  'batch/Job': {
    accepted: same(...META, 'status.successful'),
    reject: (label) => `field label ${JSON.stringify(label)} not supported for batchv1.Job`,
  },
  'certificates.k8s.io/CertificateSigningRequest': { accepted: same('metadata.name', 'spec.signerName'), reject: notSupported },
  // events.k8s.io shares core Event storage: its labels are renamed to the core ones.
  'events.k8s.io/Event': {
    accepted: {
      ...same(...META, 'reason', 'type'),
      'regarding.kind': 'involvedObject.kind',
      'regarding.namespace': 'involvedObject.namespace',
      'regarding.name': 'involvedObject.name',
      'regarding.uid': 'involvedObject.uid',
      'regarding.apiVersion': 'involvedObject.apiVersion',
      'regarding.resourceVersion': 'involvedObject.resourceVersion',
      'regarding.fieldPath': 'involvedObject.fieldPath',
      reportingController: 'reportingComponent',
    },
    reject: notSupported,
  },
};

/**
 * Checks a field selector label for a kind and returns its canonical name (as matched against
 * fieldsForObject), or `{ error }` with upstream's message for an unsupported label.
 */
export function convertFieldLabel(group: string, kind: string, label: string): string | { error: string } {
  const rules = RULES[`${group}/${kind}`] ?? DEFAULT_RULES;
  return Object.prototype.hasOwnProperty.call(rules.accepted, label) ? rules.accepted[label]! : { error: rules.reject(label) };
}

function get(obj: unknown, path: string): unknown {
  let cur: unknown = obj;
  for (const part of path.split('.')) {
    if (!isPlainObject(cur)) return undefined;
    cur = cur[part];
  }
  return cur;
}

const str = (obj: unknown, path: string): string => {
  const v = get(obj, path);
  return typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v);
};
const bool = (obj: unknown, path: string): string => String(get(obj, path) === true);
const int = (obj: unknown, path: string): string => String(typeof get(obj, path) === 'number' ? get(obj, path) : 0);

type Selectable = (obj: unknown) => Record<string, string>;

const SELECTABLE: Record<string, Selectable> = {
  '/Pod': (o) => {
    const ips = get(o, 'status.podIPs');
    const firstIP = Array.isArray(ips) && ips.length > 0 ? str(ips[0], 'ip') : str(o, 'status.podIP');
    return {
      'spec.nodeName': str(o, 'spec.nodeName'),
      'spec.restartPolicy': str(o, 'spec.restartPolicy'),
      'spec.schedulerName': str(o, 'spec.schedulerName'),
      'spec.serviceAccountName': str(o, 'spec.serviceAccountName'),
      'spec.hostNetwork': bool(o, 'spec.hostNetwork'),
      'status.phase': str(o, 'status.phase'),
      'status.podIP': firstIP,
      'status.nominatedNodeName': str(o, 'status.nominatedNodeName'),
    };
  },
  '/Node': (o) => ({ 'spec.unschedulable': bool(o, 'spec.unschedulable') }),
  // "name" is an upstream backward-compatibility key; no request can reach it.
  '/Namespace': (o) => ({ 'status.phase': str(o, 'status.phase'), name: str(o, 'metadata.name') }),
  '/Secret': (o) => ({ type: str(o, 'type') }),
  '/Service': (o) => ({ 'spec.clusterIP': str(o, 'spec.clusterIP'), 'spec.type': str(o, 'spec.type') }),
  '/ReplicationController': (o) => ({ 'status.replicas': int(o, 'status.replicas') }),
  'apps/ReplicaSet': (o) => ({ 'status.replicas': int(o, 'status.replicas') }),
  'batch/Job': (o) => ({ 'status.successful': int(o, 'status.succeeded') }),
  'certificates.k8s.io/CertificateSigningRequest': (o) => ({ 'spec.signerName': str(o, 'spec.signerName') }),
  '/Event': (o) => ({
    ...involved(o, 'involvedObject'),
    reason: str(o, 'reason'),
    reportingComponent: str(o, 'reportingComponent'),
    source: str(o, 'source.component') || str(o, 'reportingComponent'),
    type: str(o, 'type'),
  }),
  'events.k8s.io/Event': (o) => ({
    ...involved(o, 'regarding'),
    reason: str(o, 'reason'),
    reportingComponent: str(o, 'reportingController'),
    source: str(o, 'deprecatedSource.component') || str(o, 'reportingController'),
    type: str(o, 'type'),
  }),
};

function involved(o: unknown, base: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of ['kind', 'namespace', 'name', 'uid', 'apiVersion', 'resourceVersion', 'fieldPath']) {
    out[`involvedObject.${f}`] = str(o, `${base}.${f}`);
  }
  return out;
}

/**
 * The field-selectable values of an object, keyed by canonical label: metadata.name and
 * metadata.namespace for every kind plus the kind's own fields (pods' spec.nodeName, …).
 * @example fieldsForObject('', 'Pod', pod)['spec.nodeName']
 */
export function fieldsForObject(group: string, kind: string, obj: unknown): Record<string, string> {
  const specific = SELECTABLE[`${group}/${kind}`]?.(obj) ?? {};
  return {
    'metadata.name': str(obj, 'metadata.name'),
    'metadata.namespace': str(obj, 'metadata.namespace'),
    ...specific,
  };
}

/** A getter for matchesFields over one object. */
export function fieldGetterFor(group: string, kind: string, obj: unknown): (path: string) => string | undefined {
  const fields = fieldsForObject(group, kind, obj);
  return (path) => fields[path];
}
