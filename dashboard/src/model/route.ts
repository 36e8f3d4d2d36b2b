/**
 * The dashboard's places, addressed by the URL's hash so every view can be linked and reloaded:
 * `#/` overview, `#/namespace/NS`, `#/node/NAME`, `#/pod/NS/NAME`. Unknown hashes are the overview.
 */
export type Route =
  | { view: 'overview' }
  | { view: 'namespace'; namespace: string }
  | { view: 'node'; node: string }
  | { view: 'pod'; namespace: string; name: string };

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
