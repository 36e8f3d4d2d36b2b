// One watcher of one store's ConfigMaps, as an informer would run it: it resumes from the last
// resourceVersion it saw whenever the stream ends (server restarted or killed) and relists on 410 Gone.
// It records what it saw for checkWatchHistory.
import { request as httpRequest, type ClientRequest } from 'node:http';
import type { WatchRecord } from '../../shared/testing/watch-history';
import type { Figures } from './figures';
import { send } from './http';
import type { ServerUnderTest } from './server';

type Items = Record<string, { value: string; rv: number }>;

/** A list of the namespace's ConfigMaps as the checks want it: name → value and rv, and the list's rv. */
export async function listStore(server: ServerUnderTest, ns: string): Promise<{ rv: number; items: Items; objects: any[] }> {
  for (let attempt = 0; ; attempt++) {
    await server.up();
    const r = await send(server.url, 'GET', `/api/v1/namespaces/${ns}/configmaps`, { timeoutMs: 30_000 });
    if (r.ok && r.status === 200) {
      const items: Items = {};
      for (const o of r.body.items) items[o.metadata.name] = { value: o.data?.v, rv: Number(o.metadata.resourceVersion) };
      return { rv: Number(r.body.metadata.resourceVersion), items, objects: r.body.items };
    }
    if (attempt > 20) throw new Error(`listing ${ns} failed: ${r.ok ? `${r.status} ${r.text}` : r.error}`);
    await new Promise((res) => setTimeout(res, 250));
  }
}

export class StoreWatcher {
  readonly records: WatchRecord[] = [];
  /** Problems with the stream itself (unparseable lines, unexpected ERROR events). */
  readonly problems: string[] = [];
  lastRv: number;
  private req?: ClientRequest;
  private stopping = false;
  private loop?: Promise<void>;
  private waiters: { rv: number; resolve: () => void }[] = [];

  constructor(
    private readonly server: ServerUnderTest,
    private readonly ns: string,
    private readonly figures: Figures,
    startRv: number,
  ) {
    this.lastRv = startRv;
  }

  start(): void {
    this.loop = this.run();
  }

  /** Resolves once an event (or relist) at `rv` or later was seen; false after `timeoutMs`. */
  caughtUp(rv: number, timeoutMs: number): Promise<boolean> {
    if (this.lastRv >= rv) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      this.waiters.push({ rv, resolve: () => (clearTimeout(timer), resolve(true)) });
    });
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.req?.destroy();
    await this.loop;
  }

  private seen(rv: number): void {
    this.lastRv = Math.max(this.lastRv, rv);
    this.waiters = this.waiters.filter((w) => (w.rv <= this.lastRv ? (w.resolve(), false) : true));
  }

  private async run(): Promise<void> {
    let first = true;
    while (!this.stopping) {
      await this.server.up();
      if (!first) this.figures.watchReconnects++;
      first = false;
      const outcome = await this.stream();
      if (outcome === 'gone') {
        this.figures.watchRelists++;
        const list = await listStore(this.server, this.ns).catch(() => undefined);
        if (list) {
          this.records.push({ type: 'RELIST', rv: list.rv, items: list.items });
          this.seen(list.rv);
        }
      }
      if (!this.stopping) await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** One watch request from lastRv until the stream ends. */
  private stream(): Promise<'ended' | 'gone'> {
    const u = new URL(this.server.url);
    const path = `/api/v1/namespaces/${this.ns}/configmaps?watch=1&resourceVersion=${this.lastRv}&timeoutSeconds=3600`;
    return new Promise((resolve) => {
      let buf = '';
      let gone = false;
      const req = httpRequest({ host: u.hostname, port: u.port, path, headers: { accept: 'application/json' } }, (res) => {
        if (res.statusCode === 410) gone = true;
        else if (res.statusCode !== 200) this.problems.push(`watch from ${this.lastRv} answered ${res.statusCode}`);
        res.setEncoding('utf8');
        res.on('data', (d: string) => {
          buf += d;
          for (let nl = buf.indexOf('\n'); nl >= 0; nl = buf.indexOf('\n')) {
            const line = buf.slice(0, nl).trim();
            buf = buf.slice(nl + 1);
            if (line && this.line(line) === 'gone') {
              gone = true;
              req.destroy();
            }
          }
        });
        res.on('end', () => resolve(gone ? 'gone' : 'ended'));
        res.on('error', () => resolve(gone ? 'gone' : 'ended'));
      });
      req.on('error', () => resolve(gone ? 'gone' : 'ended'));
      req.end();
      this.req = req;
    });
  }

  private line(line: string): 'gone' | undefined {
    let ev: any;
    try {
      ev = JSON.parse(line);
    } catch {
      this.problems.push(`unparseable watch line: ${line.slice(0, 200)}`);
      return;
    }
    if (ev.type === 'ERROR') {
      if (ev.object?.code === 410) return 'gone';
      this.problems.push(`ERROR event: ${line.slice(0, 300)}`);
      return;
    }
    if (ev.type === 'BOOKMARK') return;
    const o = ev.object;
    const rv = Number(o?.metadata?.resourceVersion);
    this.records.push({ type: ev.type, key: o?.metadata?.name, value: o?.data?.v, rv });
    this.figures.watchEvents++;
    this.seen(rv);
  }
}
