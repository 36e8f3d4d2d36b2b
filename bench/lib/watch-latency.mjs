// Watch delivery latency: a writer stamps each ConfigMap with the time it sends the create; a
// watch client on the same clock (same process) records when the ADDED event arrives.
import { request, requestJson, streamLines } from './http-client.mjs';
import { runPool, summarize } from './stats.mjs';
import { configMap } from './targets.mjs';

/**
 * Opens `GET .../configmaps?watch=true&resourceVersion=RV` on a fresh namespace, then creates
 * `events` ConfigMaps at `concurrency` in flight.
 * - send→watch: writer's send time (in the object) to event arrival; an upper bound on
 *   commit→watch, as it includes the create request's trip to the store.
 * - ack→watch: create response received to event arrival; negative when the event beats the response.
 */
export async function measureWatch(api, { namespace, events, concurrency, timeoutMs = 15_000 }) {
  await api.prepare([namespace]);
  const base = `${api.baseUrl}/api/v1/namespaces/${namespace}/configmaps`;
  const list = await requestJson(api.agent, 'GET', `${base}?limit=1`);
  const received = new Map();
  let other = 0;
  let allIn;
  const done = new Promise((r) => (allIn = r));
  const watch = await streamLines(`${base}?watch=true&resourceVersion=${list.metadata.resourceVersion}`, (line, at) => {
    const ev = JSON.parse(line);
    const sentAt = Number(ev.object?.data?.sentAt);
    if (ev.type !== 'ADDED' || !Number.isFinite(sentAt)) return void other++;
    received.set(ev.object.metadata.name, { at, sentAt });
    if (received.size >= events) allIn();
  });
  const acked = new Map();
  const writes = await runPool(
    Array.from({ length: events }, (_, i) => async () => {
      const name = `w-${String(i).padStart(5, '0')}`;
      const sentAt = performance.now();
      const r = await request(api.agent, 'POST', base, JSON.stringify(configMap(namespace, name, { sentAt: String(sentAt) })));
      acked.set(name, performance.now());
      return r.status;
    }),
    concurrency,
  );
  const timer = new Promise((r) => setTimeout(r, timeoutMs).unref());
  await Promise.race([done, timer]);
  watch.close();
  const sendToWatch = [];
  const ackToWatch = [];
  for (const [name, { at, sentAt }] of received) {
    sendToWatch.push(at - sentAt);
    if (acked.has(name)) ackToWatch.push(at - acked.get(name));
  }
  return {
    concurrency,
    events,
    received: received.size,
    missing: events - received.size,
    otherEvents: other,
    writes: { ...writes, samples: undefined },
    sendToWatch: summarize(sendToWatch, 0),
    ackToWatch: summarize(ackToWatch, 0),
    beforeAck: ackToWatch.filter((d) => d < 0).length,
  };
}
