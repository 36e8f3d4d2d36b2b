// The history checker must accept every linearizable history and reject known anomalies: a lost update, a
// stale read, a resurrected delete, a counter that goes backwards. A brute-force search over all orders
// cross-checks it on thousands of random small histories.
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../shared/api/seeded-random';
import { checkLinearizable, type Model, type Operation } from '../../../shared/testing/linearizability';
import {
  checkResourceVersionOrder,
  kvModel,
  partitionKv,
  stepKv,
  type KvInput,
  type KvOperation,
  type KvOutput,
  type KvState,
} from '../../../shared/testing/linearizability-kv-model';

function op(client: number, call: number, ret: number | undefined, input: KvInput, output?: KvOutput): KvOperation {
  return { client, call, ret: ret ?? Infinity, input, output: ret === undefined ? undefined : output };
}

const ok = (rv?: number, value?: string): KvOutput => ({ ok: true, rv, value });
const no = (reason: 'NotFound' | 'AlreadyExists' | 'Conflict'): KvOutput => ({ ok: false, reason });
const list = (rv: number, items: Record<string, [string, number]>): KvOutput => ({
  ok: true,
  rv,
  items: Object.fromEntries(Object.entries(items).map(([k, [value, r]]) => [k, { value, rv: r }])),
});

describe('checkLinearizable with the key/value model', () => {
  it('accepts a sequential history of every operation', () => {
    const h = [
      op(0, 0, 1, { op: 'create', key: 'a', value: 'v1' }, ok(1)),
      op(0, 2, 3, { op: 'get', key: 'a' }, ok(1, 'v1')),
      op(0, 4, 5, { op: 'update', key: 'a', value: 'v2', precondition: 1 }, ok(2)),
      op(0, 6, 7, { op: 'update', key: 'a', value: 'v3', precondition: 1 }, no('Conflict')),
      op(0, 8, 9, { op: 'update', key: 'a', value: 'v4' }, ok(4)),
      op(0, 10, 11, { op: 'create', key: 'a', value: 'v5' }, no('AlreadyExists')),
      op(0, 12, 13, { op: 'list', keys: ['a', 'b'] }, list(4, { a: ['v4', 4] })),
      op(0, 14, 15, { op: 'delete', key: 'a', precondition: 3 }, no('Conflict')),
      op(0, 16, 17, { op: 'delete', key: 'a' }, ok()),
      op(0, 18, 19, { op: 'get', key: 'a' }, no('NotFound')),
      op(0, 20, 21, { op: 'update', key: 'a', value: 'v6' }, no('NotFound')),
      op(0, 22, 23, { op: 'create', key: 'a', value: 'v7' }, ok(6)),
    ];
    expect(checkLinearizable(kvModel, h)).toMatchObject({ ok: true, partitions: 2 });
  });

  it('accepts concurrent writes observed in either order, as long as one order explains every read', () => {
    const h = [
      op(0, 0, 1, { op: 'create', key: 'a', value: 'v0' }, ok(1)),
      op(1, 2, 10, { op: 'update', key: 'a', value: 'x' }, ok(3)),
      op(2, 3, 9, { op: 'update', key: 'a', value: 'y' }, ok(2)),
      op(3, 4, 5, { op: 'get', key: 'a' }, ok(2, 'y')),
      op(3, 11, 12, { op: 'get', key: 'a' }, ok(3, 'x')),
    ];
    expect(checkLinearizable(kvModel, h).ok).toBe(true);
  });

  it('rejects a lost update: two compare-and-set updates from the same resourceVersion both succeed', () => {
    const h = [
      op(0, 0, 1, { op: 'create', key: 'a', value: 'v0' }, ok(1)),
      op(1, 2, 5, { op: 'update', key: 'a', value: 'x', precondition: 1 }, ok(2)),
      op(2, 3, 6, { op: 'update', key: 'a', value: 'y', precondition: 1 }, ok(3)),
    ];
    const r = checkLinearizable(kvModel, h);
    expect(r.ok).toBe(false);
    if (r.ok === false) expect(r.longest.map((o) => o.input.op)).toEqual(['create', 'update']);
  });

  it('rejects a lost acknowledged write: a read after the update returned sees the old value', () => {
    const h = [
      op(0, 0, 1, { op: 'create', key: 'a', value: 'v0' }, ok(1)),
      op(1, 2, 3, { op: 'update', key: 'a', value: 'x' }, ok(2)),
      op(2, 4, 5, { op: 'get', key: 'a' }, ok(1, 'v0')),
    ];
    expect(checkLinearizable(kvModel, h).ok).toBe(false);
  });

  it('rejects a stale read: after one client saw the new value another sees the old one', () => {
    const h = [
      op(0, 0, 1, { op: 'create', key: 'a', value: 'v0' }, ok(1)),
      // the update is still in flight for both reads, so each read alone is fine
      op(1, 2, 20, { op: 'update', key: 'a', value: 'x' }, ok(2)),
      op(2, 3, 4, { op: 'get', key: 'a' }, ok(2, 'x')),
      op(3, 5, 6, { op: 'get', key: 'a' }, ok(1, 'v0')),
    ];
    expect(checkLinearizable(kvModel, h).ok).toBe(false);
    // the same reads in the other order are fine
    const swapped = [h[0]!, h[1]!, { ...h[2]!, call: 5, ret: 6 }, { ...h[3]!, call: 3, ret: 4 }];
    expect(checkLinearizable(kvModel, swapped).ok).toBe(true);
  });

  it('rejects a resurrected delete, seen by get or by list', () => {
    const base = [op(0, 0, 1, { op: 'create', key: 'a', value: 'v0' }, ok(1)), op(0, 2, 3, { op: 'delete', key: 'a' }, ok())];
    expect(checkLinearizable(kvModel, [...base, op(1, 4, 5, { op: 'get', key: 'a' }, ok(1, 'v0'))]).ok).toBe(false);
    expect(checkLinearizable(kvModel, [...base, op(1, 4, 5, { op: 'list', keys: ['a'] }, list(2, { a: ['v0', 1] }))]).ok).toBe(false);
    expect(checkLinearizable(kvModel, [...base, op(1, 4, 5, { op: 'list', keys: ['a'] }, list(2, {}))]).ok).toBe(true);
  });

  it('rejects a resourceVersion that does not grow, and a spurious conflict', () => {
    const create = op(0, 0, 1, { op: 'create', key: 'a', value: 'v0' }, ok(5));
    expect(checkLinearizable(kvModel, [create, op(0, 2, 3, { op: 'update', key: 'a', value: 'x' }, ok(5))]).ok).toBe(false);
    expect(checkLinearizable(kvModel, [create, op(0, 2, 3, { op: 'update', key: 'a', value: 'x', precondition: 5 }, no('Conflict'))]).ok).toBe(false);
    // a delete and a new create must not reuse the counter either
    const recreate = [create, op(0, 2, 3, { op: 'delete', key: 'a' }, ok()), op(0, 4, 5, { op: 'create', key: 'a', value: 'y' }, ok(4))];
    expect(checkLinearizable(kvModel, recreate).ok).toBe(false);
  });

  it('lets an operation with a lost outcome take effect at any point after its call, or never', () => {
    const create = op(0, 0, 1, { op: 'create', key: 'a', value: 'v0' }, ok(1));
    const lost = op(1, 2, undefined, { op: 'update', key: 'a', value: 'x', precondition: 1 });
    const read = (call: number, value: string, rv: number) => op(2, call, call + 1, { op: 'get', key: 'a' }, ok(rv, value));
    expect(checkLinearizable(kvModel, [create, lost, read(3, 'x', 2)]).ok).toBe(true);
    expect(checkLinearizable(kvModel, [create, lost, read(3, 'v0', 1)]).ok).toBe(true);
    expect(checkLinearizable(kvModel, [create, lost, read(3, 'v0', 1), read(5, 'x', 2)]).ok).toBe(true);
    // once seen applied it cannot be undone
    expect(checkLinearizable(kvModel, [create, lost, read(3, 'x', 2), read(5, 'v0', 1)]).ok).toBe(false);
    // nor can it take effect before it was invoked
    expect(checkLinearizable(kvModel, [create, op(2, 1.2, 1.8, { op: 'get', key: 'a' }, ok(2, 'x')), lost]).ok).toBe(false);
  });

  it('keeps a key uncertain after two lost writes in a row, and still catches a value nobody wrote', () => {
    const h = [
      op(0, 0, 1, { op: 'create', key: 'a', value: 'v0' }, ok(1)),
      op(1, 2, undefined, { op: 'update', key: 'a', value: 'x' }),
      op(2, 3, undefined, { op: 'update', key: 'a', value: 'y', precondition: 1 }),
    ];
    for (const [value, rv] of [['v0', 1], ['x', 2], ['y', 2]] as const) {
      expect(checkLinearizable(kvModel, [...h, op(3, 10, 11, { op: 'get', key: 'a' }, ok(rv, value))]).ok, value).toBe(true);
    }
    expect(checkLinearizable(kvModel, [...h, op(3, 10, 11, { op: 'get', key: 'a' }, ok(2, 'z'))]).ok).toBe(false);
  });

  it('reports a search that exceeds its bound as unknown, never as a pass', () => {
    const h = Array.from({ length: 12 }, (_, i) => op(i, 0, 100, { op: 'update', key: 'a', value: `v${i}` }, no('NotFound')));
    expect(checkLinearizable(kvModel, h, 5).ok).toBe('unknown');
    expect(checkLinearizable(kvModel, h).ok).toBe(true);
  });
});

