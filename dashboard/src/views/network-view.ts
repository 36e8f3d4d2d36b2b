import type { Pod } from 'kubernetes-types/core/v1';
import { fill, h, section, table } from '../dom';
import { routablePods, subnetRows, type NetworkPathStatus } from '../model/network-rows';
import { routeHref, type PodRef } from '../model/route';
import { nodeLink, podLink } from '../widgets/links';
import type { View, ViewContext } from './view';

const NETWORK_PATHS = { group: 'kubeflare.dev', version: 'v1alpha1', plural: 'networkpaths' };

/**
 * The pod network: every node with its pod subnet and flannel lease, and the path between two chosen pods — a
 * NetworkPath asked of the API (hops, MTU, modelled latency and throughput, the NetworkPolicy verdict). The pair
 * is in the URL (`#/network/NS/POD/NS/POD`), so a path can be linked and reloaded.
 */
export const networkView: View = {
  title: 'Network',
  nav: { href: '#/network' },
  matches: (r) => r.view === 'network',
  mount(root, route, ctx) {
    const chosen = route.view === 'network' ? route.path : undefined;
    const subnets = h('div');
    const picker = h('div', { class: 'path-picker' });
    const result = h('div', { class: 'path-result' });
    fill(root, h('h1', null, 'Pod network'), section('Path between two pods', picker, result), section('Nodes and their pod subnets', subnets));
    const from = h('select', { id: 'path-from' });
    const to = h('select', { id: 'path-to' });
    const go = () => {
      const [a, b] = [from.value, to.value].map(parseKey);
      if (!a || !b) return;
      const href = routeHref({ view: 'network', path: { from: a, to: b } });
      // the same pair again is traced again (the hash does not change, so no new view is mounted)
      if (location.hash === href) void trace({ from: a, to: b });
      else location.hash = href;
    };
    fill(picker, h('label', null, 'from ', from), ' ', h('label', null, 'to ', to), ' ', h('button', { id: 'path-trace', type: 'button', onclick: go }, 'Trace'));
    let traced = false;
    let shownPods = '';

    const trace = async (path: { from: PodRef; to: PodRef }) => {
      fill(result, h('p', { class: 'muted' }, 'tracing…'));
      try {
        fill(result, pathResult(await networkPath(ctx, path)));
      } catch (e) {
        fill(result, h('p', { class: 'warning' }, e instanceof Error ? e.message : String(e)));
      }
    };

    return {
      update() {
        const { cluster } = ctx;
        const pods = cluster.pods.indexer.list();
        const rows = subnetRows(cluster.nodes.indexer.list(), pods);
        fill(
          subnets,
          table(
            ['Node', 'Zone', 'Pod subnet', 'Backend', 'Public IP', 'Pods with IPs'],
            rows.map((r) => [nodeLink(r.node), r.zone, h('code', null, r.podCIDR || '—'), r.backend === undefined ? h('span', { class: 'muted' }, 'no lease yet') : r.backend || 'udp', r.publicIP ?? '', r.pods]),
            'no nodes',
            { class: 'subnets' },
          ),
        );
        // the choices change only when the set of routable pods does, so an open drop-down stays open
        const routable = routablePods(pods);
        const names = routable.map(key).join('\n');
        if (names !== shownPods && document.activeElement !== from && document.activeElement !== to) {
          shownPods = names;
          const want = [chosen?.from, chosen?.to].map((p) => (p ? `${p.namespace}/${p.name}` : undefined));
          for (const [i, select] of [from, to].entries()) {
            const keep = select.value || want[i] || (routable[i] ? key(routable[i]!) : '');
            select.replaceChildren(...routable.map((p) => h('option', { value: key(p) }, `${key(p)} (${p.status?.podIP} on ${p.spec?.nodeName})`)));
            select.value = keep;
          }
        }
        if (!chosen) {
          if (!result.hasChildNodes()) fill(result, h('p', { class: 'muted' }, routable.length < 2 ? 'Two running pods are needed for a path.' : 'Pick two pods and trace the path a packet takes between them.'));
        } else if (!traced && cluster.synced()) {
          traced = true;
          void trace(chosen);
        }
      },
    };
  },
};

