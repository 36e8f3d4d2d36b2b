import { fill, h } from '../dom';
import { hpaRows } from '../model/hpa-rows';
import { HpaCard } from '../widgets/hpa-card';
import type { View } from './view';

/**
 * Every HorizontalPodAutoscaler, live over watch: replicas against the metric over time, one card of charts each
 * (history from the moment the page opened, at cluster time).
 */
export const autoscalersView: View = {
  title: 'Autoscalers',
  nav: { href: '#/autoscalers' },
  matches: (r) => r.view === 'autoscalers',
  mount(root, _route, ctx) {
    const list = h('div', { class: 'hpas' });
    const empty = h('p', { class: 'empty' });
    fill(root, h('h1', null, 'Horizontal Pod Autoscalers'), empty, list);
    const cards = new Map<string, HpaCard>();
    return {
      update() {
        const rows = hpaRows(ctx.cluster.autoscalers.indexer.list());
        empty.textContent = rows.length ? '' : ctx.cluster.synced() ? 'no HorizontalPodAutoscalers (kubectl autoscale deployment NAME --cpu-percent=50 --max=10)' : 'loading…';
        const keys = new Set(rows.map((r) => r.key));
        for (const [key, card] of cards) {
          if (keys.has(key)) continue;
          card.dispose();
          card.el.remove();
          cards.delete(key);
        }
        for (const row of rows) {
          const history = ctx.history.autoscalers.get(row.key);
          // a new HPA is drawn from its first sample
          if (!history) continue;
          let card = cards.get(row.key);
          if (!card) cards.set(row.key, (card = new HpaCard(row.key, history)));
          list.append(card.el); // in row order
          card.update(row, history);
        }
      },
      unmount() {
        for (const card of cards.values()) card.dispose();
      },
    };
  },
};
