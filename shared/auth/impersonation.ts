import { badRequest } from '../api/errors';
import type { Attributes } from './attributes';
import { ALL_AUTHENTICATED, ALL_UNAUTHENTICATED, ANONYMOUS, serviceAccountGroups, splitServiceAccountUsername, type UserInfo } from './user-info';

export const IMPERSONATE_USER = 'impersonate-user';
export const IMPERSONATE_GROUP = 'impersonate-group';
export const IMPERSONATE_UID = 'impersonate-uid';
export const IMPERSONATE_EXTRA_PREFIX = 'impersonate-extra-';

/** The impersonation a request asks for, and every check the requester must pass to get it. */
export interface ImpersonationPlan {
  user: UserInfo;
  /** Attributes of `impersonate` on users/groups/serviceaccounts/uids/userextras, one per value. */
  checks: Attributes[];
}

/** Header names as a Headers object iterates them (lower case). */
type HeaderList = Iterable<[string, string]>;

function check(requester: UserInfo, o: Partial<Attributes> & { resource: string; name: string }): Attributes {
  return { user: requester, verb: 'impersonate', resourceRequest: true, namespace: '', apiGroup: '', apiVersion: '', subresource: '', path: '', ...o };
}

/**
 * Reads Impersonate-User, -Group, -Uid and -Extra-* (upstream's WithImpersonation): undefined when
 * the request impersonates no one. A group, uid or extra without a user is 400, as upstream.
 * The new user is in system:authenticated (system:unauthenticated for system:anonymous), and a
 * ServiceAccount user with no groups asked for gets the ServiceAccount groups.
 */
export function impersonationPlan(requester: UserInfo, headers: HeaderList): ImpersonationPlan | undefined {
  let username: string | undefined;
  const groups: string[] = [];
  let uid: string | undefined;
  const extra: Record<string, string[]> = {};
  for (const [rawName, value] of headers) {
    const name = rawName.toLowerCase();
    if (name === IMPERSONATE_USER) username = value;
    else if (name === IMPERSONATE_GROUP) groups.push(...value.split(',').map((g) => g.trim()));
    else if (name === IMPERSONATE_UID) uid = value;
    else if (name.startsWith(IMPERSONATE_EXTRA_PREFIX)) {
      const key = decodeURIComponent(name.slice(IMPERSONATE_EXTRA_PREFIX.length));
      (extra[key] ??= []).push(...value.split(',').map((v) => v.trim()));
    }
  }
  const hasOthers = groups.length > 0 || uid !== undefined || Object.keys(extra).length > 0;
  if (username === undefined) {
    if (!hasOthers) return undefined;
    throw badRequest(`requested impersonation of groups, uid or extra without impersonating a user`);
  }
  const checks: Attributes[] = [];
  const sa = splitServiceAccountUsername(username);
  if (sa) checks.push(check(requester, { resource: 'serviceaccounts', namespace: sa.namespace, name: sa.name }));
  else checks.push(check(requester, { resource: 'users', name: username }));
  for (const g of groups) checks.push(check(requester, { resource: 'groups', name: g }));
  if (uid !== undefined) checks.push(check(requester, { resource: 'uids', apiGroup: 'authentication.k8s.io', name: uid }));
  for (const [key, values] of Object.entries(extra)) {
    for (const v of values) checks.push(check(requester, { resource: 'userextras', subresource: key, apiGroup: 'authentication.k8s.io', name: v }));
  }
  const finalGroups = [...groups];
  if (sa && groups.length === 0) finalGroups.push(...serviceAccountGroups(sa.namespace));
  const implicit = username === ANONYMOUS ? ALL_UNAUTHENTICATED : ALL_AUTHENTICATED;
  if (!finalGroups.includes(implicit)) finalGroups.push(implicit);
  const user: UserInfo = { username, groups: finalGroups, ...(uid !== undefined ? { uid } : {}), ...(Object.keys(extra).length ? { extra } : {}) };
  return { user, checks };
}
