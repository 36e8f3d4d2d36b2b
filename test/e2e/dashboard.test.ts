// The dashboard at `/` in headless Chromium (issue 16): it loads with no console errors, shows the nodes by zone,
// shows a new Deployment's pods within a second of their creation, and explains a pending pod with the scheduler's
// filter table. UPDATE_SCREENSHOTS=1 saves the screenshots shown in the README under docs/.
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { cpu, memory } from '../../dashboard/src/model/format';
import { parseBytes, parseCpuMilli } from '../../shared/nodes/quantity';
import { webApp } from './support/fixtures';
import { CHROMIUM_MISSING, haveChromium, openBrowser, type WatchedPage } from './support/browser';
import { getJson, kubectl, manifest, newNamespace } from './support/kubectl';
import { applyPool, deletePools, onPool, poolName } from './support/node-pools';

// the functions passed to waitForFunction run in the page, where there is a DOM (this project's types have none)
declare const document: { querySelector(s: string): { textContent: string | null } | null; querySelectorAll(s: string): { length: number } };

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
    expect(tab.errors).toEqual([]);
    await open('#/');
    await tab.page.waitForFunction((p) => document.querySelectorAll(`[data-node^="${p}-"] .dot.Running`).length === 3, pool, { timeout: 5000 });
    await tab.page.waitForTimeout(2500); // a few chart samples
    await shoot('dashboard.png');
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
});
