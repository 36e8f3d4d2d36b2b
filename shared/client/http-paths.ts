import type { Scope } from './transport';

/**
 * The REST path of a resource, as kube-apiserver serves it: `/api/v1/namespaces/NS/pods/NAME/status`,
 * `/apis/apps/v1/deployments` (all namespaces). Segments are URI-encoded.
 */
export function resourcePath(s: Scope, name?: string, subresource?: string): string {
  const root = s.def.group ? `/apis/${s.def.group}/${s.version}` : `/api/${s.version}`;
  const parts = [root];
  if (s.namespace !== undefined) parts.push('namespaces', encodeURIComponent(s.namespace));
  parts.push(s.def.plural);
  if (name !== undefined) parts.push(encodeURIComponent(name));
  if (subresource) parts.push(subresource);
  return parts.join('/');
}

/** A query string from the set parameters only (`?a=1&b=x`), or '' when none are set. */
export function queryString(params: Record<string, string | number | boolean | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '' && v !== false) q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** The Content-Type of each patch type (upstream's PatchType constants). */
export const PATCH_CONTENT_TYPE = {
  json: 'application/json-patch+json',
  merge: 'application/merge-patch+json',
  strategic: 'application/strategic-merge-patch+json',
  apply: 'application/apply-patch+yaml',
} as const;
