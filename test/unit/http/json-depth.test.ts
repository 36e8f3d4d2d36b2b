import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../shared/api/errors';
import { checkJsonDepth, checkValueDepth, MAX_JSON_DEPTH, MAX_STORED_DEPTH, parseJson, valueDepth } from '../../../shared/apiserver/json-body';

const nested = (depth: number, open = '[', close = ']') => open.repeat(depth) + close.repeat(depth);

function codeOf(f: () => unknown): number {
  try {
    f();
    return 200;
  } catch (e) {
    if (e instanceof ApiError) return e.code;
    throw e;
  }
}

describe('JSON nesting limits (upstream: 10,000 levels; the Workers runtime: 1,000)', () => {
  it('accepts exactly the storable depth and parses it', () => {
    expect(codeOf(() => parseJson(nested(MAX_STORED_DEPTH)))).toBe(200);
    expect(valueDepth(parseJson(nested(MAX_STORED_DEPTH)))).toBe(MAX_STORED_DEPTH);
  });

  it('one level more than the runtime carries is 400 naming both limits', () => {
    try {
      checkJsonDepth(nested(MAX_STORED_DEPTH + 1));
      expect.unreachable();
    } catch (e) {
      expect((e as ApiError).toStatus()).toMatchObject({
        code: 400,
        reason: 'BadRequest',
        message: `the request body is nested ${MAX_STORED_DEPTH + 1} levels deep; this server takes at most ${MAX_STORED_DEPTH} levels (kube-apiserver: ${MAX_JSON_DEPTH}; the Workers runtime's stack cannot carry more)`,
      });
    }
    expect(codeOf(() => checkJsonDepth(nested(MAX_JSON_DEPTH)))).toBe(400);
    // the shortest text that deep (brackets only, unclosed) is still scanned, and refused
    expect(codeOf(() => checkJsonDepth('['.repeat(MAX_STORED_DEPTH + 1)))).toBe(400);
    expect(codeOf(() => checkJsonDepth('['.repeat(MAX_STORED_DEPTH)))).toBe(200);
  });

  it('decoded values (YAML) are held to the same limits', () => {
    expect(codeOf(() => checkValueDepth(JSON.parse(nested(MAX_STORED_DEPTH))))).toBe(200);
    expect(codeOf(() => checkValueDepth(JSON.parse(nested(MAX_STORED_DEPTH + 1))))).toBe(400);
  });

  it('refuses one level more with upstream scanner message, objects and arrays alike', () => {
    try {
      checkJsonDepth(`{"a":${nested(MAX_JSON_DEPTH)}}`);
      expect.unreachable();
    } catch (e) {
      expect((e as ApiError).toStatus()).toMatchObject({
        code: 400,
        reason: 'BadRequest',
        message: "couldn't get version/kind; json parse error: invalid character '[' exceeded max depth",
      });
    }
    expect(codeOf(() => checkJsonDepth('{"a":'.repeat(MAX_JSON_DEPTH + 1)))).toBe(400);
  });

  it('does not recurse: a million levels are refused, not a stack overflow', () => {
    expect(codeOf(() => parseJson(nested(1_000_000)))).toBe(400);
  });

  it('brackets inside strings, escaped quotes included, do not count', () => {
    const s = JSON.stringify({ a: '['.repeat(MAX_JSON_DEPTH * 2), b: '\\"[[[' });
    expect(codeOf(() => checkJsonDepth(s))).toBe(200);
  });

  it('valueDepth measures decoded values without recursion', () => {
    let v: unknown = 1;
    for (let i = 0; i < 50_000; i++) v = { v };
    expect(valueDepth(v)).toBeGreaterThan(MAX_JSON_DEPTH);
    expect(codeOf(() => checkValueDepth(v))).toBe(400);
    expect(valueDepth({ a: [1, { b: 2 }] })).toBe(3);
    expect(valueDepth('x')).toBe(0);
  });
});
