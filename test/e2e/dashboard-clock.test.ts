// The dashboard's cluster clock controls (issue 16) on a private `wrangler dev`: the shared server's clock must keep
// real time for the other files. The header shows cluster time and pace; its speed, pause and step controls write
// the ClusterClock `cluster` with the page's token, which `kubectl get clusterclock` then shows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clusterTimeText } from '../../dashboard/src/model/clock-display';
import { clockStateOf } from '../../shared/clock/clock-object';
import { clusterTimeAt } from '../../shared/clock/cluster-clock';
import { CHROMIUM_MISSING, haveChromium, openBrowser, type WatchedPage } from './support/browser';
import { poll, tableRows } from './support/kubectl';
import { useOwnServer } from './support/own-server';

declare const document: { querySelector(s: string): { textContent: string | null } | null };

const server = useOwnServer('dash-clock', { skip: !haveChromium });
const { kubectl, getJson } = server;
let browser: Awaited<ReturnType<typeof openBrowser>>;
let tab: WatchedPage;
if (!haveChromium) console.warn(`[e2e] dashboard clock: ${CHROMIUM_MISSING}`);

/** `kubectl get clusterclock cluster`: NAME SPEED PAUSED TIME AGE. */
async function clockRow(): Promise<string[]> {
  return tableRows((await kubectl(['get', 'clusterclock', 'cluster'])).stdout)[1]!;
}
const text = (selector: string) => tab.page.textContent(selector);

describe.skipIf(!haveChromium)('dashboard: the cluster clock controls', () => {
  beforeAll(async () => {
    browser = await openBrowser();
    tab = await browser.newPage();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
  });

  it('shows cluster time and pace, and its speed, pause and step controls change the ClusterClock', async () => {
    // signed in by the address `npm run dev` prints (the token then leaves the address bar)
    await tab.page.goto(`${server.url}/#token=${encodeURIComponent(server.adminToken)}`);
    // a fresh server's stores start on first use: the first listing may take a while on a loaded machine
    await tab.page.waitForSelector('body[data-synced="true"]', { timeout: 30_000 });
    expect(new URL(tab.page.url()).hash).toBe('');
    await tab.page.waitForSelector('#clock:not([hidden])', { timeout: 3000 });
    expect(await text('#clock-pace')).toBe('real time');

    // speed: the page writes spec.speed (creating the clock on a fresh cluster), kubectl sees it; the clock may run
    // slower than asked while the loops catch up (spec.keepUp), and the header says so
    expect(await tab.page.locator('#clock-speed').inputValue()).toBe('1');
    await tab.page.selectOption('#clock-speed', '60');
    const fast = await poll(async () => {
      const c = await getJson(['clusterclock', 'cluster']);
      return c.spec.speed === 60 ? c : undefined;
    }, 10_000, 'spec.speed 60');
    expect(Number((await clockRow())[1])).toBeGreaterThan(1);
    expect(fast.status.speed).toBeGreaterThan(1);
    await tab.page.waitForFunction(() => /^×\d+/.test(document.querySelector('#clock-pace')?.textContent ?? ''), undefined, { timeout: 3000 });
    expect(await tab.page.locator('#clock-speed').inputValue()).toBe('60');
    // the header's cluster time runs at the speed in effect: what the clock object says it is now, to the second
    // the header was last drawn (it is redrawn every second)
    const shown = Date.parse((await text('#clock-time'))!.replace(' UTC', 'Z').replace(' ', 'T'));
    const state = clockStateOf(await getJson(['clusterclock', 'cluster']), Date.now());
    const expected = clusterTimeAt(state, Date.now());
    expect(shown).toBeGreaterThan(expected - 2000 * state.speed);
    expect(shown).toBeLessThanOrEqual(expected + 1000);

    // pause: stepped mode; the time stands still
    await tab.page.click('#clock-pause');
    await poll(async () => ((await clockRow())[2] === 'true' ? true : undefined), 10_000, 'PAUSED true');
    await tab.page.waitForFunction(() => document.querySelector('#clock-pace')?.textContent === 'paused', undefined, { timeout: 3000 });
    expect(await text('#clock-pause')).toBe('Run');
    const paused = await getJson(['clusterclock', 'cluster']);
    const frozen = clusterTimeAt(clockStateOf(paused, Date.now()), Date.now());
    await tab.page.waitForTimeout(1100);
    expect(await text('#clock-time')).toBe(clusterTimeText(frozen));

    // step: spec.advance moves cluster time forward by exactly the step, and the header shows it
    await tab.page.selectOption('#clock-step', '1h');
    await tab.page.click('#clock-advance');
    const stepped = await poll(async () => {
      const c = await getJson(['clusterclock', 'cluster']);
      return c.status.clusterAnchor > paused.status.clusterAnchor ? c : undefined;
    }, 10_000, 'the clock advanced');
    expect(stepped.status.clusterAnchor - paused.status.clusterAnchor).toBe(3_600_000);
    expect(stepped.spec.advance).toBeUndefined();
    await tab.page.waitForFunction((t) => document.querySelector('#clock-time')?.textContent === t, clusterTimeText(stepped.status.clusterAnchor), { timeout: 3000 });

    // run again at the chosen speed, then back to real time
    await tab.page.click('#clock-pause');
    await poll(async () => ((await clockRow())[2] === 'false' ? true : undefined), 10_000, 'PAUSED false');
    await tab.page.selectOption('#clock-speed', '1');
    await poll(async () => ((await clockRow())[1] === '1' ? true : undefined), 10_000, 'SPEED 1');
    await tab.page.waitForFunction(() => document.querySelector('#clock-pace')?.textContent === 'real time', undefined, { timeout: 3000 });
    expect(await text('#clock-error')).toBe('');
    expect(tab.errors).toEqual([]);
  }, 90_000);
});