describe('partitionKv', () => {
  it('turns a list into one read per key of the history', () => {
    const parts = partitionKv([
      op(0, 0, 1, { op: 'create', key: 'a', value: 'v0' }, ok(1)),
      op(0, 2, 3, { op: 'list', keys: ['a', 'b'] }, list(1, { a: ['v0', 1] })),
    ]);
    expect(parts.map((p) => p.map((o) => [o.input, o.output]))).toEqual([
      [
        [{ op: 'create', key: 'a', value: 'v0' }, ok(1)],
        [{ op: 'get', key: 'a' }, { ok: true, value: 'v0', rv: 1 }],
      ],
      [[{ op: 'get', key: 'b' }, no('NotFound')]],
    ]);
  });
});

describe('checkResourceVersionOrder', () => {
  it('accepts counters that follow real time across keys', () => {
    const h = [
      op(0, 0, 1, { op: 'create', key: 'a', value: 'v' }, ok(1)),
      op(1, 2, 3, { op: 'create', key: 'b', value: 'v' }, ok(2)),
      op(2, 4, 5, { op: 'list', keys: ['a', 'b'] }, list(2, { a: ['v', 1], b: ['v', 2] })),
      op(3, 6, 7, { op: 'update', key: 'a', value: 'w' }, ok(3)),
    ];
    expect(checkResourceVersionOrder(h)).toBeUndefined();
  });

  it('rejects a write on one key that got a smaller counter than an earlier write on another', () => {
    const v = checkResourceVersionOrder([op(0, 0, 1, { op: 'create', key: 'a', value: 'v' }, ok(5)), op(1, 2, 3, { op: 'create', key: 'b', value: 'v' }, ok(4))]);
    expect(v?.message).toBe('create returned rv 5 before create was invoked, which returned rv 4');
  });

  it('compares with the largest counter acknowledged so far, not the latest', () => {
    const h = [
      op(0, 0, 1.5, { op: 'create', key: 'a', value: 'v' }, ok(7)),
      op(1, 0.5, 1, { op: 'create', key: 'b', value: 'v' }, ok(5)),
      op(2, 2, 3, { op: 'create', key: 'c', value: 'v' }, ok(6)),
    ];
    expect(checkResourceVersionOrder(h)?.message).toBe('create returned rv 7 before create was invoked, which returned rv 6');
    expect(checkResourceVersionOrder(h.slice(0, 2))).toBeUndefined();
  });

  it('rejects a list whose resourceVersion is older than a write acknowledged before it', () => {
    expect(checkResourceVersionOrder([op(0, 0, 1, { op: 'update', key: 'a', value: 'v' }, ok(5)), op(1, 2, 3, { op: 'list', keys: ['a'] }, list(4, {}))])).toBeDefined();
    expect(checkResourceVersionOrder([op(0, 0, 1, { op: 'list', keys: ['a'] }, list(5, {})), op(1, 2, 3, { op: 'create', key: 'a', value: 'v' }, ok(5))])).toBeDefined();
  });
});

