import { describe, expect, it } from 'vitest';
import { loadKubeconfig } from '../../../shared/client';
import { tokenForServer } from '../../../shared/client/kubeconfig';

const CONFIG = `
apiVersion: v1
kind: Config
clusters:
- name: kubeflare
  cluster:
    server: http://127.0.0.1:8799
    insecure-skip-tls-verify: true
- name: prod
  cluster:
    server: https://prod.example.dev
contexts:
- name: kubeflare
  context: {cluster: kubeflare, user: kubeflare, namespace: default}
- name: prod
  context: {cluster: prod, user: admin}
- name: broken
  context: {cluster: missing, user: admin}
current-context: kubeflare
users:
- name: kubeflare
  user: {}
- name: admin
  user:
    token: abc.def
`;

describe('loadKubeconfig', () => {
  it.each([
    ['the current context', undefined, { server: 'http://127.0.0.1:8799', context: 'kubeflare', namespace: 'default', insecureSkipTlsVerify: true }],
    ['a named context with a token', 'prod', { server: 'https://prod.example.dev', context: 'prod', token: 'abc.def' }],
  ])('resolves %s', (_name, context, want) => {
    expect(loadKubeconfig(CONFIG, context)).toEqual(want);
  });

  it.each([
    ['an unknown context', 'nope', 'context was not found for specified context: nope'],
    ['a context whose cluster is missing', 'broken', 'invalid configuration: cluster has no server defined (context "broken", cluster "missing")'],
  ])('rejects %s', (_name, context, message) => {
    expect(() => loadKubeconfig(CONFIG, context)).toThrow(message);
  });

  it('rejects an empty config as kubectl does', () => {
    expect(() => loadKubeconfig('')).toThrow('invalid configuration: no configuration has been provided');
  });

  it('reads JSON kubeconfigs too', () => {
    const json = JSON.stringify({ 'current-context': 'c', contexts: [{ name: 'c', context: { cluster: 'k', user: 'u' } }], clusters: [{ name: 'k', cluster: { server: 'https://x' } }], users: [{ name: 'u', user: { token: 't' } }] });
    expect(loadKubeconfig(json)).toEqual({ server: 'https://x', context: 'c', token: 't' });
  });
});

describe('tokenForServer', () => {
  const text = `
current-context: other
clusters:
- name: dev
  cluster: { server: 'https://127.0.0.1:8787/' }
- name: prod
  cluster: { server: 'https://prod.example:6443' }
contexts:
- name: other
  context: { cluster: prod, user: prod-admin }
- name: dev
  context: { cluster: dev, user: dev-admin }
users:
- name: prod-admin
  user: { token: prod-token }
- name: dev-admin
  user: { token: dev-token }
`;
  it("gives the token of the user paired with the server's cluster, whatever the current context", () => {
    expect(tokenForServer(text, 'https://127.0.0.1:8787')).toBe('dev-token');
    expect(tokenForServer(text, 'https://prod.example:6443/')).toBe('prod-token');
  });
  it('gives none for a server no context names, and refuses text that is not YAML', () => {
    expect(tokenForServer(text, 'https://elsewhere:443')).toBeUndefined();
    expect(() => tokenForServer('a: [', 'https://x')).toThrow(/^error loading config/);
  });
});
