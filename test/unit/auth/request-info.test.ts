// Rows from upstream's requestinfo_test.go (TestGetAPIRequestInfo, TestGetNonAPIRequestInfo, TestFieldSelectorParsing).
import { describe, expect, it } from 'vitest';
import { resolveRequestInfo } from '../../../shared/auth/request-info';

function info(method: string, url: string) {
  const u = new URL(url, 'http://h');
  return resolveRequestInfo(method, u.pathname, u.searchParams);
}

describe('resolveRequestInfo (upstream TestGetAPIRequestInfo)', () => {
  // method, url, verb, prefix, group, version, namespace, resource, subresource, name, parts
  const rows: [string, string, string, string, string, string, string, string, string, string, string[]][] = [
    ['GET', '/api/v1/namespaces', 'list', 'api', '', 'v1', '', 'namespaces', '', '', ['namespaces']],
    ['GET', '/api/v1/namespaces/other', 'get', 'api', '', 'v1', 'other', 'namespaces', '', 'other', ['namespaces', 'other']],
    ['GET', '/api/v1/namespaces/other/pods', 'list', 'api', '', 'v1', 'other', 'pods', '', '', ['pods']],
    ['GET', '/api/v1/namespaces/other/pods/foo', 'get', 'api', '', 'v1', 'other', 'pods', '', 'foo', ['pods', 'foo']],
    ['HEAD', '/api/v1/namespaces/other/pods/foo', 'get', 'api', '', 'v1', 'other', 'pods', '', 'foo', ['pods', 'foo']],
    ['GET', '/api/v1/pods', 'list', 'api', '', 'v1', '', 'pods', '', '', ['pods']],
    ['HEAD', '/api/v1/pods', 'list', 'api', '', 'v1', '', 'pods', '', '', ['pods']],
    // special verbs
    ['GET', '/api/v1/proxy/namespaces/other/pods/foo', 'proxy', 'api', '', 'v1', 'other', 'pods', '', 'foo', ['pods', 'foo']],
    ['GET', '/api/v1/proxy/namespaces/other/pods/foo/subpath/not/a/subresource', 'proxy', 'api', '', 'v1', 'other', 'pods', '', 'foo', ['pods', 'foo', 'subpath', 'not', 'a', 'subresource']],
    ['GET', '/api/v1/watch/pods', 'watch', 'api', '', 'v1', '', 'pods', '', '', ['pods']],
    ['GET', '/api/v1/pods?watch=true', 'watch', 'api', '', 'v1', '', 'pods', '', '', ['pods']],
    ['GET', '/api/v1/pods?watch=false', 'list', 'api', '', 'v1', '', 'pods', '', '', ['pods']],
    ['GET', '/api/v1/watch/namespaces/other/pods', 'watch', 'api', '', 'v1', 'other', 'pods', '', '', ['pods']],
    ['GET', '/api/v1/namespaces/other/pods?watch=1', 'watch', 'api', '', 'v1', 'other', 'pods', '', '', ['pods']],
    ['GET', '/api/v1/namespaces/other/pods?watch=0', 'list', 'api', '', 'v1', 'other', 'pods', '', '', ['pods']],
    // subresource identification
    ['GET', '/api/v1/namespaces/other/pods/foo/status', 'get', 'api', '', 'v1', 'other', 'pods', 'status', 'foo', ['pods', 'foo', 'status']],
    ['GET', '/api/v1/namespaces/other/pods/foo/proxy/subpath', 'get', 'api', '', 'v1', 'other', 'pods', 'proxy', 'foo', ['pods', 'foo', 'proxy', 'subpath']],
    ['PUT', '/api/v1/namespaces/other/finalize', 'update', 'api', '', 'v1', 'other', 'namespaces', 'finalize', 'other', ['namespaces', 'other', 'finalize']],
    ['PUT', '/api/v1/namespaces/other/status', 'update', 'api', '', 'v1', 'other', 'namespaces', 'status', 'other', ['namespaces', 'other', 'status']],
    // escaped segments are decoded (Kubeflare's reading of a URL the router has not decoded); a bad escape stays as sent
    ['GET', '/api/v1/namespaces/ot%68er/pods/f%6Fo', 'get', 'api', '', 'v1', 'other', 'pods', '', 'foo', ['pods', 'foo']],
    ['GET', '/api/v1/namespaces/other/pods/a%zzb', 'get', 'api', '', 'v1', 'other', 'pods', '', 'a%zzb', ['pods', 'a%zzb']],
    ['GET', '/api/v1/namespaces/other/pods/a%2Fb/status', 'get', 'api', '', 'v1', 'other', 'pods', 'status', 'a/b', ['pods', 'a/b', 'status']],
    // verb identification
    ['PATCH', '/api/v1/namespaces/other/pods/foo', 'patch', 'api', '', 'v1', 'other', 'pods', '', 'foo', ['pods', 'foo']],
    ['DELETE', '/api/v1/namespaces/other/pods/foo', 'delete', 'api', '', 'v1', 'other', 'pods', '', 'foo', ['pods', 'foo']],
    ['POST', '/api/v1/namespaces/other/pods', 'create', 'api', '', 'v1', 'other', 'pods', '', '', ['pods']],
    // deletecollection verb identification
    ['DELETE', '/api/v1/nodes', 'deletecollection', 'api', '', 'v1', '', 'nodes', '', '', ['nodes']],
    ['DELETE', '/api/v1/namespaces', 'deletecollection', 'api', '', 'v1', '', 'namespaces', '', '', ['namespaces']],
    ['DELETE', '/api/v1/namespaces/other/pods', 'deletecollection', 'api', '', 'v1', 'other', 'pods', '', '', ['pods']],
    ['DELETE', '/apis/extensions/v1/namespaces/other/pods', 'deletecollection', 'apis', 'extensions', 'v1', 'other', 'pods', '', '', ['pods']],
    // api group and version identification
    ['POST', '/apis/extensions/v1/namespaces/other/pods', 'create', 'apis', 'extensions', 'v1', 'other', 'pods', '', '', ['pods']],
    ['POST', '/apis/extensions/v1beta3/namespaces/other/pods', 'create', 'apis', 'extensions', 'v1beta3', 'other', 'pods', '', '', ['pods']],
    // Kubeflare's own: TokenRequest and pod logs are subresources
    ['POST', '/api/v1/namespaces/ci/serviceaccounts/builder/token', 'create', 'api', '', 'v1', 'ci', 'serviceaccounts', 'token', 'builder', ['serviceaccounts', 'builder', 'token']],
    ['GET', '/api/v1/namespaces/ci/pods/web/log', 'get', 'api', '', 'v1', 'ci', 'pods', 'log', 'web', ['pods', 'web', 'log']],
  ];
  for (const [method, url, verb, apiPrefix, apiGroup, apiVersion, namespace, resource, subresource, name, parts] of rows) {
    it(`${method} ${url}`, () => {
      expect(info(method, url)).toMatchObject({ isResourceRequest: true, verb, apiPrefix, apiGroup, apiVersion, namespace, resource, subresource, name, parts });
    });
  }

  const nonResource: [string, string][] = [
    ['no resource path', '/'],
    ['just apiversion', '/api/version/'],
    ['just prefix, group, version', '/apis/group/version/'],
    ['apiversion with no resource', '/api/version/'],
    ['bad prefix', '/badprefix/version/resource'],
    ['missing api group', '/apis/version/resource'],
  ];
  for (const [name, url] of nonResource) {
    it(`non-resource: ${name}`, () => expect(info('GET', url).isResourceRequest).toBe(false));
  }

  it('a non-resource request keeps the lower-case method as its verb and the path (TestGetNonAPIRequestInfo)', () => {
    expect(info('GET', '/healthz')).toMatchObject({ isResourceRequest: false, verb: 'get', path: '/healthz' });
    expect(info('GET', '/version')).toMatchObject({ isResourceRequest: false, verb: 'get' });
    expect(info('GET', '/apis')).toMatchObject({ isResourceRequest: false });
    expect(info('GET', '/apis/apps')).toMatchObject({ isResourceRequest: false });
    expect(info('GET', '/api/v1')).toMatchObject({ isResourceRequest: false });
  });
});

describe('field selector names (upstream TestFieldSelectorParsing)', () => {
  const rows: [string, string, string, string][] = [
    ['no selector', '/apis/group/version/resource', '', 'list'],
    ['metadata.name selector', '/apis/group/version/resource?fieldSelector=metadata.name=name1', 'name1', 'list'],
    ['metadata.name selector with watch', '/apis/group/version/resource?watch=true&fieldSelector=metadata.name=name1', 'name1', 'watch'],
    ['random selector', '/apis/group/version/resource?fieldSelector=foo=bar', '', 'list'],
    ['invalid selector with metadata.name', '/apis/group/version/resource?fieldSelector=metadata.name=name1,foo', '', 'list'],
    ['invalid selector with metadata.name with watch', '/apis/group/version/resource?fieldSelector=metadata.name=name1,foo&watch=true', '', 'watch'],
    ['invalid selector with metadata.name with watch false', '/apis/group/version/resource?fieldSelector=metadata.name=name1,foo&watch=false', '', 'list'],
  ];
  for (const [name, url, expectedName, verb] of rows) {
    it(name, () => expect(info('GET', url)).toMatchObject({ name: expectedName, verb }));
  }
});