// ---- cross-check against brute force ----

/** Every order of `ops` that respects real time, tried against the model: the definition, exponentially. */
function bruteForce<S, I, O>(model: Model<S, I, O>, ops: Operation<I, O>[]): boolean {
  const used = new Array(ops.length).fill(false);
  const go = (state: S, done: number): boolean => {
    if (done === ops.length) return true;
    for (let i = 0; i < ops.length; i++) {
      if (used[i]) continue;
      // i may go next only if no other pending op returned before i was called
      if (ops.some((o, j) => !used[j] && j !== i && o.ret < ops[i]!.call)) continue;
      const next = model.step(state, ops[i]!.input, ops[i]!.output);
      if (next === undefined) continue;
      used[i] = true;
      if (go(next, done + 1)) return true;
      used[i] = false;
    }
    return false;
  };
  return go(model.init(), 0);
}

/** A random small history on one key: a real sequential run with overlapping intervals, then maybe corrupted. */
function randomHistory(rand: () => number): KvOperation[] {
  let state: { exists: boolean; value: string; rv: number } = { exists: false, value: '', rv: 0 };
  let counter = 0;
  const ops: KvOperation[] = [];
  const n = 2 + Math.floor(rand() * 5);
  let t = 0;
  for (let i = 0; i < n; i++) {
    const kind = Math.floor(rand() * 4);
    const value = `v${i}`;
    const precondition = rand() < 0.5 ? (rand() < 0.7 ? state.rv : state.rv + 1) : undefined;
    let input: KvInput;
    let output: KvOutput;
    if (kind === 0) {
      input = { op: 'create', key: 'k', value };
      if (state.exists) output = no('AlreadyExists');
      else ((state = { exists: true, value, rv: ++counter }), (output = ok(counter)));
    } else if (kind === 1) {
      input = { op: 'update', key: 'k', value, precondition };
      if (!state.exists) output = no('NotFound');
      else if (precondition !== undefined && precondition !== state.rv) output = no('Conflict');
      else ((state = { exists: true, value, rv: ++counter }), (output = ok(counter)));
    } else if (kind === 2) {
      input = { op: 'delete', key: 'k', precondition };
      if (!state.exists) output = no('NotFound');
      else if (precondition !== undefined && precondition !== state.rv) output = no('Conflict');
      else ((state = { exists: false, value: '', rv: ++counter }), (output = ok()));
    } else {
      input = { op: 'get', key: 'k' };
      output = state.exists ? ok(state.rv, state.value) : no('NotFound');
    }
    // the operation took effect at time t; its interval covers t and maybe neighbours
    const call = t - rand() * 3;
    const lost = rand() < 0.1;
    ops.push({ client: i, input, output: lost ? undefined : output, call, ret: lost ? Infinity : t + rand() * 3 });
    t += 1 + rand();
  }
  return ops;
}

