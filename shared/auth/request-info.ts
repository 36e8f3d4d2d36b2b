import { parseFieldSelector } from '../selectors';

/**
 * What a request asks for, as upstream's RequestInfoFactory reads it from the path and method
 * (k8s.io/apiserver/pkg/endpoints/request/requestinfo.go). Authorization (and later flow control)
 * decide on this, never on the raw URL.
 */
export interface RequestInfo {
  isResourceRequest: boolean;
  /** The URL path, for non-resource requests. */
  path: string;
  /** get, list, watch, create, update, patch, delete, deletecollection, proxy (or the lower-case method). */
  verb: string;
  apiPrefix: string;
  apiGroup: string;
  apiVersion: string;
  namespace: string;
  resource: string;
  subresource: string;
  name: string;
  parts: string[];
}

const API_PREFIXES = new Set(['api', 'apis']);
const GROUPLESS_PREFIXES = new Set(['api']);
/** Verbs written as a path segment (`/api/v1/watch/pods`). */
const SPECIAL_VERBS = new Set(['proxy', 'watch']);
/** Special verbs whose later segments are a path, not a subresource. */
const SPECIAL_VERBS_NO_SUBRESOURCES = new Set(['proxy']);
/** `namespaces/X/status` and `namespaces/X/finalize` are the namespace's own subresources. */
const NAMESPACE_SUBRESOURCES = new Set(['status', 'finalize']);

const METHOD_VERBS: Record<string, string> = { POST: 'create', GET: 'get', HEAD: 'get', PUT: 'update', PATCH: 'patch', DELETE: 'delete' };

function decode(segment: string): string {
  // only an escape changes a segment: most paths have none to decode
  if (!segment.includes('%')) return segment;
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** upstream's path.IsValidPathSegmentName: a name that can stand as one path segment. */
function isValidPathSegmentName(name: string): boolean {
  return name !== '.' && name !== '..' && !name.includes('/') && !name.includes('%');
}

/** `?watch=` as upstream's Convert_Slice_string_To_bool reads it: present and not `0`/`false` (any case) is true. */
function watchParam(query: URLSearchParams): boolean {
  const v = query.get('watch');
  return v !== null && v !== '0' && v.toLowerCase() !== 'false';
}

/** The name a list or watch is narrowed to by `fieldSelector=metadata.name=X`, as RequiresExactMatch finds it. */
function fieldSelectorName(query: URLSearchParams): string | undefined {
  const selector = query.get('fieldSelector');
  if (!selector) return undefined;
  try {
    const exact = parseFieldSelector(selector).find((r) => r.field === 'metadata.name' && r.operator === '=');
    return exact && isValidPathSegmentName(exact.value) ? exact.value : undefined;
  } catch {
    // upstream: a selector that does not parse leaves the name unset (the list itself fails later)
    return undefined;
  }
}

/**
 * The request's attributes from method, path and query.
 * @example resolveRequestInfo('GET', '/api/v1/namespaces/default/pods', new URLSearchParams()).verb // 'list'
 */
export function resolveRequestInfo(method: string, path: string, query: URLSearchParams): RequestInfo {
  const info: RequestInfo = {
    isResourceRequest: false,
    path,
    verb: method.toLowerCase(),
    apiPrefix: '',
    apiGroup: '',
    apiVersion: '',
    namespace: '',
    resource: '',
    subresource: '',
    name: '',
    parts: [],
  };
  const trimmed = path.replace(/^\/+|\/+$/g, '');
  let parts = trimmed === '' ? [] : trimmed.split('/');
  if (parts.length < 3 || !API_PREFIXES.has(parts[0]!)) return info;
  info.apiPrefix = parts[0]!;
  parts = parts.slice(1);
  if (!GROUPLESS_PREFIXES.has(info.apiPrefix)) {
    if (parts.length < 3) return info;
    info.apiGroup = parts[0]!;
    parts = parts.slice(1);
  }
  info.isResourceRequest = true;
  info.apiVersion = parts[0]!;
  parts = parts.slice(1).map(decode);

  if (SPECIAL_VERBS.has(parts[0]!)) {
    // upstream errors on `/api/v1/watch` alone; the request is then refused as not found
    if (parts.length < 2) return { ...info, isResourceRequest: false, apiPrefix: '', apiGroup: '', apiVersion: '' };
    info.verb = parts[0]!;
    parts = parts.slice(1);
  } else {
    info.verb = METHOD_VERBS[method.toUpperCase()] ?? '';
  }

  if (parts[0] === 'namespaces') {
    if (parts.length > 1) {
      info.namespace = parts[1]!;
      if (parts.length > 2 && !NAMESPACE_SUBRESOURCES.has(parts[2]!)) parts = parts.slice(2);
    }
  }
  info.parts = parts;
  if (parts.length >= 3 && !SPECIAL_VERBS_NO_SUBRESOURCES.has(info.verb)) info.subresource = parts[2]!;
  if (parts.length >= 2) info.name = parts[1]!;
  if (parts.length >= 1) info.resource = parts[0]!;

  if (!info.name && info.verb === 'get') {
    info.verb = watchParam(query) ? 'watch' : 'list';
    info.name = fieldSelectorName(query) ?? '';
  }
  if (!info.name && info.verb === 'delete') info.verb = 'deletecollection';
  return info;
}
