import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../shared/api/errors';
import { bindTokenTo, boundObjectValid, parseBoundObjectRef } from '../../../shared/auth/token/bound-object';
import { checkServiceAccountClaims, DEFAULT_ISSUER, serviceAccountClaims, serviceAccountUser } from '../../../shared/auth/token/service-account-token';
import { admitTokenRequest } from '../../../shared/auth/token-request';

const aud = [DEFAULT_ISSUER];
const pod = (sa = 'builder', uid = 'pod-uid') => ({ metadata: { uid }, spec: { serviceAccountName: sa } });

describe('TokenRequest boundObjectRef (upstream token REST)', () => {
  it('accepts a core Pod, Secret or Node, as kubectl create token --bound-object-kind sends it', () => {
    const spec = admitTokenRequest({ spec: { boundObjectRef: { kind: 'Pod', apiVersion: 'v1', name: 'p' } } }, 'ci', 'builder', aud);
    expect(spec.boundObjectRef).toEqual({ kind: 'Pod', apiVersion: 'v1', name: 'p' });
    expect(parseBoundObjectRef({ kind: 'Node', apiVersion: 'v1', name: 'n', uid: 'u' })).toEqual({ kind: 'Node', apiVersion: 'v1', name: 'n', uid: 'u' });
    expect(parseBoundObjectRef(null)).toBeUndefined();
  });
  it('refuses any other kind with upstream\'s 400', () => {
    const refuse = (ref: object) => {
      try {
        parseBoundObjectRef(ref);
      } catch (e) {
        return `${(e as ApiError).code} ${(e as ApiError).message}`;
      }
      return 'accepted';
    };
    expect(refuse({ kind: 'Deployment', apiVersion: 'apps/v1', name: 'd' })).toBe('400 cannot bind token to object of type apps/v1, Kind=Deployment');
    expect(refuse({ kind: 'Pod', apiVersion: 'apps/v1', name: 'p' })).toBe('400 cannot bind token to object of type apps/v1, Kind=Pod');
    expect(refuse({ kind: 'ConfigMap', apiVersion: 'v1', name: 'c' })).toBe('400 cannot bind token to object of type /v1, Kind=ConfigMap');
  });
  it('binds to the object as stored: 404 when missing, 409 on another uid, 400 for a pod of another ServiceAccount', () => {
    const ref = { kind: 'Pod' as const, apiVersion: 'v1', name: 'p' };
    expect(bindTokenTo(ref, pod(), 'builder')).toEqual({ ref: { ...ref, uid: 'pod-uid' }, claims: { pod: { name: 'p', uid: 'pod-uid' } } });
    expect((bindTokenTo(ref, undefined, 'builder') as ApiError).message).toBe('pods "p" not found');
    const stale = bindTokenTo({ ...ref, uid: 'old' }, pod(), 'builder') as ApiError;
    expect(stale.code).toBe(409);
    expect(stale.message).toBe('Operation cannot be fulfilled on Pod "p": the UID in the bound object reference (old) does not match the UID in record. The object might have been deleted and then recreated');
    expect((bindTokenTo(ref, pod('other'), 'builder') as ApiError).message).toBe('cannot bind token for serviceaccount "builder" to pod running with different serviceaccount name.');
    expect(bindTokenTo({ kind: 'Secret', apiVersion: 'v1', name: 's' }, { metadata: { uid: 's-uid' } }, 'builder')).toMatchObject({ claims: { secret: { name: 's', uid: 's-uid' } } });
  });
});

describe('bound token claims and validity', () => {
  const claims = serviceAccountClaims({ namespace: 'ci', name: 'builder', uid: 'sa-uid', audiences: aud, nowSeconds: 1000, expirationSeconds: 3600, jti: 'j', bound: { pod: { name: 'p', uid: 'pod-uid' } } });
  it('carry kubernetes.io pod name and uid, as upstream\'s private claim', () => {
    expect(claims['kubernetes.io']).toEqual({ namespace: 'ci', pod: { name: 'p', uid: 'pod-uid' }, serviceaccount: { name: 'builder', uid: 'sa-uid' } });
    const sa = checkServiceAccountClaims(claims as unknown as Record<string, unknown>, { nowSeconds: 1001, audiences: aud })!;
    expect(sa.bound).toEqual({ kind: 'Pod', name: 'p', uid: 'pod-uid' });
    expect(serviceAccountUser(sa).extra).toEqual({
      'authentication.kubernetes.io/credential-id': ['JTI=j'],
      'authentication.kubernetes.io/pod-name': ['p'],
      'authentication.kubernetes.io/pod-uid': ['pod-uid'],
    });
  });
  it('a token is valid while its object is there with the same uid, and for a minute after its deletion began', () => {
    expect(boundObjectValid('pod-uid', pod(), 1000)).toBe(true);
    expect(boundObjectValid('pod-uid', undefined, 1000)).toBe(false);
    expect(boundObjectValid('pod-uid', pod('builder', 'recreated'), 1000)).toBe(false);
    const deleting = { metadata: { uid: 'pod-uid', deletionTimestamp: '1970-01-01T00:16:40Z' } };
    expect(boundObjectValid('pod-uid', deleting, 1030)).toBe(true);
    expect(boundObjectValid('pod-uid', deleting, 1061)).toBe(false);
  });
});
