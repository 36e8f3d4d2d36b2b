import { describe, expect, it } from 'vitest';
import { parseRoute, routeHref, type Route } from '../../../dashboard/src/model/route';

describe('dashboard routes', () => {
  it.each<[string, Route]>([
    ['', { view: 'overview' }],
    ['#/', { view: 'overview' }],
    ['#/pod/default/web-1', { view: 'pod', namespace: 'default', name: 'web-1' }],
    ['#/node/pool-0', { view: 'node', node: 'pool-0' }],
    ['#/namespace/kube-system', { view: 'namespace', namespace: 'kube-system' }],
    ['#/pod/default', { view: 'overview' }],
    ['#/pod/a/b/c', { view: 'overview' }],
    ['#/node/%E0%A4%A', { view: 'node', node: '%E0%A4%A' }],
    ['#/nothing', { view: 'overview' }],
    ['#/autoscalers', { view: 'autoscalers' }],
    ['#/network', { view: 'network' }],
    ['#/network/a/web-1/b/db-0', { view: 'network', path: { from: { namespace: 'a', name: 'web-1' }, to: { namespace: 'b', name: 'db-0' } } }],
    ['#/network/a/web-1/b', { view: 'overview' }],
  ])('%s', (hash, route) => {
    expect(parseRoute(hash)).toEqual(route);
  });

  it('routeHref is parseRoute inverted, names escaped', () => {
    const routes: Route[] = [
      { view: 'overview' },
      { view: 'pod', namespace: 'a b', name: 'x/y' },
      { view: 'node', node: 'n-1' },
      { view: 'namespace', namespace: 'ns' },
      { view: 'autoscalers' },
      { view: 'network' },
      { view: 'network', path: { from: { namespace: 'a', name: 'x/y' }, to: { namespace: 'b', name: 'z' } } },
    ];
    for (const r of routes) expect(parseRoute(routeHref(r))).toEqual(r);
    expect(routeHref({ view: 'pod', namespace: 'a b', name: 'x/y' })).toBe('#/pod/a%20b/x%2Fy');
  });
});