function corrupt(rand: () => number, ops: KvOperation[]): KvOperation[] {
  const i = Math.floor(rand() * ops.length);
  const o = ops[i]!;
  if (o.output === undefined) return ops;
  const outs: KvOutput[] = [ok(1, 'v0'), ok(2, 'v1'), ok(3), no('NotFound'), no('Conflict'), no('AlreadyExists'), ok()];
  return ops.map((x, j) => (j === i ? { ...x, output: outs[Math.floor(rand() * outs.length)]! } : x));
}

describe('checkLinearizable agrees with brute force', () => {
  it('on 3000 random histories, genuine and corrupted', () => {
    const rand = seededRandom(42);
    const single: Model<KvState[], KvInput, KvOutput> = { ...kvModel, partition: undefined };
    let rejected = 0;
    for (let i = 0; i < 3000; i++) {
      const genuine = randomHistory(rand);
      expect(checkLinearizable(single, genuine).ok, JSON.stringify(genuine)).toBe(true);
      const bad = corrupt(rand, genuine);
      const expected = bruteForce(single, bad);
      expect(checkLinearizable(single, bad).ok, JSON.stringify(bad)).toBe(expected);
      if (!expected) rejected++;
    }
    // the corruptions really produce non-linearizable histories, so the agreement means something
    expect(rejected).toBeGreaterThan(500);
  });

  it('the step function never accepts a success that contradicts a known state', () => {
    const s: KvState = { exists: true, value: 'a', rv: 3, floor: 3 };
    expect(stepKv(s, { op: 'create', key: 'k', value: 'b' }, ok(4))).toEqual([]);
    expect(stepKv(s, { op: 'update', key: 'k', value: 'b', precondition: 2 }, ok(4))).toEqual([]);
    expect(stepKv(s, { op: 'delete', key: 'k', precondition: 2 }, ok())).toEqual([]);
    expect(stepKv(s, { op: 'get', key: 'k' }, no('NotFound'))).toEqual([]);
    expect(stepKv(s, { op: 'update', key: 'k', value: 'b', precondition: 3 }, ok(7))).toEqual([{ exists: true, value: 'b', rv: 7, floor: 7 }]);
  });
});
