// Turns results into aligned text tables and PASS/MISS verdicts against the goals.

/** The goals the lead set (docs/benchmarks.md explains them). */
export const GOALS = {
  createVsCeiling: 0.8, // API create throughput / bare DO ceiling, at least
  createP99Ms: 25, // API create p99 at the highest concurrency, at most
  watchP99Ms: 20, // watch delivery p99, at most
};

const ms = (v) => (Number.isFinite(v) ? (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2)) : '—');
const rate = (v) => (Number.isFinite(v) ? v.toFixed(0) : '—');
const ratio = (v) => (Number.isFinite(v) ? v.toFixed(2) : '—');

/** Renders rows as an aligned table; numeric-looking cells align right. */
export function table(headers, rows) {
  const all = [headers, ...rows].map((r) => r.map((c) => String(c ?? '')));
  const widths = headers.map((_, i) => Math.max(...all.map((r) => r[i].length)));
  const numeric = (s) => /^[-+—0-9.x%]+$/.test(s) && s !== '';
  const line = (r) => r.map((c, i) => (numeric(c) ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd();
  return [line(all[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...all.slice(1).map(line)].join('\n');
}

function phase(results, target, key, op) {
  return results[target]?.scenarios?.[key]?.[op];
}

/** The side-by-side table: one row per op × concurrency × namespaces, one column group per target. */
export function storeTable(results, scenarios) {
  const targets = ['api', 'ceiling', 'etcd'];
  const headers = ['op', 'conc', 'ns', 'items'];
  for (const t of targets) headers.push(`${t} p50`, `${t} p99`, `${t} ops/s`);
  headers.push('api/ceiling', 'api/etcd');
  const rows = [];
  for (const op of ['create', 'get', 'list']) {
    for (const s of scenarios) {
      const api = phase(results, 'api', s.key, op);
      const row = [op, s.concurrency, s.namespaces, op === 'list' ? Math.min(s.limit, Math.ceil(s.count / s.namespaces)) : 1];
      for (const t of targets) {
        const p = phase(results, t, s.key, op);
        row.push(ms(p?.p50), ms(p?.p99), rate(p?.opsPerSec) + (p?.errors ? ` (${p.errors} err)` : ''));
      }
      row.push(ratio(results.ratios?.[s.key]?.[op]?.ceiling));
      row.push(ratio(results.ratios?.[s.key]?.[op]?.etcd));
      rows.push(row);
    }
  }
  return table(headers, rows);
}

/**
 * Server CPU per request, in ms: the whole server process tree, and without wrangler dev's entry
 * proxy (the workerd runtime that hosts the Worker and its Durable Objects, as in production).
 */
export function cpuTable(results, scenarios) {
  const cpu = (t, k, op, f = 'cpuMsPerOp') => phase(results, t, k, op)?.[f];
  const rows = [];
  for (const op of ['create', 'get', 'list']) {
    for (const s of scenarios) {
      const [a, c] = [cpu('api', s.key, op, 'runtimeCpuMsPerOp'), cpu('ceiling', s.key, op, 'runtimeCpuMsPerOp')];
      rows.push([op, s.concurrency, s.namespaces, ms(cpu('api', s.key, op)), ms(a), ms(cpu('ceiling', s.key, op)), ms(c), ms(cpu('etcd', s.key, op)), ratio(a / c), ms(cpu('api', s.key, op, 'clientCpuMsPerOp'))]);
    }
  }
  return table(['op', 'conc', 'ns', 'api all', 'api runtime', 'ceiling all', 'ceiling runtime', 'etcd', 'runtime api/ceiling', 'bench client'], rows);
}

/** Watch delivery, one row per writer concurrency. */
export function watchTable(watch) {
  const rows = watch.map((w) => [
    w.concurrency,
    `${w.received}/${w.events}`,
    ms(w.sendToWatch.p50),
    ms(w.sendToWatch.p99),
    ms(w.sendToWatch.max),
    ms(w.ackToWatch.p50),
    ms(w.ackToWatch.p99),
    `${w.beforeAck}`,
    ms(w.writes.p99),
  ]);
  return table(['writer conc', 'events', 'send→watch p50', 'p99', 'max', 'ack→watch p50', 'p99', 'before ack', 'create p99'], rows);
}

/**
 * The verdicts: create throughput vs the ceiling for every scenario, create p99 at the highest
 * concurrency, watch p99 for every writer concurrency, and API vs etcd (informational).
 * @returns {Array<{ what: string, value: number, goal: string, verdict: 'PASS' | 'MISS' | 'info' | 'n/a' }>}
 */
export function verdicts(results, scenarios) {
  const out = [];
  const top = Math.max(...scenarios.map((s) => s.concurrency));
  for (const s of scenarios) {
    const r = results.ratios?.[s.key]?.create?.ceiling;
    out.push({ what: `create throughput API / bare DO (c=${s.concurrency}, ${s.namespaces} ns)`, value: r, shown: ratio(r), goal: `≥ ${GOALS.createVsCeiling}`, verdict: !Number.isFinite(r) ? 'n/a' : r >= GOALS.createVsCeiling ? 'PASS' : 'MISS' });
  }
  for (const s of scenarios.filter((x) => x.concurrency === top)) {
    const p = phase(results, 'api', s.key, 'create')?.p99;
    out.push({ what: `API create p99 (c=${s.concurrency}, ${s.namespaces} ns)`, value: p, shown: `${ms(p)} ms`, goal: `≤ ${GOALS.createP99Ms} ms`, verdict: !Number.isFinite(p) ? 'n/a' : p <= GOALS.createP99Ms ? 'PASS' : 'MISS' });
  }
  // The goal is judged on the calmest writer: under load send→watch also holds the create's own
  // queueing, so busier runs are shown as bounds (commit→watch lies between ack→watch and send→watch).
  const calm = Math.min(...(results.watch ?? []).map((w) => w.concurrency));
  for (const w of results.watch ?? []) {
    const p = w.sendToWatch.p99;
    const lost = w.missing ? ` (${w.missing} lost)` : '';
    if (w.concurrency === calm) {
      const ok = Number.isFinite(p) && p <= GOALS.watchP99Ms && w.missing === 0;
      out.push({ what: `watch delivery p99, send→watch (writer c=${w.concurrency})`, value: p, shown: `${ms(p)} ms${lost}`, goal: `≤ ${GOALS.watchP99Ms} ms`, verdict: !Number.isFinite(p) ? 'n/a' : ok ? 'PASS' : 'MISS' });
    } else {
      out.push({ what: `watch delivery p99, ack→watch..send→watch (writer c=${w.concurrency})`, value: p, shown: `${ms(w.ackToWatch.p99)}..${ms(p)} ms${lost}`, goal: '(load)', verdict: 'info' });
    }
  }
  for (const s of scenarios) {
    const r = results.ratios?.[s.key]?.create?.etcd;
    out.push({ what: `create throughput API / etcd (c=${s.concurrency}, ${s.namespaces} ns)`, value: r, shown: ratio(r), goal: '(peer)', verdict: Number.isFinite(r) ? 'info' : 'n/a' });
  }
  return out;
}

export function verdictTable(rows) {
  return table(['measure', 'value', 'goal', 'verdict'], rows.map((r) => [r.what, r.shown, r.goal, r.verdict]));
}
