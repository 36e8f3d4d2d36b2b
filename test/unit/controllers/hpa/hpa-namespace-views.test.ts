import type { HorizontalPodAutoscaler } from 'kubernetes-types/autoscaling/v2';
import type { Pod } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { HPA_VIEWED, HpaViews, type HpaViewNotice } from '../../../../shared/controllers/hpa/hpa-namespace-views';
import { VIEW_RELIST_MS } from '../../../../shared/controllers/namespace-view';

const NOW = Date.UTC(2026, 11, 4, 12);
const meta = (name: string, rv: number) => ({ metadata: { name, namespace: 'shop', resourceVersion: String(rv) } });
const notice = (resource: string, type: HpaViewNotice['type'], name: string, rv: number, namespace = 'shop'): HpaViewNotice => ({ resource, type, name, namespace, resourceVersion: String(rv) });

/** Views of `shop` listed at NOW with HPA `web`, pod `web-1`, no profile and Deployment `web`, all at resourceVersion 10. */
function listed(): HpaViews {
  const views = new HpaViews();
  const ns = views.of('shop');
  ns.prepare(NOW);
  ns.hpas.replaceAll([meta('web', 10) as HorizontalPodAutoscaler], '10', NOW);
  ns.pods.replaceAll([meta('web-1', 10) as Pod], '10', NOW);
  ns.profiles.replaceAll([], '10', NOW);
  ns.deployments.replaceAll([meta('web', 10)], '10', NOW);
  return views;
}

describe("the HPA controller's namespace views", () => {
  it('hands each notice to the view of its resource in its namespace; others cost nothing', () => {
    const views = listed();
    views.observe([
      notice(HPA_VIEWED.pods, 'MODIFIED', 'web-1', 11),
      notice(HPA_VIEWED.deployments, 'MODIFIED', 'web', 12),
      notice(HPA_VIEWED.profiles, 'ADDED', 'load', 13),
      notice(HPA_VIEWED.hpas, 'MODIFIED', 'web', 14),
      notice(HPA_VIEWED.pods, 'MODIFIED', 'x', 15, 'elsewhere'),
      notice('replicasets.apps', 'MODIFIED', 'web-1', 16),
    ]);
    const ns = views.of('shop');
    expect(ns.pods.refresh(NOW)).toEqual({ kind: 'get', objects: [{ name: 'web-1', resourceVersion: 11 }] });
    expect(ns.deployments.refresh(NOW)).toEqual({ kind: 'get', objects: [{ name: 'web', resourceVersion: 12 }] });
    expect(ns.profiles.refresh(NOW)).toEqual({ kind: 'get', objects: [{ name: 'load', resourceVersion: 13 }] });
    expect(ns.hpas.refresh(NOW)).toEqual({ kind: 'get', objects: [{ name: 'web', resourceVersion: 14 }] });
    expect(views.has('elsewhere')).toBe(false);
  });

  it("drops a namespace's views with its last HPA: the stores stop sending its pods' notices", () => {
    const views = listed();
    views.observe([notice(HPA_VIEWED.hpas, 'ADDED', 'api', 20)]);
    views.observe([notice(HPA_VIEWED.hpas, 'DELETED', 'web', 21)]);
    expect(views.has('shop')).toBe(true); // api is still there (announced, not yet read)
    views.observe([notice(HPA_VIEWED.hpas, 'DELETED', 'api', 22)]);
    expect(views.has('shop')).toBe(false);
    // a pod notice now finds no views; the next sync there lists everything
    views.observe([notice(HPA_VIEWED.pods, 'MODIFIED', 'web-1', 23)]);
    const fresh = views.of('shop');
    fresh.prepare(NOW);
    for (const v of [fresh.hpas, fresh.pods, fresh.profiles, fresh.deployments]) expect(v.refresh(NOW)).toEqual({ kind: 'list' });
  });

  it('lists the other views whenever the HPAs are listed: after the relist period, or a write of unknown outcome', () => {
    const views = listed();
    const ns = views.of('shop');
    ns.prepare(NOW + 1000);
    expect(ns.pods.refresh(NOW + 1000)).toEqual({ kind: 'none' });
    ns.prepare(NOW + VIEW_RELIST_MS);
    expect(ns.pods.refresh(NOW + 1000)).toEqual({ kind: 'list' });
    expect(ns.deployments.refresh(NOW + 1000)).toEqual({ kind: 'list' });

    const again = listed().of('shop');
    again.hpas.invalidate(); // a status write whose call failed
    again.prepare(NOW + 1000);
    expect(again.profiles.refresh(NOW + 1000)).toEqual({ kind: 'list' });
  });
});
