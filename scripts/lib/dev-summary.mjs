// What `npm run dev` prints: one start-up summary, then a progress line while the NodePool's nodes come up.
// Pure text functions, unit-tested in test/unit/scripts/dev-summary.test.ts.

/**
 * The start-up summary: everything a newcomer needs, once.
 * @param {{ url: string, kubeconfig: string, kubeconfigArg: string, context: string, state: string, pool: { name: string, nodes: number, created: boolean } | undefined, logLevel: string }} s
 */
export function startupSummary(s) {
  const pool = s.pool
    ? `NodePool "${s.pool.name}", ${s.pool.nodes} node${s.pool.nodes === 1 ? '' : 's'}${s.pool.created ? ' (created now)' : ''}`
    : 'none (--nodes 0): create one, see docs/node-pool.md';
  const rows = [
    ['API server', s.url],
    ['Dashboard', `${s.url}/`],
    ['Kubeconfig', `${s.kubeconfig} (context "${s.context}")`],
    ['State', s.state],
    ['Node pool', pool],
    ['Logs', `${s.logLevel} and above (--log-level info shows every request)`],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  return [
    'Kubeflare is ready.',
    '',
    ...rows.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`),
    '',
    `  kubectl --kubeconfig ${s.kubeconfigArg} get nodes`,
    '',
    'Press Ctrl-C to stop.',
  ].join('\n');
}

/** The progress line of a pool coming up, e.g. `NodePool "default": 40/100 nodes Ready (12s)`. */
export function poolProgressLine(pool, ready, want, seconds) {
  return `NodePool "${pool}": ${ready}/${want} node${want === 1 ? '' : 's'} Ready (${Math.round(seconds)}s)`;
}

/** Whether a non-interactive progress report is worth a new line: at each further tenth, and at the end. */
export function progressStep(lastReported, ready, want) {
  if (ready >= want) return lastReported < want;
  const step = Math.max(1, Math.ceil(want / 10));
  return Math.floor(ready / step) > Math.floor(Math.max(0, lastReported) / step);
}
