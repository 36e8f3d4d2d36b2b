/**
 * The dashboard's places, addressed by the URL's hash so every view can be linked and reloaded:
 * `#/` overview, `#/namespace/NS`, `#/node/NAME`, `#/pod/NS/NAME`, `#/autoscalers`, `#/network` and
 * `#/network/FROM-NS/FROM-POD/TO-NS/TO-POD` (a path between two pods). Unknown hashes are the overview.
 */
export type Route =
  | { view: 'overview' }
  | { view: 'namespace'; namespace: string }
  | { view: 'node'; node: string }
  | { view: 'pod'; namespace: string; name: string }
  | { view: 'autoscalers' }
  | { view: 'network'; path?: { from: PodRef; to: PodRef } };

export interface PodRef {
  namespace: string;
  name: string;
}

/** The route a `location.hash` names. */
export function parseRoute(hash: string): Route {
  const parts = hash
    .replace(/^#?\/?/, '')
    .split('/')
    .filter(Boolean)
    .map((p) => safeDecode(p));
  const [view, a, b] = parts;
  if (view === 'namespace' && a && parts.length === 2) return { view, namespace: a };
  if (view === 'node' && a && parts.length === 2) return { view, node: a };
  if (view === 'pod' && a && b && parts.length === 3) return { view, namespace: a, name: b };
  if (view === 'autoscalers' && parts.length === 1) return { view };
  if (view === 'network' && parts.length === 1) return { view };
  if (view === 'network' && parts.length === 5) return { view, path: { from: { namespace: a!, name: b! }, to: { namespace: parts[3]!, name: parts[4]! } } };
  return { view: 'overview' };
}

/** The hash that leads to a route (inverse of parseRoute). */
export function routeHref(r: Route): string {
  const e = encodeURIComponent;
  switch (r.view) {
    case 'namespace':
      return `#/namespace/${e(r.namespace)}`;
    case 'node':
      return `#/node/${e(r.node)}`;
    case 'pod':
      return `#/pod/${e(r.namespace)}/${e(r.name)}`;
    case 'autoscalers':
      return '#/autoscalers';
    case 'network':
      return r.path ? `#/network/${e(r.path.from.namespace)}/${e(r.path.from.name)}/${e(r.path.to.namespace)}/${e(r.path.to.name)}` : '#/network';
    default:
      return '#/';
  }
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
