import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../shared/api/errors';
import { checkStoredSize, fitsBytes, MAX_OBJECT_BYTES, utf8Length } from '../../../shared/apiserver/size-limits';

describe('utf8Length', () => {
  it.each([
    ['', 0],
    ['abc', 3],
    ['é', 2],
    ['€', 3],
    ['😀', 4],
    ['a😀é€', 10],
    ['\u07ff\u0800', 5],
    ['\ud800', 3],
    ['a\udc00b', 5],
    ['\ud83d\ud83d\ude00', 7],
  ])('%j is %i bytes, as TextEncoder says', (s, n) => {
    expect(utf8Length(s)).toBe(n);
    expect(new TextEncoder().encode(s).length).toBe(n);
  });
});

describe('fitsBytes', () => {
  it.each([
    [10, ['0123456789'], true],
    [10, ['01234', '56789'], true],
    [10, ['0123456789a'], false],
    [10, ['€€€'], true],
    [10, ['€€€€'], false],
    [10, ['€€€', 'a'], true],
    [10, ['€€€', 'ab'], false],
  ])('max %i: %j → %s', (max, texts, fits) => {
    expect(fitsBytes(max, ...texts)).toBe(fits);
  });
});

describe('checkStoredSize', () => {
  it("takes an object's JSON up to etcd's 1.5 MiB and refuses one byte more with 413", () => {
    expect(MAX_OBJECT_BYTES).toBe(1572864);
    expect(() => checkStoredSize('x'.repeat(MAX_OBJECT_BYTES))).not.toThrow();
    const e = (() => {
      try {
        checkStoredSize('x'.repeat(MAX_OBJECT_BYTES - 1) + 'é');
      } catch (err) {
        return err;
      }
    })();
    expect(e).toBeInstanceOf(ApiError);
    expect((e as ApiError).toStatus()).toMatchObject({ code: 413, reason: 'RequestEntityTooLarge', message: 'etcdserver: request is too large' });
  });
});
