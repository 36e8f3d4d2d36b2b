// The dashboard at `/` in headless Chromium (issue 16): it loads with no console errors, shows the nodes by zone,
// shows a new Deployment's pods within a second of their creation, explains a pending pod with the scheduler's
// filter table, charts an HPA's replicas against its metric, shows a throttled pod's CFS counters, traces the path
// between two pods, and shows nothing without a token. The clock controls are tested on a private server
// (dashboard-clock.test.ts): this server's clock must keep real time for the other files.
// UPDATE_SCREENSHOTS=1 saves the screenshots shown in the README under docs/.
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { cpu, memory } from '../../dashboard/src/model/format';
import { parseBytes, parseCpuMilli } from '../../shared/nodes/quantity';
import { webApp } from './support/fixtures';
import { CHROMIUM, CHROMIUM_MISSING, haveChromium, openBrowser, type WatchedPage } from './support/browser';
import { getJson, kubectl, manifest, newNamespace, poll, tableRows } from './support/kubectl';
import { applyPool, deletePools, onPool, poolName } from './support/node-pools';

// the functions passed to waitForFunction run in the page, where there is a DOM (this project's types have none)
declare const document: {
  querySelector(s: string): { textContent: string | null; getAttribute(a: string): string | null } | null;
  querySelectorAll(s: string): { length: number };
  body: { dataset: Record<string, string | undefined> };
};

const pool = poolName('dash');
const zones = ['zone-a', 'zone-b', 'zone-c'];
const screenshots = process.env.UPDATE_SCREENSHOTS ? resolve(import.meta.dirname, '../../docs') : undefined;
if (!haveChromium) console.warn(`[e2e] dashboard: ${CHROMIUM_MISSING}`);

let browser: Awaited<ReturnType<typeof openBrowser>>;
let tab: WatchedPage;
let ns: string;
const url = () => inject('kubeUrl');

/** Opens a view by URL and waits until the informers have listed everything once. */
async function open(hash: string): Promise<void> {
  await tab.page.goto(`${url()}/${hash}`);
  await tab.page.waitForSelector('body[data-synced="true"]', { timeout: 5000 });
}

async function shoot(name: string): Promise<void> {
  await tab.page.screenshot({ path: join(screenshots ?? inject('workDir'), name), fullPage: true });
}

