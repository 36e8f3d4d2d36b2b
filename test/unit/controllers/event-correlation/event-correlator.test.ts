// Rows from client-go's tools/record/events_cache_test.go (TestEventCorrelator, TestEventSpamFilter,
// TestEventAggregatorByReason*), run against the pure correlator with the cluster time passed in.
import type { Event, ObjectReference } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import {
  AGGREGATE_MESSAGE_PREFIX,
  CORRELATION,
  aggregateKeys,
  correlateEvent,
  newCorrelatorState,
  takeToken,
  updateCorrelatorState,
  type Correlation,
} from '../../../../shared/controllers/event-correlation';
import { formatTime } from '../../../../shared/controllers/time';

const T0 = Date.UTC(2026, 0, 1);

const ref = (kind: string, name: string, namespace: string): ObjectReference => ({
  kind,
  name,
  namespace,
  uid: 'C934D34AFB20242',
  apiVersion: 'version',
  fieldPath: 'spec.containers{mycontainer}',
});

const makeEvent = (reason: string, message: string, involvedObject: ObjectReference): Event => ({
  metadata: { name: '', namespace: involvedObject.namespace },
  reason,
  message,
  involvedObject,
  source: { component: 'kubelet', host: 'kublet.node1' },
  count: 1,
  type: 'Normal',
});

const makeEvents = (n: number, e: Event) => Array.from({ length: n }, () => e);
const makeUniqueEvents = (n: number) => Array.from({ length: n }, (_, i) => makeEvent(`reason-${i}`, `message-${i}`, ref('Pod', `pod-${i}`, `ns-${i}`)));
const makeSimilarEvents = (n: number, e: Event, prefix: string) => makeEvents(n, e).map((x, i) => ({ ...x, message: `${prefix}-${i}-${x.message}` }));

const firstEvent = makeEvent('first', 'i am first', ref('Pod', 'my-pod', 'my-ns'));
const duplicateEvent = makeEvent('duplicate', 'me again', ref('Pod', 'my-pod', 'my-ns'));
const uniqueEvent = makeEvent('unique', 'snowflake', ref('Pod', 'my-pod', 'my-ns'));
const similarEvent = makeEvent('similar', 'similar message', { ...ref('Pod', 'my-pod', 'my-ns'), fieldPath: 'spec.containers{container1}' });
const aggregateEvent = { ...similarEvent, message: `${AGGREGATE_MESSAGE_PREFIX}${similarEvent.message}` };
const similarButDifferentContainerEvent = { ...similarEvent, involvedObject: { ...similarEvent.involvedObject, fieldPath: 'spec.containers{container2}' } };

/**
 * Plays `previous` then `next` through one correlator, `intervalSeconds` apart as upstream's IntervalClock
 * spaces them (it ticks three times per event: the test's timestamps, the aggregator, the spam filter).
 * Each event carries a fresh name, as the recorder gives it; a written event updates the state, as
 * upstream's test calls UpdateState.
 */
function play(previous: Event[], next: Event, intervalSeconds: number): Correlation {
  const state = newCorrelatorState();
  let i = 0;
  const correlate = (e: Event) => {
    const now = T0 + i * 3 * intervalSeconds * 1000;
    const stamped = { ...e, metadata: { ...e.metadata, name: `${e.involvedObject.name}.${i.toString(16)}` }, firstTimestamp: formatTime(now), lastTimestamp: formatTime(now) };
    i++;
    return correlateEvent(state, stamped, now);
  };
  for (const e of previous) {
    const r = correlate(e);
    if (r.kind !== 'drop') updateCorrelatorState(state, r.event);
  }
  return correlate(next);
}

const MAX = CORRELATION.aggregateMaxEvents;