const key = (p: Pod) => `${p.metadata?.namespace}/${p.metadata?.name}`;

function parseKey(k: string): PodRef | undefined {
  const i = k.indexOf('/');
  return i > 0 ? { namespace: k.slice(0, i), name: k.slice(i + 1) } : undefined;
}

/** POST a NetworkPath in the source pod's namespace (nothing is stored) and return its status. */
async function networkPath(ctx: ViewContext, path: { from: PodRef; to: PodRef }): Promise<NetworkPathStatus> {
  const answer = await ctx.cluster.client.resource(NETWORK_PATHS).namespace(path.from.namespace).create({
    apiVersion: 'kubeflare.dev/v1alpha1',
    kind: 'NetworkPath',
    metadata: { name: `${path.from.name}-to-${path.to.name}`.slice(0, 253) },
    spec: { from: { pod: path.from.name }, to: { pod: path.to.name, namespace: path.to.namespace } },
  });
  return ((answer as { status?: NetworkPathStatus }).status ?? {}) as NetworkPathStatus;
}

function pathResult(s: NetworkPathStatus): HTMLElement {
  const stat = (label: string, value: unknown, cls?: string) => (value === undefined ? null : h('div', { class: 'stat' }, `${label} `, h('b', { class: cls }, String(value))));
  const end = (e: NetworkPathStatus['source']) => (e?.pod ? [podLink(e.pod.split('/')[0]!, e.pod.split('/')[1]!, e.pod), ` ${e.ip ?? ''}`, e.node ? [' on ', nodeLink(e.node)] : null] : (e?.ip ?? ''));
  const policy = s.policy;
  return h(
    'div',
    { class: `path ${s.verdict ?? ''}`, 'data-verdict': s.verdict ?? '' },
    h('p', null, h('b', { class: `verdict ${s.verdict === 'Reachable' ? 'ok' : 'failed'}` }, s.verdict ?? '?'), ' ', s.reason ?? ''),
    h('p', { class: 'muted' }, 'from ', end(s.source), ' to ', end(s.destination)),
    h(
      'div',
      { class: 'summary' },
      stat('MTU', s.mtu, 'path-mtu'),
      stat('latency', s.latencyMicroseconds === undefined ? undefined : `${s.latencyMicroseconds} µs`, 'path-latency'),
      stat('throughput', s.throughputMbps === undefined ? undefined : `${Math.round(s.throughputMbps)} Mbit/s`),
      stat('backend', s.backend),
      stat('encapsulation', s.encapsulation),
      stat('same node', s.sameNode === undefined ? undefined : s.sameNode ? 'yes' : 'no'),
      policy ? h('div', { class: `stat ${policy.allowed ? '' : 'warning'}` }, 'policy ', h('b', { class: 'path-policy' }, policy.allowed ? 'allowed' : 'denied')) : null,
    ),
    policy
      ? table(
          ['Direction', 'Verdict', 'Selecting policies', 'Why'],
          (['egress', 'ingress'] as const).map((d) => [d, policy[d].allowed ? 'allowed' : h('span', { class: 'warning' }, 'denied'), policy[d].policies.join(', ') || (policy[d].isolated ? '' : 'none (not isolated)'), policy[d].message]),
          '',
          { class: 'policy' },
        )
      : null,
    h('h3', null, 'Hops'),
    table(
      ['#', 'Where', 'Device', 'What happens'],
      (s.hops ?? []).map((hop, i) => [i + 1, hop.pod ? podLink(hop.pod.split('/')[0]!, hop.pod.split('/')[1]!, hop.pod) : hop.node ? nodeLink(hop.node) : '', h('code', null, hop.device), hop.detail]),
      'no hops',
      { class: 'hops' },
    ),
    s.cniErrors?.length ? h('p', { class: 'warning' }, s.cniErrors.join('; ')) : null,
  );
}
