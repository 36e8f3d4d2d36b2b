import { badRequest, conflict, notFound, type ApiError } from '../../api/errors';

/** The object a ServiceAccount token is bound to (TokenRequest spec.boundObjectRef): it lives only as long as that object. */
export interface BoundObjectRef {
  kind: 'Pod' | 'Secret' | 'Node';
  apiVersion: string;
  name: string;
  uid?: string;
}

/** The bound-object claims in `kubernetes.io` (pod, secret or node: name and uid). */
export type BoundClaims = Partial<Record<'pod' | 'secret' | 'node', { name: string; uid: string }>>;

/** What the token REST needs of a bound object as it is stored now. */
export interface BoundObject {
  metadata: { uid?: string; deletionTimestamp?: string };
  spec?: { serviceAccountName?: string };
}

const CLAIM = { Pod: 'pod', Secret: 'secret', Node: 'node' } as const;
const RESOURCE = { Pod: 'pods', Secret: 'secrets', Node: 'nodes' } as const;

/** The plural a ref's kind is stored under, and whether it lives in the ServiceAccount's namespace. */
export function boundResource(ref: BoundObjectRef): { plural: string; namespaced: boolean } {
  return { plural: RESOURCE[ref.kind], namespaced: ref.kind !== 'Node' };
}

/**
 * A spec.boundObjectRef read from a TokenRequest, or the 400 upstream's token REST answers: only a
 * core Pod, Secret or Node (`cannot bind token to object of type apps/v1, Kind=Pod`).
 */
export function parseBoundObjectRef(raw: unknown): BoundObjectRef | undefined {
  if (raw === undefined || raw === null) return undefined;
  const r = raw as { kind?: unknown; apiVersion?: unknown; name?: unknown; uid?: unknown };
  const kind = typeof r.kind === 'string' ? r.kind : '';
  const apiVersion = typeof r.apiVersion === 'string' ? r.apiVersion : '';
  const slash = apiVersion.indexOf('/');
  const group = slash < 0 ? '' : apiVersion.slice(0, slash);
  const version = slash < 0 ? apiVersion : apiVersion.slice(slash + 1);
  if (group !== '' || !(kind in CLAIM)) throw badRequest(`cannot bind token to object of type ${group}/${version}, Kind=${kind}`);
  return { kind: kind as BoundObjectRef['kind'], apiVersion, name: typeof r.name === 'string' ? r.name : '', ...(typeof r.uid === 'string' && r.uid ? { uid: r.uid } : {}) };
}

/**
 * Checks a TokenRequest's bound object as upstream's token REST does and returns the ref with the
 * object's uid: it must exist (404 as its getter says), have the ref's uid if one was given (409),
 * and a Pod must run as the ServiceAccount the token is for (400).
 */
export function bindTokenTo(ref: BoundObjectRef, object: BoundObject | undefined, serviceAccount: string): { ref: BoundObjectRef & { uid: string }; claims: BoundClaims } | ApiError {
  if (!object) return notFound(RESOURCE[ref.kind], '', ref.name);
  const uid = object.metadata.uid ?? '';
  if (ref.uid && ref.uid !== uid)
    return conflict(ref.kind, '', ref.name, `the UID in the bound object reference (${ref.uid}) does not match the UID in record. The object might have been deleted and then recreated`);
  if (ref.kind === 'Pod' && (object.spec?.serviceAccountName ?? 'default') !== serviceAccount)
    return badRequest(`cannot bind token for serviceaccount ${JSON.stringify(serviceAccount)} to pod running with different serviceaccount name.`);
  return { ref: { ...ref, uid }, claims: { [CLAIM[ref.kind]]: { name: ref.name, uid } } };
}

/** The object a token's claims bind it to, if any (a pod's node claim is informational: the pod is what binds). */
export function boundObjectOfClaims(k: BoundClaims | undefined): { kind: BoundObjectRef['kind']; name: string; uid: string } | undefined {
  for (const kind of ['Pod', 'Secret', 'Node'] as const) {
    const c = k?.[CLAIM[kind]];
    if (c && typeof c.name === 'string' && typeof c.uid === 'string') return { kind, name: c.name, uid: c.uid };
  }
  return undefined;
}

/** How long after its deletion began an object still validates tokens bound to it (upstream's validator leeway). */
const DELETION_LEEWAY_SECONDS = 60;

/**
 * Whether a token bound to an object may still be used (upstream's legacy validator): the object is
 * there with the claimed uid, and its deletion (if begun) started less than a minute ago.
 */
export function boundObjectValid(claimedUid: string, object: BoundObject | undefined, nowSeconds: number): boolean {
  if (!object || object.metadata.uid !== claimedUid) return false;
  const deleting = object.metadata.deletionTimestamp;
  return !deleting || Date.parse(deleting) / 1000 + DELETION_LEEWAY_SECONDS > nowSeconds;
}
