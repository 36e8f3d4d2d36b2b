import type { Pod } from 'kubernetes-types/core/v1';
import { fill, h, section, table } from '../dom';
import { recentEvents } from '../model/event-rows';
import { statusFromAnnotations, type ExplanationStatus } from '../model/explanation-table';
import { podPhase, podStatusWord, readyCount, restartCount } from '../model/pod-summary';
import { since } from '../../../shared/tables/timestamps';
import { eventTable } from '../widgets/event-table';
import { namespaceLink, nodeLink } from '../widgets/links';
import { schedulingTables } from '../widgets/scheduling-table';
import { ThrottlePanel } from '../widgets/throttle-panel';
import type { ViewContext, View } from './view';

/**
 * One pod: status, containers, events, and why the scheduler put it where it is (or nowhere): the scheduler's own
 * record for a placed pod when it wrote one, else a SchedulingExplanation — a dry run of a cycle for this pod, now.
 */
export const podView: View = {
  title: 'Pod',
  matches: (r) => r.view === 'pod',
  mount(root, route, ctx) {
    const ns = route.view === 'pod' ? route.namespace : '';
    const name = route.view === 'pod' ? route.name : '';
    const head = h('div');
    const scheduling = h('div', { class: 'explanation' }, h('p', { class: 'muted' }, 'loading…'));
    const containers = h('div');
    const throttling = new ThrottlePanel();
    const release = ctx.throttling.want();
    const events = h('div');
    let explained: (Explained & { for: string }) | undefined;
    let asking = false;

    const explain = async (pod: Pod) => {
      asking = true;
      const key = pod.spec?.nodeName ?? '';
      try {
        const status = await dryRun(ctx, pod);
        explained = { for: key, status, source: 'dry run now' };
      } catch (e) {
        explained = { for: key, error: e instanceof Error ? e.message : String(e), source: 'dry run now' };
      } finally {
        asking = false;
        render();
      }
    };

    const renderScheduling = (pod: Pod) => {
      const recorded = pod.spec?.nodeName ? statusFromAnnotations(pod.metadata?.annotations) : undefined;
      const current: Explained | undefined = recorded ? { status: recorded, source: 'recorded by the scheduler when it bound the pod' } : explained;
      // a pod that went from pending to placed (or moved) is explained again
      if (!recorded && !asking && (!explained || explained.for !== (pod.spec?.nodeName ?? ''))) void explain(pod);
      const again = h('button', { type: 'button', onclick: () => void explain(pod), disabled: asking }, asking ? 'Explaining…' : 'Explain again (dry run)');
      if (!current) return fill(scheduling, h('p', { class: 'muted' }, 'asking the scheduler…'));
      fill(
        scheduling,
        h('p', { class: 'muted' }, `Source: ${current.source}. `, again),
        current.error ? h('p', { class: 'warning' }, current.error) : current.status ? schedulingTables(current.status) : null,
      );
    };

    fill(root, h('h1', null, 'Pod ', h('code', null, `${ns}/${name}`)), head, section('Scheduling', scheduling), section('Containers', containers), section('CPU throttling and burst', throttling.el), section('Events', events));
    const render = () => {
      const now = ctx.now();
      const pod = ctx.cluster.pods.indexer.list().find((p) => p.metadata?.namespace === ns && p.metadata?.name === name);
      if (!pod) {
        fill(head, h('p', { class: 'empty' }, ctx.cluster.synced() ? `pod ${ns}/${name} not found` : 'loading…'));
        if (ctx.cluster.synced()) fill(scheduling);
        return;
      }
      const node = pod.spec?.nodeName;
      fill(
        head,
        h(
          'div',
          { class: 'summary' },
          h('div', { class: `stat phase ${podPhase(pod)}` }, h('b', null, podStatusWord(pod))),
          h('div', { class: 'stat' }, 'namespace ', namespaceLink(ns)),
          h('div', { class: 'stat' }, 'node ', node ? nodeLink(node) : h('b', null, 'none yet')),
          h('div', { class: 'stat' }, 'ready ', h('b', null, readyCount(pod))),
          h('div', { class: 'stat' }, 'restarts ', h('b', null, restartCount(pod))),
          h('div', { class: 'stat' }, 'IP ', h('b', null, pod.status?.podIP ?? '—')),
          h('div', { class: 'stat' }, 'age ', h('b', null, since(pod.metadata?.creationTimestamp, now))),
        ),
      );
      renderScheduling(pod);
      const statuses = new Map((pod.status?.containerStatuses ?? []).map((s) => [s.name, s]));
      fill(
        containers,
        table(
          ['Name', 'Image', 'State', 'Ready', 'Restarts', 'Requests', 'Limits'],
          (pod.spec?.containers ?? []).map((c) => {
            const s = statuses.get(c.name);
            const state = s?.state?.running ? 'Running' : (s?.state?.waiting?.reason ?? s?.state?.terminated?.reason ?? (s ? 'Waiting' : '—'));
            const res = (m?: Record<string, unknown>) => Object.entries(m ?? {}).map(([k, v]) => `${k}=${String(v)}`).join(' ');
            return [c.name, c.image ?? '', state, s?.ready ? 'yes' : 'no', s?.restartCount ?? 0, res(c.resources?.requests), res(c.resources?.limits)];
          }),
        ),
      );
      const limited = (pod.spec?.containers ?? []).some((c) => c.resources?.limits?.['cpu'] !== undefined);
      const scraped = ctx.throttling.pods.get(`${ns}/${name}`);
      const why = ctx.throttling.lastError ? `/metrics: ${ctx.throttling.lastError}` : !limited ? 'No CPU limit: CFS has no quota to throttle this pod against.' : !pod.status?.podIP ? 'Not running yet.' : 'Reading /metrics…';
      throttling.update(scraped, why);
      fill(events, eventTable(recentEvents(ctx.cluster.events.indexer.list(), 30, { involved: { kind: 'Pod', name, namespace: ns } }), now));
    };
    return {
      update: render,
      unmount() {
        release();
        throttling.dispose();
      },
    };
  },
};

/** What the scheduling panel shows and where it came from. */
interface Explained {
  status?: ExplanationStatus;
  error?: string;
  source: string;
}

/** POST a SchedulingExplanation for the pod's spec (nothing is bound) and return its status. */
async function dryRun(ctx: ViewContext, pod: Pod): Promise<ExplanationStatus> {
  const ns = pod.metadata?.namespace ?? 'default';
  const explanation = await ctx.cluster.client.resource({ group: 'kubeflare.dev', version: 'v1alpha1', plural: 'schedulingexplanations' }).namespace(ns).create({
    apiVersion: 'kubeflare.dev/v1alpha1',
    kind: 'SchedulingExplanation',
    metadata: { name: pod.metadata?.name },
    spec: { pod: { metadata: { name: pod.metadata?.name, namespace: ns, labels: pod.metadata?.labels }, spec: pod.spec } },
  });
  return (explanation as { status?: ExplanationStatus }).status ?? {};
}
