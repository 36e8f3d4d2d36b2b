import { describe, expect, it } from 'vitest';
import { ROOT_CA_CONFIG_MAP, ROOT_CA_PLACEHOLDER, rootCaSync } from '../../../shared/auth/root-ca';

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
  it('the placeholder is one well-formed PEM block', () => {
    expect(ROOT_CA_PLACEHOLDER).toMatch(/^-----BEGIN CERTIFICATE-----\n[A-Za-z0-9+/=\n]+-----END CERTIFICATE-----\n$/);
  });
});
