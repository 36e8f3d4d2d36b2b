// Latency and throughput summaries.

/** The q-quantile (0..1) of sorted values, nearest-rank. */
export function quantile(sorted, q) {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil(q * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

/**
 * Summarises one measured phase.
 * @param {number[]} latencies ms per successful request
 * @param {number} wallMs the phase's wall-clock time
 * @param {number} errors failed requests
 */
export function summarize(latencies, wallMs, errors = 0) {
  const s = [...latencies].sort((a, b) => a - b);
  return {
    n: s.length,
    errors,
    p50: quantile(s, 0.5),
    p90: quantile(s, 0.9),
    p99: quantile(s, 0.99),
    max: s.length ? s[s.length - 1] : NaN,
    mean: s.length ? s.reduce((a, b) => a + b, 0) / s.length : NaN,
    opsPerSec: wallMs > 0 ? (s.length / wallMs) * 1000 : NaN,
    wallMs,
  };
}

/**
 * Runs ops with at most `concurrency` in flight, each timed from send to last body byte.
 * An op resolves to an HTTP status (2xx counts as success) or throws.
 * @param {Array<() => Promise<number>>} ops
 */
export async function runPool(ops, concurrency) {
  const latencies = [];
  let errors = 0;
  let firstError;
  let next = 0;
  const worker = async () => {
    while (next < ops.length) {
      const op = ops[next++];
      const t0 = performance.now();
      try {
        const status = await op();
        if (status >= 200 && status < 300) latencies.push(performance.now() - t0);
        else {
          errors++;
          firstError ??= `HTTP ${status}`;
        }
      } catch (e) {
        errors++;
        firstError ??= String(e);
      }
    }
  };
  const start = performance.now();
  await Promise.all(Array.from({ length: Math.min(concurrency, ops.length) }, worker));
  const result = summarize(latencies, performance.now() - start, errors);
  if (firstError) result.firstError = firstError;
  return { ...result, samples: latencies };
}

/** The median of numbers (NaN when empty); used across rounds, where it shrugs off a noisy round. */
export function median(values) {
  const s = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (!s.length) return NaN;
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * Combines one phase's rounds: p50, p99, throughput and CPU per request are the medians of the
 * rounds' figures (robust to a round that collided with other load on the machine); `pooled` keeps
 * the all-samples view, worst rounds included.
 */
export function aggregate(phases) {
  const samples = phases.flatMap((p) => p.samples);
  const wall = phases.reduce((a, p) => a + p.wallMs, 0);
  const pooled = summarize(samples, wall);
  const result = {
    n: samples.length,
    errors: phases.reduce((a, p) => a + p.errors, 0),
    p50: median(phases.map((p) => p.p50)),
    p99: median(phases.map((p) => p.p99)),
    opsPerSec: median(phases.map((p) => p.opsPerSec)),
    cpuMsPerOp: median(phases.map((p) => p.cpuMsPerOp)),
    runtimeCpuMsPerOp: median(phases.map((p) => p.runtimeCpuMsPerOp)),
    clientCpuMsPerOp: median(phases.map((p) => p.clientCpuMsPerOp)),
    rounds: phases.map((p) => Math.round(p.opsPerSec)),
    pooled: { p50: pooled.p50, p99: pooled.p99, max: pooled.max, opsPerSec: pooled.opsPerSec },
  };
  const firstError = phases.find((p) => p.firstError)?.firstError;
  if (firstError) result.firstError = firstError;
  return result;
}
