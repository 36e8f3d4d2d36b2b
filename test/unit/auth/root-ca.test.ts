import { describe, expect, it } from 'vitest';
import type { ChangeNotice } from '../../../shared/apiserver/change-notice';
import { ROOT_CA_CONFIG_MAP, ROOT_CA_PLACEHOLDER, rootCaNoticeWanted, rootCaSync } from '../../../shared/auth/root-ca';

const ns = (name: string, extra: object = {}) => ({ metadata: { name }, ...extra });

describe('root-ca-cert-publisher sync (upstream rootcacertpublisher.syncNamespace)', () => {
  it('creates kube-root-ca.crt with ca.crt and upstream\'s description in a namespace without one', () => {
    const a = rootCaSync(ns('team'), undefined);
    expect(a?.kind).toBe('create');
    expect(a!.configMap.metadata).toMatchObject({ name: ROOT_CA_CONFIG_MAP, namespace: 'team' });
    expect(a!.configMap.metadata!.annotations!['kubernetes.io/description']).toMatch(/^Contains a CA bundle that can be used to verify the kube-apiserver/);
    expect(a!.configMap.data).toEqual({ 'ca.crt': ROOT_CA_PLACEHOLDER });
  });
  it('leaves a current one alone, puts back edited data, and skips a namespace that is gone or terminating', () => {
    const current = rootCaSync(ns('team'), undefined)!.configMap;
    expect(rootCaSync(ns('team'), current)).toBeUndefined();
    const edited = { ...current, data: { 'ca.crt': 'x', extra: 'y' } };
    expect(rootCaSync(ns('team'), edited)).toMatchObject({ kind: 'update', configMap: { data: { 'ca.crt': ROOT_CA_PLACEHOLDER } } });
    expect(rootCaSync(undefined, undefined)).toBeUndefined();
    expect(rootCaSync(ns('team', { status: { phase: 'Terminating' } }), undefined)).toBeUndefined();
  });
  it('as upstream: any description counts, and an update keeps other annotations and binaryData', () => {
    const current = rootCaSync(ns('team'), undefined)!.configMap;
    expect(rootCaSync(ns('team'), { ...current, metadata: { ...current.metadata, annotations: { 'kubernetes.io/description': 'mine' } } })).toBeUndefined();
    const stripped = { ...current, metadata: { ...current.metadata, annotations: { team: 'a' } }, binaryData: { b: 'AA==' } };
    const put = rootCaSync(ns('team'), stripped);
    expect(put?.kind).toBe('update');
    expect(put!.configMap.metadata!.annotations).toMatchObject({ team: 'a', 'kubernetes.io/description': expect.stringMatching(/^Contains a CA bundle/) });
    expect(put!.configMap.binaryData).toEqual({ b: 'AA==' });
    expect(rootCaSync(ns('team', { metadata: { name: 'team', deletionTimestamp: '2026-01-01T00:00:00Z' } }), undefined)).toBeUndefined();
  });
  // upstream's event handlers: namespaces added or updated while active; kube-root-ca.crt updated or deleted
  const notice = (resource: string, type: ChangeNotice['type'], name: string, deleting?: boolean): ChangeNotice => ({ resource, type, name, namespace: resource === 'namespaces' ? undefined : 'team', uid: 'u', resourceVersion: '1', deleting });
  const rows: [string, ChangeNotice, boolean][] = [
    ['namespace added', notice('namespaces', 'ADDED', 'team'), true],
    ['namespace updated', notice('namespaces', 'MODIFIED', 'team'), true],
    ['namespace terminating', notice('namespaces', 'MODIFIED', 'team', true), false],
    ['namespace deleted', notice('namespaces', 'DELETED', 'team'), false],
    ['kube-root-ca.crt updated', notice('configmaps', 'MODIFIED', ROOT_CA_CONFIG_MAP), true],
    ['kube-root-ca.crt deleted', notice('configmaps', 'DELETED', ROOT_CA_CONFIG_MAP), true],
    ['kube-root-ca.crt added (the publisher\'s own create)', notice('configmaps', 'ADDED', ROOT_CA_CONFIG_MAP), false],
    ['another ConfigMap updated', notice('configmaps', 'MODIFIED', 'app'), false],
  ];
  it.each(rows)('hears: %s', (_name, n, want) => expect(rootCaNoticeWanted(n)).toBe(want));
  it('the placeholder is one well-formed PEM block', () => {
    expect(ROOT_CA_PLACEHOLDER).toMatch(/^-----BEGIN CERTIFICATE-----\n[A-Za-z0-9+/=\n]+-----END CERTIFICATE-----\n$/);
  });
});
