import type { Status } from './types';

/** How the reason histogram is introduced (framework.NoNodeAvailableMsg). */
export const NO_NODE_AVAILABLE = (n: number) => `0/${n} nodes are available`;

/**
 * FitError.Error(): "0/N nodes are available: <count reason, …sorted>. <postFilter message>."
 * A PreFilter rejection replaces the per-node histogram with its own message, as upstream does.
 * Reasons are sorted as strings ("10 x" before "2 y"), exactly like sort.Strings.
 */
export function fitErrorMessage(numAllNodes: number, statuses: Iterable<Status>, preFilterMsg?: string, postFilterMsg?: string): string {
  let msg = `${NO_NODE_AVAILABLE(numAllNodes)}:`;
  if (preFilterMsg) {
    msg += ` ${preFilterMsg}.`;
  } else {
    const hist = reasonHistogram(statuses);
    if (hist.length > 0) msg += ` ${hist.join(', ')}.`;
  }
  // Preemption's message is itself a FitError ending in '.', and upstream prints it once.
  if (postFilterMsg) msg += postFilterMsg.endsWith('.') ? ` ${postFilterMsg}` : ` ${postFilterMsg}.`;
  return msg;
}

/** "count reason" strings in sort.Strings order. */
export function reasonHistogram(statuses: Iterable<Status>): string[] {
  const counts = new Map<string, number>();
  for (const s of statuses) for (const r of s.reasons) counts.set(r, (counts.get(r) ?? 0) + 1);
  return [...counts].map(([r, c]) => `${c} ${r}`).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The Scheduled event message. */
export function scheduledMessage(namespace: string, name: string, node: string): string {
  return `Successfully assigned ${namespace}/${name} to ${node}`;
}
