// End-to-end suite: real kubectl and @kubernetes/client-node against one `wrangler dev` started by the global setup.
import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Files that run one at a time, first, on the fresh server with nothing else running (in this order):
 * - dashboard: latency bounds (page synced within 3 s, pods shown within a second, cold loads) on a cluster that
 *   lists everything, and koordinator-system/slo-controller-config; after the other files its whole-cluster lists
 *   are large enough to fail those bounds (and wrangler dev died under them once)
 * - reliability-quick, cluster-clock, dashboard-clock: private servers, but they count what a real-time budget gets
 *   done (histories in 60 s, Lease renewals in a 2-minute run, clock drift): they fell short beside 3 other files
 * - node-lifecycle: a private server at speed 20 that allows each loop a wall second of lag; beside 3 other files
 *   the NoExecute taint came 1.2 wall s after Unknown (the exact timing is test/workers/node-lifecycle.test.ts's)
 * - resource-model: koordinator-system/slo-controller-config (CPU burst), shared with dashboard
 * - network: kube-flannel/kube-flannel-cfg (backend, subnet size for joining nodes) and consecutive podCIDRs
 * - nodes: a bare untainted Node, counted in other files' FailedScheduling messages
 * - scheduler: its FailedScheduling message counts and classifies every node of the cluster
 * - services: must catch a new pod's short not-ready window in the Endpoints; beside 3 other files it missed it
 * Every other file works in namespaces of its own and puts its pods on a NodePool of its own, tainted so other
 * files' pods stay off it (test/e2e/support/node-pools.ts), or starts a server of its own (support/own-server.ts).
 */
const SERIAL = ['dashboard', 'reliability-quick', 'cluster-clock', 'dashboard-clock', 'node-lifecycle', 'resource-model', 'network', 'nodes', 'scheduler', 'services'];

/**
 * How many of the other files run at once against the shared server: they mostly wait on controllers (a file uses
 * about a fifth of a core). E2E_PARALLEL=1 runs them one at a time, as the suite did before.
 */
const PARALLEL_FILES = Number(process.env.E2E_PARALLEL) || 4;

/**
 * The slowest parallel files start first, so the group does not end waiting on one of them (seconds, one file at a
 * time on 2 cores). A clean clone has no results cache, so vitest alone would order by file size.
 */
const SLOWEST = [
  'hpa', // 55
  'rollout', // 46
  'jobs', // 42
  'container-errors', // 35
  'emptydir', // 31
  'statefulset', // 26
  'daemonset', // 22
  'exec', // 17
  'webhook-triggers', // 15
  'storage', // 15
  'restart', // 14
  'memory-pressure', // 12
  'auth-components', // 12
];

const baseName = (path: string) => path.split('/').pop()!.replace(/\.test\.ts$/, '');
const ORDER = [...SERIAL, ...SLOWEST];
const rank = (spec: TestSpecification) => (ORDER.indexOf(baseName(spec.moduleId)) + ORDER.length + 1) % (ORDER.length + 1);

class SlowestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const order = (await super.sort(files)).map((spec, i) => ({ spec, i }));
    const group = (s: TestSpecification) => s.project.config.sequence.groupOrder;
    return order.sort((a, b) => group(a.spec) - group(b.spec) || rank(a.spec) - rank(b.spec) || a.i - b.i).map((x) => x.spec);
  }
}

const common = {
  environment: 'node' as const,
  // the server authenticates: raw fetches to it carry its admin token
  setupFiles: ['test/e2e/support/auth-fetch.ts'],
  testTimeout: 30_000,
  hookTimeout: 90_000,
};

export default defineConfig({
  test: {
    // One server for both projects: the root project's global setup, whose provided values the projects inherit.
    globalSetup: ['test/e2e/support/global-setup.ts'],
    sequence: { sequencer: SlowestFirst },
    projects: [
      {
        test: {
          ...common,
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          exclude: SERIAL.map((f) => `test/e2e/${f}.test.ts`),
          fileParallelism: true,
          maxWorkers: PARALLEL_FILES,
          sequence: { groupOrder: 2 },
        },
      },
      {
        test: {
          ...common,
          name: 'e2e-serial',
          include: SERIAL.map((f) => `test/e2e/${f}.test.ts`),
          fileParallelism: false,
          maxWorkers: 1,
          // first (group 0 with one worker would put it last: vitest's own sequential bucket)
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
