import { describe, expect, it } from 'vitest';
import { isDNS1035Label, isDNS1123Label, isDNS1123Subdomain, isQualifiedName, isValidLabelValue } from '../../../shared/validation';

const SUBDOMAIN =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const LABEL =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

describe('name validators (upstream validation_test.go cases)', () => {
  it.each(['a', 'ab', 'abc', 'a1', 'a-1', 'a--1--2--b', '0', '01', '1.a', 'a.b.c', 'a'.repeat(253).replace(/(.{63})/g, '$1.').slice(0, 253)])(
    'isDNS1123Subdomain(%j) is valid',
    (v) => {
      if (v.length <= 253 && !v.endsWith('.')) expect(isDNS1123Subdomain(v)).toEqual([]);
    },
  );

  it.each([
    ['Foo_Bar', [SUBDOMAIN]],
    ['', [SUBDOMAIN]],
    ['a.', [SUBDOMAIN]],
    ['-a', [SUBDOMAIN]],
    ['a'.repeat(254), ['must be no more than 253 characters']],
  ])('isDNS1123Subdomain(%j) → %j', (v, want) => {
    expect(isDNS1123Subdomain(v)).toEqual(want);
  });

  it.each([
    ['my-name', []],
    ['a.b', ['must not contain dots']],
    ['A', [LABEL]],
    ['a'.repeat(64), ['must be no more than 63 characters']],
  ])('isDNS1123Label(%j) → %j', (v, want) => {
    expect(isDNS1123Label(v)).toEqual(want);
  });

  it('isDNS1035Label requires a leading letter', () => {
    expect(isDNS1035Label('web')).toEqual([]);
    expect(isDNS1035Label('1web')).toEqual([
      "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
    ]);
  });

  it.each([
    ['simple', 0],
    ['now-with-dashes', 0],
    ['1-starts-with-num', 0],
    ['1234', 0],
    ['simple/simple', 0],
    ['now-with-dashes/simple', 0],
    ['example.com/Upper_Case.and-1', 0],
    ['a'.repeat(63), 0],
    ['a'.repeat(253) + '/a', 0],
    ['nospecialchars%^=@', 1],
    ['cantendwithadash-', 1],
    ['-cantstartwithadash-', 1],
    ['only/one/slash', 1],
    ['Example.com/abc', 1],
    ['example_com/abc', 1],
    ['example.com/', 2],
    ['/simple', 1],
    ['a'.repeat(64), 1],
    ['a'.repeat(254) + '/abc', 1],
  ])('isQualifiedName(%j) has %d errors', (v, n) => {
    expect(isQualifiedName(v)).toHaveLength(n);
  });

  it('words qualified-name errors as upstream', () => {
    expect(isQualifiedName('example.com/')).toEqual([
      'name part must be non-empty',
      "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
    ]);
    expect(isQualifiedName('/simple')).toEqual(['prefix part must be non-empty']);
    expect(isQualifiedName('a'.repeat(64))).toEqual(['name part must be no more than 63 characters']);
  });

  it.each([
    ['', 0],
    ['simple', 0],
    ['now-with-dashes', 0],
    ['1-starts-with-num', 0],
    ['end-with-num-1', 0],
    ['1234', 0],
    ['a'.repeat(63), 0],
    ['nospecialchars%^=@', 1],
    ['Tama-nui-te-rā.is.Māori.sun', 1],
    ['\\backslashes\\are\\bad', 1],
    ['-starts-with-dash', 1],
    ['ends-with-dash-', 1],
    ['.starts.with.dot', 1],
    ['ends.with.dot.', 1],
    ['a'.repeat(64), 1],
  ])('isValidLabelValue(%j) has %d errors', (v, n) => {
    expect(isValidLabelValue(v)).toHaveLength(n);
  });
});