describe.skipIf(!haveChromium)('dashboard in headless Chromium', () => {
  beforeAll(async () => {
    await applyPool(pool, { nodes: 3, capacity: { cpu: '4', memory: '8Gi', pods: '110' }, zones });
    ns = await newNamespace('dashboard');
    browser = await openBrowser();
    tab = await browser.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await deletePools(pool);
  });

  it('serves the page at / and its assets, small, with no console errors; shows every node under its zone', async () => {
    const page = await fetch(`${url()}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    const etag = page.headers.get('etag')!;
    expect((await fetch(`${url()}/`, { headers: { 'if-none-match': etag } })).status).toBe(304);
    const js = await fetch(`${url()}/dashboard/app.js`);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect((await js.arrayBuffer()).byteLength).toBeLessThan(400 * 1024);
    expect((await fetch(`${url()}/dashboard/nope.js`)).status).toBe(404);

    const started = Date.now();
    await open('#/');
    const loadMs = Date.now() - started;
    for (const [i, zone] of zones.entries()) {
      await tab.page.waitForSelector(`[data-zone="${zone}"] [data-node="${pool}-${i}"]`, { timeout: 3000 });
    }
    // allocatable, as the node reports it (capacity less what the pool reserves)
    const node = await getJson(['node', `${pool}-0`]);
    const card = await tab.page.textContent(`[data-node="${pool}-0"]`);
    expect(card).toContain(`CPU0m / ${cpu(parseCpuMilli(node.status.allocatable.cpu)!)}`);
    expect(card).toContain(`Mem0 / ${memory(parseBytes(node.status.allocatable.memory)!)}`);
    expect(card).toContain('0/110 pods');
    expect(tab.errors).toEqual([]);
    console.log(`[e2e] dashboard: loaded and synced in ${loadMs} ms`);
    expect(loadMs).toBeLessThan(3000);
  });

  it("a new Deployment's pods appear within a second of being created", async () => {
    await open(`#/namespace/${ns}`);
    const { deployment } = webApp('web', { replicas: 3 });
    deployment.spec.template.spec = { ...deployment.spec.template.spec, ...onPool(pool) };
    await kubectl(['-n', ns, 'apply', '-f', '-'], { stdin: manifest(deployment) });
    // the moment the ReplicaSet's three pods exist in the API…
    let seen: string[] = [];
    const deadline = Date.now() + 15_000;
    while (seen.length < 3 && Date.now() < deadline) {
      seen = ((await (await fetch(`${url()}/api/v1/namespaces/${ns}/pods?labelSelector=app%3Dweb`)).json()) as any).items.map((p: any) => p.metadata.name);
    }
    const created = Date.now();
    expect(seen).toHaveLength(3);
    // …the page lists them, within a second
    await tab.page.waitForFunction(
      ({ ns, names }) => names.every((n) => document.querySelector(`main a[href="#/pod/${ns}/${n}"]`)),
      { ns, names: seen },
      { timeout: 1000, polling: 20 },
    );
    console.log(`[e2e] dashboard: pods shown ${Date.now() - created} ms after they were listed by the API`);
    await tab.page.waitForFunction((n) => document.querySelector('table.deployments')?.textContent?.includes(n), 'web', { timeout: 1000 });
    // they run, and the Deployment's rollout completes, live
    await tab.page.waitForFunction(() => document.querySelectorAll('table.pods .phase.Running').length === 3, undefined, { timeout: 20_000 });
    await tab.page.waitForFunction(() => document.querySelector('table.deployments')?.textContent?.includes('complete'), undefined, { timeout: 20_000 });
    // events as they happen: the scheduler's and the kubelet's for each pod
    for (const name of seen) {
      await tab.page.waitForFunction((m) => document.querySelector('main')?.textContent?.includes(m), `Successfully assigned ${ns}/${name} to ${pool}-`, { timeout: 5000 });
    }
    expect(tab.errors).toEqual([]);
    await open('#/');
    await tab.page.waitForFunction((p) => document.querySelectorAll(`[data-node^="${p}-"] .dot.Running`).length === 3, pool, { timeout: 5000 });
  });

  it('the scheduler table for a pending pod names the filter that rejects each node', async () => {
    const placement = onPool(pool);
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'stuck', labels: { app: 'stuck' } },
      spec: { ...placement, nodeSelector: { ...placement.nodeSelector, disk: 'ssd' }, containers: [{ name: 'c', image: 'nginx:1.27' }] },
    };
    await kubectl(['-n', ns, 'apply', '-f', '-'], { stdin: manifest(pod) });
    await open(`#/pod/${ns}/stuck`);
    await tab.page.waitForSelector('.filter-table', { timeout: 5000 });
    const verdict = await tab.page.textContent('.verdict');
    expect(verdict).toMatch(/^0\/\d+ nodes are available: /);
    for (const i of [0, 1, 2]) {
      const cell = tab.page.locator(`.filter-table tr:has(a[href="#/node/${pool}-${i}"]) .fail`);
      expect(await cell.getAttribute('data-plugin')).toBe('NodeAffinity');
      expect(await cell.textContent()).toBe("node(s) didn't match Pod's node affinity/selector");
    }
    expect(await tab.page.locator('.failing-filter').allTextContents()).toContain('NodeAffinity');
    // what the page shows is what the API says
    const stored = await getJson(['-n', ns, 'pod', 'stuck']);
    expect(stored.spec.nodeName).toBeUndefined();
    expect(tab.errors).toEqual([]);
    await shoot('dashboard-pod.png');
  });

  it('views are reachable by URL: a node, a namespace, an unknown pod', async () => {
    await open(`#/node/${pool}-1`);
    await tab.page.waitForFunction(() => document.querySelector('main h1')?.textContent?.startsWith('Node'), undefined, { timeout: 2000 });
    expect(await tab.page.textContent('main')).toContain('zone-b');
    await open(`#/pod/${ns}/no-such-pod`);
    await tab.page.waitForFunction(() => document.querySelector('main')?.textContent?.includes('not found'), undefined, { timeout: 2000 });
    expect(tab.errors).toEqual([]);
  });

  it("an HPA's replicas and its metric against the target are charted over time, as kubectl reports them", async () => {
    // opened first, so the charts hold the HPA's history from its first status
    await open('#/autoscalers');
    const labels = { app: 'api' };
    const api = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'api', labels },
      spec: {
        replicas: 1,
        selector: { matchLabels: labels },
        template: {
          // 300 requests/s at 1m of CPU each: 300m, three times the 100m request (test/e2e/hpa.test.ts)
          metadata: { labels, annotations: { 'kubeflare.dev/requests-per-second': '300', 'kubeflare.dev/cpu-per-request': '1m' } },
          spec: { ...onPool(pool), containers: [{ name: 'app', image: 'nginx:1.25', resources: { requests: { cpu: '100m' } } }] },
        },
      },
    };
    await kubectl(['-n', ns, 'apply', '-f', '-'], { stdin: manifest(api) });
    await kubectl(['-n', ns, 'autoscale', 'deployment', 'api', '--cpu-percent=50', '--min=1', '--max=4']);
    const card = `[data-hpa="${ns}/api"]`;
    await tab.page.waitForSelector(`${card} .chart`, { timeout: 5000 });
    // what the card says is what `kubectl get hpa` says, once the controller has read the metric
    const row = await poll(
      async () => {
        const r = tableRows((await kubectl(['-n', ns, 'get', 'hpa', 'api'])).stdout)[1]!;
        if (r[2]!.includes('<unknown>')) return undefined;
        const shown = await tab.page.textContent(`${card} .hpa-targets`);
        return shown === r[2] ? r : undefined;
      },
      60_000,
      "the HPA's metric read and shown",
    );
    expect(row.slice(0, 5)).toEqual(['api', 'Deployment/api', row[2], '1', '4']);
    const hpa = await getJson(['-n', ns, 'hpa', 'api']);
    expect(await tab.page.textContent(`${card} .hpa-replicas`)).toMatch(/^\d+ → \d+$/);
    expect(hpa.status.currentMetrics[0].resource.current.averageUtilization).toBeGreaterThan(50);
    // two charts, replicas and metric against target, each with points drawn over time
    await tab.page.waitForFunction((c) => document.querySelectorAll(`${c} .chart[data-samples]`).length === 2, card, { timeout: 5000 });
    await tab.page.waitForFunction((c) => Number(document.querySelector(`${c} .chart:last-child`)?.getAttribute('data-samples')) >= 3, card, { timeout: 10_000 });
    expect(await tab.page.locator(`${card} .chart .u-legend`).first().textContent()).toContain('desired');
    expect(await tab.page.locator(`${card} .chart`).last().textContent()).toContain('cpu target');
    // the scale-up shows in the chart: wait for it before the screenshot
    await poll(async () => ((await getJson(['-n', ns, 'deployment', 'api'])).spec.replicas > 1 ? true : undefined), 30_000, 'the HPA to scale api up');
    await tab.page.waitForTimeout(2500);
    expect(tab.errors).toEqual([]);
    await shoot('dashboard-hpa.png');
  }, 120_000);

  it('CPU throttling per pod: a pod limited to 500m that wants 800m is throttled in every period, on its view and the overview', async () => {
    const limits = { cpu: '500m', memory: '256Mi' };
    const busy = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'busy', annotations: { 'kubeflare.dev/cpu-demand': '800m' } },
      spec: { ...onPool(pool), containers: [{ name: 'app', image: 'nginx:1.25', resources: { requests: limits, limits } }] },
    };
    await kubectl(['-n', ns, 'apply', '-f', '-'], { stdin: manifest(busy) });
    await open(`#/pod/${ns}/busy`);
    await tab.page.waitForFunction(() => document.querySelector('.throttled-share')?.textContent === '100%', undefined, { timeout: 30_000 });
    // a placed pod's scheduling: the scheduler's own record, its node selected
    const placedOn = (await getJson(['-n', ns, 'pod', 'busy'])).spec.nodeName;
    expect(await tab.page.textContent('.verdict')).toBe(`Selected node: ${placedOn}`);
    expect(await tab.page.locator('.filter-table .fail').count()).toBe(0);
    // the page reads what /metrics says: every period throttled
    const metrics = await (await fetch(`${url()}/metrics`)).text();
    const series = (name: string) => Number(metrics.split('\n').find((l) => l.startsWith(`${name}{`) && l.includes(`namespace="${ns}"`) && l.includes('pod="busy"'))?.split(' ')[1]);
    expect(series('container_cpu_cfs_throttled_periods_total')).toBe(series('container_cpu_cfs_periods_total'));
    // 500m granted, give or take the CFS periods that straddle a scrape
    const used = /CPU used (\d+)m of limit 500m/.exec((await tab.page.textContent('.throttling'))!);
    expect(Number(used?.[1])).toBeGreaterThan(400);
    expect(Number(used?.[1])).toBeLessThan(600);
    await tab.page.waitForFunction(() => Number(document.querySelector('.throttling .chart')?.getAttribute('data-samples')) >= 2, undefined, { timeout: 15_000 });
    expect(await tab.page.textContent('.burst')).toBe('–');
    expect(tab.errors).toEqual([]);

    // bursts: koordlet's CPU burst (policy auto) raises the quota of a throttled pod above its limit, step by step
    await kubectl(['create', 'namespace', 'koordinator-system'], { allowFail: true });
    const burstConfig = { nodeStrategies: [{ nodeSelector: { matchLabels: { 'kubeflare.dev/node-pool': pool } }, policy: 'none' }] };
    await kubectl(['-n', 'koordinator-system', 'apply', '-f', '-'], { stdin: manifest({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'slo-controller-config' }, data: { 'cpu-burst-config': JSON.stringify(burstConfig) } }) });
    try {
      const bursty = { ...busy, metadata: { name: 'bursty', annotations: { ...busy.metadata.annotations, 'koordinator.sh/cpuBurst': '{"policy":"auto"}' } } };
      await kubectl(['-n', ns, 'apply', '-f', '-'], { stdin: manifest(bursty) });
      await open(`#/pod/${ns}/bursty`);
      // 50000 µs ×1.2 ×1.2 ×1.2 = 86400 µs of quota per 100 ms period (test/e2e/resource-model.test.ts): 864m
      await tab.page.waitForFunction(() => document.querySelector('.burst')?.textContent?.startsWith('quota 864m'), undefined, { timeout: 30_000 });
      const quota = (await (await fetch(`${url()}/metrics`)).text()).split('\n').find((l) => l.startsWith('koordlet_container_scaled_cfs_quota_us{') && l.includes(`pod_namespace="${ns}"`) && l.includes('pod_name="bursty"'));
      expect(quota?.split(' ')[1]).toBe('86400');
      await tab.page.waitForFunction(() => Number(document.querySelector('.throttling .chart')?.getAttribute('data-samples')) >= 3, undefined, { timeout: 15_000 });
      expect(tab.errors).toEqual([]);
      await shoot('dashboard-throttling.png');

      // the overview lists the throttled pods, most throttled first
      await open('#/');
      await tab.page.waitForSelector(`table.throttled a[href="#/pod/${ns}/busy"]`, { timeout: 15_000 });
      expect(await tab.page.locator(`table.throttled tr:has(a[href="#/pod/${ns}/busy"])`).textContent()).toContain('100%');
      await tab.page.waitForTimeout(2500); // a few chart samples
      expect(tab.errors).toEqual([]);
      await shoot('dashboard.png');
    } finally {
      await kubectl(['-n', 'koordinator-system', 'delete', 'configmap', 'slo-controller-config', '--ignore-not-found'], { allowFail: true });
    }
  }, 90_000);

  it('the network view: every node with its pod subnet, and the path between two chosen pods with hops, MTU, latency and policy verdict', async () => {
    const pods: any[] = (await getJson(['-n', ns, 'pods', '-l', 'app=web'])).items;
    const [a, b] = [pods[0], pods.find((p) => p.spec.nodeName !== pods[0].spec.nodeName) ?? pods[1]];
    await open('#/network');
    for (const n of await getJson(['nodes', '-l', `kubeflare.dev/node-pool=${pool}`]).then((l) => l.items as any[])) {
      expect(await tab.page.locator(`table.subnets tr:has(a[href="#/node/${n.metadata.name}"])`).textContent()).toContain(n.spec.podCIDR);
    }
    await tab.page.selectOption('#path-from', `${ns}/${a.metadata.name}`);
    await tab.page.selectOption('#path-to', `${ns}/${b.metadata.name}`);
    await tab.page.click('#path-trace');
    await tab.page.waitForSelector('.path[data-verdict="Reachable"]', { timeout: 5000 });
    // the URL names the pair, so the path can be linked
    expect(new URL(tab.page.url()).hash).toBe(`#/network/${ns}/${a.metadata.name}/${ns}/${b.metadata.name}`);
    // the page shows what the API answers for the same question
    const spec = { from: { pod: a.metadata.name }, to: { pod: b.metadata.name } };
    const path = async () =>
      ((await (await fetch(`${url()}/apis/kubeflare.dev/v1alpha1/namespaces/${ns}/networkpaths`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ apiVersion: 'kubeflare.dev/v1alpha1', kind: 'NetworkPath', metadata: { name: 'p' }, spec }) })).json()) as any).status;
    const answer = await path();
    expect(await tab.page.textContent('.path-mtu')).toBe(String(answer.mtu));
    expect(await tab.page.textContent('.path-latency')).toBe(`${answer.latencyMicroseconds} µs`);
    expect(await tab.page.locator('table.hops tbody tr').count()).toBe(answer.hops.length);
    expect(await tab.page.textContent('.path-policy')).toBe('allowed');
    await shoot('dashboard-network.png');
    // a NetworkPolicy that isolates the destination's ingress: traced again, the path is denied and says by what
    const deny = { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'deny-ingress' }, spec: { podSelector: { matchLabels: { app: 'web' } }, policyTypes: ['Ingress'] } };
    await kubectl(['-n', ns, 'apply', '-f', '-'], { stdin: manifest(deny) });
    await tab.page.click('#path-trace');
    await tab.page.waitForSelector('.path[data-verdict="Denied"]', { timeout: 5000 });
    expect(await tab.page.textContent('.path-policy')).toBe('denied');
    expect(await tab.page.locator('table.policy').textContent()).toContain(`${ns}/deny-ingress`);
    expect((await path()).verdict).toBe('Denied');
    await kubectl(['-n', ns, 'delete', 'networkpolicy', 'deny-ingress']);
    expect(tab.errors).toEqual([]);
  });

  it('tabs share the browser six connections to the server: a hidden tab lets go of its watches, so a third tab loads and is live, and the first is live again when shown', async () => {
    // headless pages are always visible: a tab is hidden as the browser would hide it, by document.hidden and the event
    const setHidden = (p: WatchedPage, hidden: boolean) =>
      p.page.evaluate((h) => {
        const d = globalThis as unknown as { document: { dispatchEvent(e: unknown): void } };
        Object.defineProperty(d.document, 'hidden', { configurable: true, get: () => h });
        d.document.dispatchEvent(new (globalThis as unknown as { Event: new (t: string) => unknown }).Event('visibilitychange'));
      }, hidden);
    const tabs: WatchedPage[] = [];
    // the suite's own tab is one of them: hidden first, shown again at the end
    await setHidden(tab, true);
    await tab.page.waitForTimeout(2500);
    try {
      for (let i = 0; i < 3; i++) {
        const t = await browser.newPage();
        tabs.push(t);
        // five watches per tab: without letting go, the third tab's page would not even load
        await t.page.goto(`${url()}/#/namespace/${ns}`, { timeout: 10_000 });
        await t.page.waitForSelector('body[data-synced="true"]', { timeout: 10_000 });
        if (i < 2) {
          await setHidden(t, true);
          await t.page.waitForTimeout(2500); // it lets go two seconds after being hidden
        }
      }
      const [first, , third] = tabs as [WatchedPage, WatchedPage, WatchedPage];
      const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'tabs' }, spec: { ...onPool(pool), containers: [{ name: 'c', image: 'nginx:1.25' }] } };
      await kubectl(['-n', ns, 'apply', '-f', '-'], { stdin: manifest(pod) });
      const shown = (t: WatchedPage) => t.page.waitForSelector(`main a[href="#/pod/${ns}/tabs"]`, { timeout: 5000 });
      await shown(third);
      // the first tab, shown again, lists and watches anew: it has the pod created while it was hidden
      await setHidden(third, true);
      await third.page.waitForTimeout(2500);
      await setHidden(first, false);
      await shown(first);
      for (const t of tabs) expect(t.errors).toEqual([]);
    } finally {
      for (const t of tabs) await t.close();
      await setHidden(tab, false);
    }
    await open('#/');
    expect(tab.errors).toEqual([]);
  }, 60_000);

  it('without a token the page shows a sign-in form and asks the API nothing; a refused token is asked for again; cold load measured', async () => {
    const { chromium } = await import('playwright-core');
    // a browser of its own: the shared one signs every page in
    const bare = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
    try {
      const context = await bare.newContext({ ignoreHTTPSErrors: true });
      const page = await context.newPage();
      const apiCalls: string[] = [];
      const responses: { url: string; status: number }[] = [];
      page.on('request', (r) => {
        const path = new URL(r.url()).pathname;
        if (path.startsWith('/api') || path === '/metrics') apiCalls.push(`${r.method()} ${path}`);
      });
      page.on('response', (r) => responses.push({ url: new URL(r.url()).pathname, status: r.status() }));
      await page.goto(`${url()}/#/`);
      await page.waitForSelector('form.sign-in', { timeout: 5000 });
      await page.waitForTimeout(1000);
      expect(apiCalls).toEqual([]);
      expect(await page.textContent('main')).not.toContain(pool);
      expect(await page.locator('#nav a').count()).toBe(0);

      // a token the server refuses: one 401, then the form again, saying so
      await page.fill('#token', 'not-a-token');
      await Promise.all([page.waitForNavigation(), page.click('form.sign-in button[type="submit"]')]);
      await page.waitForSelector('form.sign-in .warning', { timeout: 5000 });
      expect(await page.textContent('form.sign-in .warning')).toContain('refused');
      expect(responses.filter((r) => r.url.startsWith('/api')).every((r) => r.status === 401)).toBe(true);

      // the admin token from the kubeconfig: the cluster appears
      await page.fill('#token', inject('adminToken'));
      await Promise.all([page.waitForNavigation(), page.click('form.sign-in button[type="submit"]')]);
      await page.waitForSelector(`[data-node="${pool}-0"]`, { timeout: 5000 });
      await context.close();

      // cold load: a new browser profile, nothing cached, signed in by the address `npm run dev` prints
      const loads: number[] = [];
      for (let i = 0; i < 3; i++) {
        const cold = await bare.newContext({ ignoreHTTPSErrors: true });
        const p = await cold.newPage();
        await p.goto(`${url()}/#token=${encodeURIComponent(inject('adminToken'))}`);
        await p.waitForSelector('body[data-synced-at]', { timeout: 5000 });
        loads.push(Number(await p.evaluate(() => document.body.dataset.syncedAt)));
        await cold.close();
      }
      console.log(`[e2e] dashboard: cold loads, navigation start to the whole cluster listed: ${loads.join(', ')} ms`);
      // 0.3–0.7 s on an idle 2-core machine; 1–2 s while other test runs keep both cores busy, hence the bound
      expect(Math.min(...loads)).toBeLessThan(2500);
    } finally {
      await bare.close();
    }
  }, 60_000);
});
