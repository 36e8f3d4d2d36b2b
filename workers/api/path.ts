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
  const s = segments.filter((x) => x !== '').map(decodeURIComponent);
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
