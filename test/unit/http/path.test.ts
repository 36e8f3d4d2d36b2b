import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../shared/api/errors';
import { checkCanonicalPath, parseResourcePath, rawPath } from '../../../workers/api/path';

function statusOf(f: () => void): { code: number; reason: string; message: string } | undefined {
  try {
    f();
    return undefined;
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    return { code: e.code, reason: e.reason, message: e.message };
  }
}

describe('rawPath', () => {
  it.each([
    ['http://h:1/api/v1/namespaces/a/configmaps/%2e%2e?x=1', '/api/v1/namespaces/a/configmaps/%2e%2e'],
    ['http://h/a/../b#frag', '/a/../b'],
    ['https://[::1]:8443/', '/'],
    ['http://h', ''],
  ])('%s → %s', (url, path) => expect(rawPath(url)).toBe(path));
});

describe('checkCanonicalPath', () => {
  // upstream: path.IsValidPathSegmentName via the registry's key func, "Name parameter invalid"
  it.each([
    ['/api/v1/namespaces/victim/configmaps/..', '..'],
    ['/api/v1/namespaces/victim/configmaps/%2e%2e', '..'],
    ['/api/v1/namespaces/victim/configmaps/%2E.', '..'],
    ['/api/v1/namespaces/victim/configmaps/.%2E', '..'],
    ['/api/v1/namespaces/victim/configmaps/../..', '..'],
    ['/api/v1/namespaces/victim/configmaps/%2e', '.'],
    ['/api/v1/namespaces/./pods', '.'],
    ['/apis/apps/v1/namespaces/x/deployments/a/../b', '..'],
  ])('%s is 400', (path, name) => {
    expect(statusOf(() => checkCanonicalPath(`http://127.0.0.1:8787${path}`))).toEqual({
      code: 400,
      reason: 'BadRequest',
      message: `Name parameter invalid: "${name}": may not be '${name}'`,
    });
  });

  it.each(['/api/v1/namespaces/victim/', '/api/v1/namespaces/', '/apis/apps/v1/deployments/'])(
    'a resource path ending in / (what workerd leaves of a resolved dot segment) is 400: %s',
    (path) => {
      const s = statusOf(() => checkCanonicalPath(`http://h${path}?watch=1`));
      expect(s?.code).toBe(400);
      expect(s?.message).toContain(`invalid request path "${path}"`);
    },
  );

  // discovery documents keep a trailing slash (the Python client asks for /api/v1/): no object hides there
  it.each(['/api/', '/api/v1/', '/apis/', '/apis/apps/', '/apis/apps/v1/'])('a discovery path ending in / passes: %s', (path) => {
    expect(statusOf(() => checkCanonicalPath(`http://h${path}`))).toBeUndefined();
  });

  it.each([
    '/api/v1/namespaces/victim',
    '/api/v1/namespaces/victim/configmaps/a..b',
    '/api/v1/namespaces/victim/configmaps/...',
    '/api/v1/namespaces/victim/configmaps/.hidden',
    '/api/v1/namespaces/victim/configmaps/%2e%2e%2e',
    '/api',
    '/apis',
    '/',
    '/openapi/v3/',
    '/healthz',
  ])('%s passes', (path) => expect(statusOf(() => checkCanonicalPath(`http://h${path}`))).toBeUndefined());
});

describe('parseResourcePath', () => {
  it('reads namespaced objects and namespace subresources as upstream', () => {
    expect(parseResourcePath('', 'v1', ['namespaces', 'a', 'pods', 'p', 'status'])).toEqual({
      group: '', version: 'v1', namespace: 'a', plural: 'pods', name: 'p', subresource: 'status',
    });
    expect(parseResourcePath('', 'v1', ['namespaces', 'a', 'finalize'])).toEqual({
      group: '', version: 'v1', plural: 'namespaces', name: 'a', subresource: 'finalize',
    });
  });

  it('a malformed escape is 400, not a 500', () => {
    expect(statusOf(() => parseResourcePath('', 'v1', ['namespaces', '%E0%A4%A']))?.code).toBe(400);
  });
});
