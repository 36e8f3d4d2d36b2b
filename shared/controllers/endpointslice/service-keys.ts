import type { ChangeNotice } from '../../apiserver/change-notice';

/** What a key of the endpoint controllers names: one service, or every service of a namespace. */
export interface ServiceScope {
  namespace: string;
  /** Undefined: every service of the namespace (a pod changed there). */
  name?: string;
}

/**
 * Keys of the EndpointSlice and Endpoints controllers: `namespace/name` for a service, and for a
 * pod change its bare namespace. Notices carry no old labels and the host keeps no service cache,
 * so the namespace's sync finds the services selecting the pods (old members drop out, new ones join)
 * from one read of the namespace; many pod changes in one namespace collapse into one queued key.
 */
export function serviceKeysFor(n: ChangeNotice): string[] {
  if (!n.namespace) return [];
  if (n.resource === 'services') return [`${n.namespace}/${n.name}`];
  if (n.resource === 'pods') return [n.namespace];
  return [];
}

export function parseServiceKey(key: string): ServiceScope {
  const i = key.indexOf('/');
  return i < 0 ? { namespace: key } : { namespace: key.slice(0, i), name: key.slice(i + 1) };
}
