import { describe, expect, it } from 'vitest';
import { bearerToken } from '../../../shared/auth/bearer-token';
import { base64urlDecode, base64urlEncode } from '../../../shared/auth/token/base64url';
import { importHmacKey, signJwt, verifyJwt } from '../../../shared/auth/token/jwt';
import { checkServiceAccountClaims, DEFAULT_ISSUER, serviceAccountClaims, serviceAccountUser } from '../../../shared/auth/token/service-account-token';
import { matchStaticToken, parseStaticTokens } from '../../../shared/auth/token/static-tokens';
import { constantTimeEqual, sha256Hex } from '../../../shared/auth/token/token-hash';
import { admitTokenRequest } from '../../../shared/auth/token-request';
import { ApiError } from '../../../shared/api/errors';

const subtle = crypto.subtle;
const enc = (s: string) => base64urlEncode(new TextEncoder().encode(s));

describe('token hashes', () => {
  it('SHA-256 hex of a token (FIPS 180-2 "abc" vector)', async () => {
    expect(await sha256Hex(subtle, 'abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
  it('constant-time equality', () => {
    expect(constantTimeEqual('abcd', 'abcd')).toBe(true);
    expect(constantTimeEqual('abcd', 'abce')).toBe(false);
    expect(constantTimeEqual('abcd', 'abc')).toBe(false);
    expect(constantTimeEqual('', '')).toBe(true);
  });
  it('static token lines: sha256,user,uid,"groups"; every user in system:authenticated once', async () => {
    const h = await sha256Hex(subtle, 's3cret');
    const { tokens, errors } = parseStaticTokens(`# admin\n${h},alice,u-1,"dev,system:authenticated"\n\nnot-a-hash,bob,u-2\n${'a'.repeat(64)},carol,`);
    expect(errors).toEqual(['line 4: expected sha256hex,user,uid[,"group1,group2"]']);
    expect(tokens[0]!.user).toEqual({ username: 'alice', uid: 'u-1', groups: ['dev', 'system:authenticated'] });
    expect(tokens[1]!.user).toEqual({ username: 'carol', groups: ['system:authenticated'] });
    expect(matchStaticToken(tokens, h)?.username).toBe('alice');
    expect(matchStaticToken(tokens, await sha256Hex(subtle, 's3cres'))).toBeUndefined();
  });
  it('bearer header: scheme any case; a header that is not a bearer token is refused, none is anonymous', () => {
    expect(bearerToken(null)).toBe('');
    expect(bearerToken('Bearer abc')).toBe('abc');
    expect(bearerToken('bearer abc')).toBe('abc');
    expect(bearerToken('Basic dXNlcjpwYXNz')).toBeUndefined();
    expect(bearerToken('Bearer ')).toBeUndefined();
    expect(bearerToken('Bearer')).toBeUndefined();
  });
});

describe('HS256 JWTs', () => {
  const key = importHmacKey(subtle, new Uint8Array(32).fill(7));
  const other = importHmacKey(subtle, new Uint8Array(32).fill(8));

  it('round-trips claims and refuses another key, a changed payload, alg none and malformed tokens', async () => {
    const token = await signJwt(subtle, await key, 'kid1', { sub: 'x', n: 1 });
    expect(JSON.parse(new TextDecoder().decode(base64urlDecode(token.split('.')[0]!)))).toEqual({ alg: 'HS256', kid: 'kid1' });
    expect(await verifyJwt(subtle, await key, token)).toEqual({ sub: 'x', n: 1 });
    expect(await verifyJwt(subtle, await other, token)).toBeUndefined();
    const [h, , s] = token.split('.');
    expect(await verifyJwt(subtle, await key, `${h}.${enc('{"sub":"admin","n":1}')}.${s}`)).toBeUndefined();
    expect(await verifyJwt(subtle, await key, `${enc('{"alg":"none"}')}.${enc('{"sub":"x"}')}.`)).toBeUndefined();
    for (const bad of ['', 'a.b', 'a.b.c.d', '!!.??.**', `${h}.${enc('[1]')}.${s}`]) expect(await verifyJwt(subtle, await key, bad)).toBeUndefined();
  });
});

describe('ServiceAccount token claims', () => {
  const claims = serviceAccountClaims({ namespace: 'ci', name: 'builder', uid: 'u-1', audiences: [DEFAULT_ISSUER], nowSeconds: 1000, expirationSeconds: 3600, jti: 'j-1' });
  const opts = { nowSeconds: 1000, audiences: [DEFAULT_ISSUER] };

  it('carries upstream\'s claims', () => {
    expect(claims).toEqual({
      aud: [DEFAULT_ISSUER],
      exp: 4600,
      iat: 1000,
      iss: DEFAULT_ISSUER,
      jti: 'j-1',
      'kubernetes.io': { namespace: 'ci', serviceaccount: { name: 'builder', uid: 'u-1' } },
      nbf: 1000,
      sub: 'system:serviceaccount:ci:builder',
    });
    expect(checkServiceAccountClaims({ ...claims }, opts)).toEqual({ namespace: 'ci', name: 'builder', uid: 'u-1', jti: 'j-1' });
  });
  it('refuses another issuer or audience, an expired or not-yet-valid token, a subject that disagrees', () => {
    expect(checkServiceAccountClaims({ ...claims, iss: 'https://evil' }, opts)).toBeUndefined();
    expect(checkServiceAccountClaims({ ...claims, aud: ['vault'] }, opts)).toBeUndefined();
    expect(checkServiceAccountClaims({ ...claims }, { ...opts, nowSeconds: 4600 + 60 })).toBeUndefined();
    expect(checkServiceAccountClaims({ ...claims }, { ...opts, nowSeconds: 4600 + 59 })).toBeDefined(); // go-jose's one-minute leeway
    expect(checkServiceAccountClaims({ ...claims }, { ...opts, nowSeconds: 1000 - 61 })).toBeUndefined();
    expect(checkServiceAccountClaims({ ...claims, sub: 'system:serviceaccount:kube-system:admin' }, opts)).toBeUndefined();
    expect(checkServiceAccountClaims({ ...claims, exp: '4600' }, opts)).toBeUndefined();
  });
  it('authenticates as the ServiceAccount user with its groups', () => {
    expect(serviceAccountUser({ namespace: 'ci', name: 'builder', uid: 'u-1', jti: 'j-1' })).toEqual({
      username: 'system:serviceaccount:ci:builder',
      uid: 'u-1',
      groups: ['system:serviceaccounts', 'system:serviceaccounts:ci', 'system:authenticated'],
      extra: { 'authentication.kubernetes.io/credential-id': ['JTI=j-1'] },
    });
  });
});

describe('admitTokenRequest (upstream ValidateTokenRequest)', () => {
  const aud = [DEFAULT_ISSUER];
  it('defaults to the server audiences and an hour', () => {
    expect(admitTokenRequest({}, 'ci', 'builder', aud)).toEqual({ audiences: aud, expirationSeconds: 3600 });
    expect(admitTokenRequest({ spec: { audiences: ['vault'], expirationSeconds: 600 } }, 'ci', 'builder', aud)).toEqual({ audiences: ['vault'], expirationSeconds: 600 });
  });
  it('refuses under ten minutes and over 2^32 seconds in upstream\'s words', () => {
    const fail = (spec: object) => {
      try {
        admitTokenRequest({ spec }, 'ci', 'builder', aud);
      } catch (e) {
        return (e as ApiError).message;
      }
      return 'accepted';
    };
    expect(fail({ expirationSeconds: 599 })).toBe('TokenRequest.authentication.k8s.io "builder" is invalid: spec.expirationSeconds: Invalid value: 599: may not specify a duration less than 10 minutes');
    expect(fail({ expirationSeconds: 2 ** 32 + 1 })).toBe('TokenRequest.authentication.k8s.io "builder" is invalid: spec.expirationSeconds: Invalid value: 4294967297: may not specify a duration larger than 2^32 seconds');
  });
});
