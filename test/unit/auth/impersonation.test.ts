// Cases from upstream's filters/impersonation_test.go: which checks a request needs, and the user it becomes.
import { describe, expect, it } from 'vitest';
import { impersonationPlan } from '../../../shared/auth/impersonation';

const bob = { username: 'bob', groups: ['system:authenticated'] };
const plan = (h: Record<string, string>) => impersonationPlan(bob, Object.entries(h));

describe('impersonationPlan', () => {
  it('no headers: no impersonation', () => expect(plan({})).toBeUndefined());
  it('a user, with groups: one check each, system:authenticated added', () => {
    const p = plan({ 'Impersonate-User': 'alice', 'Impersonate-Group': 'dev, ops' })!;
    expect(p.user).toEqual({ username: 'alice', groups: ['dev', 'ops', 'system:authenticated'] });
    expect(p.checks.map((c) => [c.verb, c.apiGroup, c.resource, c.namespace, c.name])).toEqual([
      ['impersonate', '', 'users', '', 'alice'],
      ['impersonate', '', 'groups', '', 'dev'],
      ['impersonate', '', 'groups', '', 'ops'],
    ]);
    expect(p.checks[0]!.user).toBe(bob);
  });
  it('a ServiceAccount is checked as serviceaccounts in its namespace and gets its groups', () => {
    const p = plan({ 'impersonate-user': 'system:serviceaccount:ci:builder' })!;
    expect(p.checks.map((c) => [c.resource, c.namespace, c.name])).toEqual([['serviceaccounts', 'ci', 'builder']]);
    expect(p.user.groups).toEqual(['system:serviceaccounts', 'system:serviceaccounts:ci', 'system:authenticated']);
  });
  it('anonymous becomes system:unauthenticated; uid and extra are checked in authentication.k8s.io', () => {
    const p = plan({ 'impersonate-user': 'system:anonymous', 'impersonate-uid': 'u-9', 'impersonate-extra-scopes': 'a' })!;
    expect(p.user).toEqual({ username: 'system:anonymous', uid: 'u-9', groups: ['system:unauthenticated'], extra: { scopes: ['a'] } });
    expect(p.checks.map((c) => [c.apiGroup, c.resource, c.subresource, c.name])).toEqual([
      ['', 'users', '', 'system:anonymous'],
      ['authentication.k8s.io', 'uids', '', 'u-9'],
      ['authentication.k8s.io', 'userextras', 'scopes', 'a'],
    ]);
  });
  it('groups without a user is 400', () => expect(() => plan({ 'impersonate-group': 'dev' })).toThrow(/without impersonating a user/));
});