describe('correlateEvent (TestEventCorrelator)', () => {
  const rows: { name: string; previous: Event[]; next: Event; interval: number; expected?: { event: Event; count: number } }[] = [
    { name: 'create-a-single-event', previous: [], next: firstEvent, interval: 5, expected: { event: firstEvent, count: 1 } },
    { name: 'the-same-event-should-just-count', previous: makeEvents(1, duplicateEvent), next: duplicateEvent, interval: 5, expected: { event: duplicateEvent, count: 2 } },
    {
      name: 'the-same-event-should-just-count-even-if-more-than-aggregate',
      previous: makeEvents(MAX, duplicateEvent),
      next: duplicateEvent,
      interval: 30,
      expected: { event: duplicateEvent, count: MAX + 1 },
    },
    { name: 'the-same-event-is-spam-if-happens-too-frequently', previous: makeEvents(CORRELATION.spamBurst + 1, duplicateEvent), next: duplicateEvent, interval: 1 },
    { name: 'create-many-unique-events', previous: makeUniqueEvents(30), next: uniqueEvent, interval: 5, expected: { event: uniqueEvent, count: 1 } },
    {
      name: 'similar-events-should-aggregate-event',
      previous: makeSimilarEvents(MAX - 1, similarEvent, similarEvent.message!),
      next: similarEvent,
      interval: 5,
      expected: { event: aggregateEvent, count: 1 },
    },
    {
      name: 'similar-events-many-times-should-count-the-aggregate',
      previous: makeSimilarEvents(MAX, similarEvent, similarEvent.message!),
      next: similarEvent,
      interval: 5,
      expected: { event: aggregateEvent, count: 2 },
    },
    {
      name: 'events-from-different-containers-do-not-aggregate',
      previous: makeEvents(1, similarButDifferentContainerEvent),
      next: similarEvent,
      interval: 5,
      expected: { event: similarEvent, count: 1 },
    },
    {
      name: 'similar-events-whose-interval-is-greater-than-aggregate-interval-do-not-aggregate',
      previous: makeSimilarEvents(MAX - 1, similarEvent, similarEvent.message!),
      next: similarEvent,
      interval: CORRELATION.aggregateIntervalMs / 1000,
      expected: { event: similarEvent, count: 1 },
    },
  ];

  for (const row of rows) {
    it(row.name, () => {
      const r = play(row.previous, row.next, row.interval);
      if (!row.expected) {
        expect(r.kind).toBe('drop');
        return;
      }
      if (r.kind === 'drop') throw new Error('dropped');
      const { event, count } = row.expected;
      expect(r.kind).toBe(count > 1 ? 'patch' : 'create');
      expect({ reason: r.event.reason, message: r.event.message, involvedObject: r.event.involvedObject, source: r.event.source, type: r.event.type, count: r.event.count }).toEqual({
        reason: event.reason,
        message: event.message,
        involvedObject: event.involvedObject,
        source: event.source,
        type: event.type,
        count,
      });
      // validateEvent: first and last time differ exactly when the event was compressed
      expect(r.event.firstTimestamp !== r.event.lastTimestamp).toBe(count > 1);
      if (r.kind === 'patch') expect(r.patch).toEqual({ count, lastTimestamp: r.event.lastTimestamp, message: event.message });
    });
  }

  it('a repeat keeps the first Event: its name and first time, with the count one higher', () => {
    const state = newCorrelatorState();
    const at = (i: number, name: string) => ({ ...duplicateEvent, metadata: { name, namespace: 'my-ns' }, firstTimestamp: formatTime(T0 + i * 1000), lastTimestamp: formatTime(T0 + i * 1000) });
    expect(correlateEvent(state, at(0, 'my-pod.a'), T0)).toMatchObject({ kind: 'create', event: { metadata: { name: 'my-pod.a' }, count: 1 } });
    const again = correlateEvent(state, at(7, 'my-pod.b'), T0 + 7000);
    expect(again).toMatchObject({ kind: 'patch', event: { metadata: { name: 'my-pod.a' }, count: 2, firstTimestamp: formatTime(T0), lastTimestamp: formatTime(T0 + 7000) } });
  });
});

describe('the aggregator (TestEventAggregatorByReasonFunc, TestEventAggregatorByReasonMessageFunc)', () => {
  it('two events varying only by message share an aggregate key, not a local key; another reason does not', () => {
    const e1 = makeEvent('end-of-world', 'it was fun', ref('Pod', 'pod1', 'other'));
    const e2 = makeEvent('end-of-world', 'it was awful', ref('Pod', 'pod1', 'other'));
    const e3 = makeEvent('nevermind', 'it was a bug', ref('Pod', 'pod1', 'other'));
    expect(aggregateKeys(e1).aggregateKey).toBe(aggregateKeys(e2).aggregateKey);
    expect(aggregateKeys(e1).localKey).not.toBe(aggregateKeys(e2).localKey);
    expect(aggregateKeys(e1).aggregateKey).not.toBe(aggregateKeys(e3).aggregateKey);
  });

  it('the tenth similar event within 10 minutes is combined: a new Event at now with the prefixed message', () => {
    const state = newCorrelatorState();
    const results = makeSimilarEvents(MAX, similarEvent, 'm').map((e, i) => correlateEvent(state, { ...e, metadata: { name: `my-pod.${i}` } }, T0 + i * 1000));
    expect(results.slice(0, MAX - 1).every((r) => r.kind === 'create')).toBe(true);
    const combined = results[MAX - 1]!;
    expect(combined).toMatchObject({ kind: 'create', event: { metadata: { name: `my-pod.${MAX - 1}` }, count: 1, message: `${AGGREGATE_MESSAGE_PREFIX}m-${MAX - 1}-similar message` } });
    expect(combined.kind !== 'drop' && combined.event.firstTimestamp).toBe(formatTime(T0 + (MAX - 1) * 1000));
    // the next similar event counts on the combined one, with its own message
    const next = correlateEvent(state, { ...similarEvent, message: 'another', metadata: { name: 'my-pod.x' } }, T0 + MAX * 1000);
    expect(next).toMatchObject({ kind: 'patch', event: { metadata: { name: `my-pod.${MAX - 1}` } }, patch: { count: 2, message: `${AGGREGATE_MESSAGE_PREFIX}another` } });
  });
});

