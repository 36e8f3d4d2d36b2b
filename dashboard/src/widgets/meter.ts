import { h } from '../dom';
import { fraction } from '../model/node-rows';

/**
 * A bar for one resource of a node: how much pods requested (what the scheduler allocates against) and,
 * darker on top, how much they use now, out of what the node can allocate.
 */
export function meter(label: string, r: { allocatable: number; requested: number; used?: number }, format: (n: number) => string): HTMLElement {
  const req = h('span', { class: 'req' });
  const use = h('span', { class: 'use' });
  // widths through the CSSOM: allowed by the page's Content-Security-Policy, unlike style attributes
  req.style.width = `${(fraction(r.requested, r.allocatable) * 100).toFixed(1)}%`;
  use.style.width = `${(fraction(r.used, r.allocatable) * 100).toFixed(1)}%`;
  const used = r.used === undefined ? '' : `, using ${format(r.used)}`;
  const title = `${label}: requested ${format(r.requested)}${used} of ${format(r.allocatable)} allocatable`;
  return h('div', { class: 'meter', title }, h('span', { class: 'label' }, label), h('span', { class: 'bar' }, req, use), h('span', { class: 'value' }, `${format(r.requested)} / ${format(r.allocatable)}`));
}

/** A thin progress bar, 0..1. */
export function progress(done: number, of: number, cls = ''): HTMLElement {
  const fill = h('span');
  fill.style.width = `${(fraction(done, of) * 100).toFixed(1)}%`;
  return h('span', { class: `progress ${cls}`.trim(), title: `${done}/${of}` }, fill);
}
