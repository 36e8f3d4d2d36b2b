import { DASHBOARD_ASSETS } from '../../dashboard/dist/assets';
import { ApiError } from '../../shared/api/errors';

/**
 * The page's own scripts and styles only; uPlot sets element styles through the CSSOM, which style-src governs
 * only for `style` attributes, so inline styles stay allowed for it. API calls go to the same origin.
 */
const CONTENT_SECURITY_POLICY = "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

/**
 * The dashboard (dashboard/, bundled into dashboard/dist/assets.ts by scripts/lib/build-dashboard.mjs):
 * `/` is the page, `/dashboard/app.js|app.css` its assets. Revalidated by ETag so a rebuilt page is seen at once.
 */
export function serveDashboard(request: Request): Response {
  const path = new URL(request.url).pathname;
  const asset = DASHBOARD_ASSETS[path];
  if (!asset) throw new ApiError(404, 'NotFound', 'the server could not find the requested resource');
  const headers = {
    'content-type': asset.type,
    etag: asset.etag,
    'cache-control': 'no-cache',
    'x-content-type-options': 'nosniff',
    'content-security-policy': CONTENT_SECURITY_POLICY,
  };
  if (request.headers.get('if-none-match') === asset.etag) return new Response(null, { status: 304, headers });
  return new Response(request.method === 'HEAD' ? null : asset.body, { headers });
}
