import { badRequest } from '../../shared/api/errors';

/** A parsed resource URL: /api/v1/namespaces/NS/pods/NAME/status and friends. */
export interface ResourcePath {
  group: string;
  version: string;
  namespace?: string;
  plural: string;
  name?: string;
  subresource?: string;
}

const NAMESPACE_SUBRESOURCES = new Set(['status', 'finalize']);

/**
 * Parses the part of a URL after the group/version prefix, the way upstream's request info
 * resolver does: `namespaces/X` is the namespace object unless followed by a resource plural.
 */
export function parseResourcePath(group: string, version: string, segments: string[]): ResourcePath | undefined {
  const s = segments.filter((x) => x !== '').map((x) => (x.includes('%') ? decodeSegment(x) : x));
  if (s.length === 0) return undefined;
  if (s[0] === 'namespaces' && s.length >= 3 && !NAMESPACE_SUBRESOURCES.has(s[2]!)) {
    const [, namespace, plural, name, subresource, ...rest] = s;
    if (rest.length) throw badRequest(`unexpected path segments: ${rest.join('/')}`);
    return { group, version, namespace, plural: plural!, name, subresource };
  }
  const [plural, name, subresource, ...rest] = s;
  if (rest.length) throw badRequest(`unexpected path segments: ${rest.join('/')}`);
  return { group, version, plural: plural!, name, subresource };
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw badRequest(`invalid URL escape in path segment ${JSON.stringify(segment)}`);
  }
}

/** A path segment that means "this" or "parent" (RFC 3986), percent-encoded dots included. */
function isDotSegment(segment: string): boolean {
  // `%2e%2e` is the longest spelling of `..`; most segments are longer and need no rewrite
  if (segment.length === 0 || segment.length > 6) return false;
  const s = segment.replace(/%2e/gi, '.');
  return s === '.' || s === '..';
}

/**
 * The path of a URL exactly as written: `new URL()` (and workerd before the Worker runs) already
 * resolves `.`/`..` segments, so this reads the string itself.
 */
export function rawPath(url: string): string {
  const afterScheme = url.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i, '');
  const end = afterScheme.search(/[?#]/);
  return end < 0 ? afterScheme : afterScheme.slice(0, end);
}

/**
 * Refuses a resource path that is not canonical, before it is routed. A `.` or `..` segment
 * (also `%2e%2e`) names another resource than it seems to: `…/configmaps/%2e%2e` is the
 * namespace. Upstream answers such a name with `Name parameter invalid: "..": may not be '..'`.
 *
 * workerd resolves dot segments before the Worker sees the URL (`…/configmaps/..` arrives as
 * `…/namespaces/victim/`), so what is left of one is a trailing slash: a resource path ending in
 * `/` is refused too. Discovery paths keep theirs (`/api/v1/`, `/apis/apps/`: the Python client
 * asks for those), since a resolved dot segment there can name no object.
 *
 * @example checkCanonicalPath('http://h/api/v1/namespaces/victim/') // throws 400
 */
export function checkCanonicalPath(url: string): void {
  const path = rawPath(url);
  // a dot segment has a `.` or a `%2e` in it: most paths have neither
  const dot = path.includes('.') || path.includes('%') ? path.split('/').find(isDotSegment) : undefined;
  if (dot !== undefined) {
    const name = dot.replace(/%2e/gi, '.');
    throw badRequest(`Name parameter invalid: ${JSON.stringify(name)}: may not be '${name}'`);
  }
  if (/^\/apis?\/./.test(path) && path.endsWith('/') && !isDiscoveryPath(path)) {
    throw badRequest(
      `invalid request path ${JSON.stringify(path)}: a resource path may not end in "/" ` +
        '(a "." or ".." segment, also percent-encoded as "%2e", resolves to one before the server sees it)',
    );
  }
}

/** `/api/`, `/api/v1/`, `/apis/`, `/apis/G/`, `/apis/G/V/`: discovery documents, never objects. */
export function isDiscoveryPath(path: string): boolean {
  const s = path.split('/').filter(Boolean);
  return (s[0] === 'api' && s.length <= 2) || (s[0] === 'apis' && s.length <= 3);
}
