// Validation rows after upstream's pkg/apis/networking/validation/validation_test.go (TestValidateIngress*, TestValidateIngressClass);
// routing by the Ingress API's host and path rules; the printers' cells as pkg/printers/internalversion prints them.
import type { Ingress, IngressClass } from 'kubernetes-types/networking/v1';
import { describe, expect, it } from 'vitest';
import { ingressLoadBalancer, routeIngress } from '../../../shared/network';
import { ingressClassPrinter, ingressPrinter } from '../../../shared/tables/network-printers';
import { validateIngress, validateIngressClass, validateIngressClassUpdate } from '../../../shared/validation/ingress';

const backend = (name = 'svc', number = 80) => ({ service: { name, port: { number } } });
const ing = (spec: object, annotations?: Record<string, string>) => ({ apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'foo', namespace: 'bar', ...(annotations ? { annotations } : {}) }, spec });
const messages = (spec: object, annotations?: Record<string, string>) => validateIngress(ing(spec, annotations)).map((c) => `${c.field}: ${c.message}`);
const withPath = (path: object) => ({ rules: [{ host: 'foo.bar.com', http: { paths: [path] } }] });

describe('Ingress validation', () => {
  it.each([
    ['a default backend only', { defaultBackend: backend() }],
    ['rules with Prefix, Exact and ImplementationSpecific paths', { rules: [{ host: 'foo.bar.com', http: { paths: [{ path: '/foo', pathType: 'Prefix', backend: backend() }, { path: '/bar', pathType: 'Exact', backend: backend('b', 8080) }, { pathType: 'ImplementationSpecific', backend: { service: { name: 'c', port: { name: 'http' } } } }] } }] }],
    ['a wildcard host', { rules: [{ host: '*.bar.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: backend() }] } }] }],
    ['a resource backend', { defaultBackend: { resource: { apiGroup: 'example.com', kind: 'Bucket', name: 'static' } } }],
  ])('valid: %s', (_, spec) => {
    expect(messages(spec)).toEqual([]);
  });

  it.each([
    ['neither rules nor defaultBackend', {}, ['spec: Invalid value: []networking.IngressRule(nil): either `defaultBackend` or `rules` must be specified']],
    ['an IP as host', { rules: [{ host: '127.0.0.1', http: { paths: [{ path: '/', pathType: 'Prefix', backend: backend() }] } }] }, ['spec.rules[0].host: Invalid value: "127.0.0.1": must be a DNS name, not an IP address']],
    ['pathType missing', withPath({ path: '/foo', backend: backend() }), ['spec.rules[0].http.paths[0].pathType: Required value: pathType must be specified']],
    ['pathType unknown', withPath({ path: '/foo', pathType: 'Regex', backend: backend() }), ['spec.rules[0].http.paths[0].pathType: Unsupported value: "Regex": supported values: "Exact", "ImplementationSpecific", "Prefix"']],
    ['a relative Prefix path', withPath({ path: 'foo', pathType: 'Prefix', backend: backend() }), ['spec.rules[0].http.paths[0].path: Invalid value: "foo": must be an absolute path']],
    ['// in an Exact path', withPath({ path: '/foo//bar', pathType: 'Exact', backend: backend() }), ["spec.rules[0].http.paths[0].path: Invalid value: \"/foo//bar\": must not contain '//'"]],
    ['a path ending in /..', withPath({ path: '/foo/..', pathType: 'Prefix', backend: backend() }), ["spec.rules[0].http.paths[0].path: Invalid value: \"/foo/..\": cannot end with '/..'"]],
    ['both service and resource', withPath({ path: '/', pathType: 'Prefix', backend: { ...backend(), resource: { kind: 'Bucket', name: 'b' } } }), ['spec.rules[0].http.paths[0].backend: Invalid value: "": cannot set both resource and service backends']],
    ['no backend', withPath({ path: '/', pathType: 'Prefix', backend: {} }), ['spec.rules[0].http.paths[0].backend: Invalid value: "": resource or service backend is required']],
    ['both port name and number', withPath({ path: '/', pathType: 'Prefix', backend: { service: { name: 'svc', port: { name: 'http', number: 80 } } } }), ['spec.rules[0].http.paths[0].backend: Invalid value: "": cannot set both port name & port number']],
    ['no port', withPath({ path: '/', pathType: 'Prefix', backend: { service: { name: 'svc', port: {} } } }), ['spec.rules[0].http.paths[0].backend: Required value: port name or number is required']],
    ['port out of range', { defaultBackend: backend('svc', 70000) }, ['spec.defaultBackend.service.port.number: Invalid value: 70000: must be between 1 and 65535, inclusive']],
    ['no paths', { rules: [{ host: 'foo.bar.com', http: { paths: [] } }] }, ['spec.rules[0].http.paths: Required value']],
  ])('invalid: %s', (_, spec, want) => {
    expect(messages(spec)).toEqual(want);
  });

  it('the legacy class annotation must match ingressClassName', () => {
    expect(messages({ ingressClassName: 'a', defaultBackend: backend() }, { 'kubernetes.io/ingress.class': 'b' })).toEqual([
      'annotations.kubernetes.io/ingress.class: Invalid value: "b": must match `ingressClassName` when both are specified',
    ]);
  });
});

describe('IngressClass validation', () => {
  const ic = (spec: object) => ({ apiVersion: 'networking.k8s.io/v1', kind: 'IngressClass', metadata: { name: 'test123' }, spec });
  it('controller is a domain-prefixed path; parameters need kind, name and a scope; controller is immutable', () => {
    expect(validateIngressClass(ic({ controller: 'foo.co/bar' }))).toEqual([]);
    expect(validateIngressClass(ic({ controller: 'foo' })).map((c) => c.message)).toEqual(['Invalid value: "foo": must be a domain-prefixed path (such as "acme.io/foo")']);
    expect(validateIngressClass(ic({ controller: 'foo.co/bar', parameters: { kind: 'foo', name: 'bar' } })).map((c) => `${c.field}: ${c.message}`)).toEqual(['spec.parameters.scope: Required value']);
    expect(validateIngressClass(ic({ controller: 'foo.co/bar', parameters: { kind: 'foo', name: 'bar', scope: 'Namespace' } })).map((c) => `${c.field}: ${c.message}`)).toEqual([
      "spec.parameters.namespace: Required value: `parameters.scope` is set to 'Namespace'",
    ]);
    expect(validateIngressClassUpdate(ic({ controller: 'foo.co/baz' }), ic({ controller: 'foo.co/bar' })).map((c) => c.field)).toEqual(['spec.controller']);
  });
});

describe('routing and the simulated controller', () => {
  const ingress: Ingress = {
    metadata: { name: 'web', namespace: 'shop' },
    spec: {
      ingressClassName: 'kubeflare',
      defaultBackend: { service: { name: 'fallback', port: { number: 80 } } },
      rules: [
        { host: 'shop.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } }, { path: '/api', pathType: 'Prefix', backend: { service: { name: 'api', port: { name: 'http' } } } }, { path: '/api/health', pathType: 'Exact', backend: { service: { name: 'health', port: { number: 81 } } } }] } },
        { host: '*.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'wild', port: { number: 80 } } } }] } },
      ],
    },
  };
  const svc = (host: string, path: string) => {
    const r = routeIngress(ingress, host, path);
    return r.ok ? r.backend.service?.name : r.error;
  };

  it.each([
    ['shop.example.com', '/', 'web'],
    ['shop.example.com', '/api', 'api'],
    ['shop.example.com', '/api/', 'api'],
    ['shop.example.com', '/api/orders', 'api'],
    ['shop.example.com', '/apiary', 'web'],
    ['shop.example.com', '/api/health', 'health'],
    ['shop.example.com', '/api/health/x', 'api'],
    ['blog.example.com', '/x', 'wild'],
    ['a.b.example.com', '/', 'fallback'],
    ['other.org', '/', 'fallback'],
  ])('%s%s → %s (longest path, Exact first, Prefix by path element, wildcard one label)', (host, path, want) => {
    expect(svc(host, path)).toBe(want);
  });

  it('no match and no default backend: the controller answers 404', () => {
    const { defaultBackend: _, ...spec } = ingress.spec!;
    expect(routeIngress({ ...ingress, spec }, 'other.org', '/')).toEqual({ ok: false, error: 'no rule of ingress shop/web matches host "other.org" path "/" and it has no defaultBackend (the controller answers 404)' });
  });

  it('publishes its address for Ingresses of its class or the default class, and leaves others alone', () => {
    const ours: IngressClass = { metadata: { name: 'kubeflare' }, spec: { controller: 'kubeflare.dev/ingress-controller' } };
    const nginx: IngressClass = { metadata: { name: 'nginx', annotations: { 'ingressclass.kubernetes.io/is-default-class': 'true' } }, spec: { controller: 'k8s.io/ingress-nginx' } };
    expect(ingressLoadBalancer(ingress, [ours, nginx])).toEqual({ ingress: [{ ip: '198.51.100.10' }] });
    expect(ingressLoadBalancer({ ...ingress, spec: { ...ingress.spec, ingressClassName: 'nginx' } }, [ours, nginx])).toBeUndefined();
    const classless = { ...ingress, spec: { ...ingress.spec, ingressClassName: undefined } };
    expect(ingressLoadBalancer(classless, [ours, nginx])).toBeUndefined();
    expect(ingressLoadBalancer(classless, [{ ...ours, metadata: { name: 'kubeflare', annotations: { 'ingressclass.kubernetes.io/is-default-class': 'true' } } }])).toEqual({ ingress: [{ ip: '198.51.100.10' }] });
  });
});

describe('printers', () => {
  it('Ingress: NAME CLASS HOSTS ADDRESS PORTS AGE; IngressClass: NAME CONTROLLER PARAMETERS AGE', () => {
    const now = Date.parse('2024-01-01T00:10:00Z');
    const meta = { name: 'web', creationTimestamp: '2024-01-01T00:00:00Z' };
    const rules = ['a.com', 'b.com', 'c.com', 'd.com'].map((host) => ({ host }));
    expect(ingressPrinter.columns.map((c) => c.name)).toEqual(['Name', 'Class', 'Hosts', 'Address', 'Ports', 'Age']);
    expect(ingressPrinter.print({ metadata: meta, spec: { rules, tls: [{}] }, status: { loadBalancer: { ingress: [{ ip: '198.51.100.10' }] } } } as never, now).cells).toEqual([
      'web',
      '<none>',
      'a.com,b.com,c.com + 1 more...',
      '198.51.100.10',
      '80, 443',
      '10m',
    ]);
    expect(ingressPrinter.print({ metadata: meta, spec: { ingressClassName: 'x', defaultBackend: {} } } as never, now).cells.slice(1, 5)).toEqual(['x', '*', '', '80']);
    expect(ingressClassPrinter.print({ metadata: meta, spec: { controller: 'k8s.io/ingress-nginx', parameters: { apiGroup: 'k8s.example.com', kind: 'IngressParameters', name: 'external-lb' } } } as never, now).cells).toEqual([
      'web',
      'k8s.io/ingress-nginx',
      'IngressParameters.k8s.example.com/external-lb',
      '10m',
    ]);
  });
});