describe('the spam filter (TestEventSpamFilter)', () => {
  it('a source may burst 25 events about one object, then one per 5 minutes, whatever the reason', () => {
    const state = newCorrelatorState();
    const kinds = Array.from({ length: 26 }, (_, i) => correlateEvent(state, { ...makeEvent(`r${i}`, 'm', ref('Pod', 'p', 'ns')), metadata: { name: `p.${i}` } }, T0).kind);
    expect(kinds.filter((k) => k === 'create')).toHaveLength(25);
    expect(kinds[25]).toBe('drop');
    expect(correlateEvent(state, { ...makeEvent('later', 'm', ref('Pod', 'p', 'ns')), metadata: { name: 'p.x' } }, T0 + 299_000).kind).toBe('drop');
    // the dropped one was still observed, as upstream's logger observes before the filter: this patches it
    // (and the recorder creates it, as the patch finds no such Event)
    expect(correlateEvent(state, { ...makeEvent('later', 'm', ref('Pod', 'p', 'ns')), metadata: { name: 'p.y' } }, T0 + 300_000)).toMatchObject({
      kind: 'patch',
      event: { metadata: { name: 'p.x' } },
      patch: { count: 2 },
    });
    // another object has its own bucket
    expect(correlateEvent(state, { ...makeEvent('r', 'm', ref('Pod', 'q', 'ns')), metadata: { name: 'q.0' } }, T0).kind).toBe('create');
  });

  it('burst 1: the second event about the same object is spam (the default key ignores the reason)', () => {
    const first = takeToken(undefined, T0, 1);
    expect(first.allowed).toBe(true);
    expect(takeToken(first.bucket, T0 + 2000, 1).allowed).toBe(false);
  });

  it('a skipped event still counts: the next one written carries the count of every one seen', () => {
    const state = newCorrelatorState();
    const e = (i: number) => ({ ...duplicateEvent, metadata: { name: `my-pod.${i}` } });
    for (let i = 0; i < 25; i++) correlateEvent(state, e(i), T0);
    expect(correlateEvent(state, e(25), T0).kind).toBe('drop');
    expect(correlateEvent(state, e(26), T0 + 300_000)).toMatchObject({ kind: 'patch', patch: { count: 27 } });
  });
});

describe('the caches', () => {
  it('hold 4096 entries each: the least recently used event is forgotten, and its repeat is a new Event', () => {
    const state = newCorrelatorState();
    const unique = (i: number) => ({ ...makeEvent('r', `m${i}`, ref('Pod', `p${i}`, 'ns')), metadata: { name: `p${i}.0` } });
    correlateEvent(state, unique(0), T0);
    correlateEvent(state, unique(1), T0);
    for (let i = 2; i <= CORRELATION.lruEntries; i++) correlateEvent(state, unique(i), T0);
    expect(state.logs.size).toBe(CORRELATION.lruEntries);
    expect(correlateEvent(state, { ...unique(0), metadata: { name: 'p0.1' } }, T0)).toMatchObject({ kind: 'create', event: { metadata: { name: 'p0.1' } } });
    // p0's entry pushed out p1's, the least recently used
    expect(correlateEvent(state, { ...unique(2), metadata: { name: 'p2.1' } }, T0)).toMatchObject({ kind: 'patch', event: { metadata: { name: 'p2.0' } } });
    expect(correlateEvent(state, { ...unique(1), metadata: { name: 'p1.1' } }, T0)).toMatchObject({ kind: 'create' });
  });
});
