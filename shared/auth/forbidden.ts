import { ApiError, qualifiedResource } from '../api/errors';
import type { Attributes } from './attributes';

/** `User "alice" cannot list resource "pods" in API group "" in the namespace "default"` (upstream's forbiddenMessage). */
export function forbiddenMessage(a: Attributes): string {
  const user = JSON.stringify(a.user.username);
  if (!a.resourceRequest) return `User ${user} cannot ${a.verb} path ${JSON.stringify(a.path)}`;
  const resource = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
  const scope = a.namespace ? `in the namespace ${JSON.stringify(a.namespace)}` : 'at the cluster scope';
  return `User ${user} cannot ${a.verb} resource ${JSON.stringify(resource)} in API group ${JSON.stringify(a.apiGroup)} ${scope}`;
}

/**
 * 403 as upstream's NewForbidden renders it: `<resource>[.group] ["name"] is forbidden: <why>`, or
 * `forbidden: <why>` when there is no resource.
 */
export function forbidden(resource: string, group: string, name: string, why: string): ApiError {
  const gr = qualifiedResource(resource, group);
  const message = !gr ? `forbidden: ${why}` : name ? `${gr} ${JSON.stringify(name)} is forbidden: ${why}` : `${gr} is forbidden: ${why}`;
  return new ApiError(403, 'Forbidden', message, { name: name || undefined, group: group || undefined, kind: resource || undefined });
}

/** The 403 for a request the authorizers did not allow; `reason` (the authorizer's) is appended after `: `. */
export function forbiddenRequest(a: Attributes, reason: string): ApiError {
  const why = reason ? `${forbiddenMessage(a)}: ${reason}` : forbiddenMessage(a);
  return forbidden(a.resource, a.apiGroup, a.name, why);
}

/** 401 as upstream's authentication filter answers any failure: one word, no hint which part was wrong. */
export function unauthorized(): ApiError {
  return new ApiError(401, 'Unauthorized', 'Unauthorized');
}
