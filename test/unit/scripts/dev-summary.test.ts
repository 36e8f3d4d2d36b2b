import { describe, expect, it } from 'vitest';
import { poolProgressLine, progressStep, startupSummary } from '../../../scripts/lib/dev-summary.mjs';

describe('npm run dev output', () => {
  it('one start-up summary: URL, dashboard, kubeconfig and context, state folder, node pool, log level', () => {
    const text = startupSummary({
      url: 'http://127.0.0.1:8787',
      kubeconfig: '/src/kubeconfig',
      kubeconfigArg: 'kubeconfig',
      context: 'kubeflare',
      state: '/src/.wrangler/state',
      pool: { name: 'default', nodes: 3, created: true },
      logLevel: 'warn',
    });
    expect(text).toBe(`Kubeflare is ready.

  API server  http://127.0.0.1:8787
  Dashboard   http://127.0.0.1:8787/
  Kubeconfig  /src/kubeconfig (context "kubeflare")
  State       /src/.wrangler/state
  Node pool   NodePool "default", 3 nodes (created now)
  Logs        warn and above (--log-level info shows every request)

  kubectl --kubeconfig kubeconfig get nodes

Press Ctrl-C to stop.`);
    expect(startupSummary({ url: 'u', kubeconfig: 'k', kubeconfigArg: 'k', context: 'c', state: 's', pool: undefined, logLevel: 'info' })).toContain('Node pool   none (--nodes 0)');
  });

  it('a progress line, reported at each tenth when not on a terminal', () => {
    expect(poolProgressLine('default', 40, 100, 12.4)).toBe('NodePool "default": 40/100 nodes Ready (12s)');
    expect(poolProgressLine('p', 0, 1, 0)).toBe('NodePool "p": 0/1 node Ready (0s)');
    const reported: number[] = [];
    let last = -1;
    for (const ready of [0, 5, 9, 10, 11, 19, 20, 55, 99, 100, 100]) {
      if (progressStep(last, ready, 100)) reported.push(ready);
      last = Math.max(last, ready);
    }
    expect(reported).toEqual([10, 20, 55, 99, 100]);
  });
});
