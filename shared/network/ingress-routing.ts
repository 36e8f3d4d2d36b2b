import type { Ingress, IngressBackend, IngressClass } from 'kubernetes-types/networking/v1';

/** The simulated ingress controller's name in IngressClass spec.controller, and the address it publishes. */
export const INGRESS_CONTROLLER = 'kubeflare.dev/ingress-controller';
export const INGRESS_ADDRESS = '198.51.100.10';
export const DEFAULT_CLASS_ANNOTATION = 'ingressclass.kubernetes.io/is-default-class';
const CLASS_ANNOTATION = 'kubernetes.io/ingress.class';

/** The IngressClass an Ingress belongs to: spec.ingressClassName, the legacy annotation, else the default class. */
export function ingressClassOf(ing: Ingress, classes: IngressClass[]): IngressClass | undefined {
  const name = ing.spec?.ingressClassName ?? ing.metadata?.annotations?.[CLASS_ANNOTATION];
  if (name !== undefined) return classes.find((c) => c.metadata?.name === name);
  return classes.find((c) => c.metadata?.annotations?.[DEFAULT_CLASS_ANNOTATION] === 'true');
}

/**
 * What the simulated controller writes in status.loadBalancer: its address for Ingresses of a class it
 * controls; undefined for the others (another controller's business, so their status is left alone).
 */
export function ingressLoadBalancer(ing: Ingress, classes: IngressClass[]): { ingress: { ip: string }[] } | undefined {
  return ingressClassOf(ing, classes)?.spec?.controller === INGRESS_CONTROLLER ? { ingress: [{ ip: INGRESS_ADDRESS }] } : undefined;
}

function hostMatches(ruleHost: string | undefined, host: string): boolean {
  if (!ruleHost) return true;
  if (ruleHost.startsWith('*.')) {
    // a wildcard covers exactly one DNS label
    const rest = host.slice(host.indexOf('.') + 1);
    return host.includes('.') && rest === ruleHost.slice(2) && host.indexOf('.') > 0;
  }
  return ruleHost === host;
}

/** Prefix matching element by element, a trailing slash ignored: /foo matches /foo and /foo/bar, not /foobar. */
function prefixMatches(prefix: string, path: string): boolean {
  const p = prefix.replace(/\/+$/, '');
  if (p === '') return true;
  return path === p || path.startsWith(`${p}/`);
}

export type IngressRoute = { ok: true; backend: IngressBackend; rule?: number; path?: string; pathType?: string } | { ok: false; error: string };

/**
 * The backend an Ingress sends a request for host and path to, by the API's matching rules: the rules whose
 * host matches (exactly, or one label under a wildcard; none means any host), then the longest matching path
 * (Exact before Prefix at equal length; ImplementationSpecific matched as Prefix here), else defaultBackend.
 */
export function routeIngress(ing: Ingress, host: string, path: string): IngressRoute {
  let best: { backend: IngressBackend; rule: number; path: string; pathType: string; score: number } | undefined;
  (ing.spec?.rules ?? []).forEach((rule, i) => {
    if (!hostMatches(rule.host, host)) return;
    for (const p of rule.http?.paths ?? []) {
      const rulePath = p.path ?? '/';
      const exact = p.pathType === 'Exact';
      const hit = exact ? rulePath === path : prefixMatches(rulePath, path);
      if (!hit) continue;
      const score = rulePath.replace(/\/+$/, '').length * 2 + (exact ? 1 : 0);
      if (!best || score > best.score) best = { backend: p.backend, rule: i, path: rulePath, pathType: p.pathType, score };
    }
  });
  if (best) return { ok: true, backend: best.backend, rule: best.rule, path: best.path, pathType: best.pathType };
  if (ing.spec?.defaultBackend) return { ok: true, backend: ing.spec.defaultBackend };
  return { ok: false, error: `no rule of ingress ${ing.metadata?.namespace}/${ing.metadata?.name} matches host "${host}" path "${path}" and it has no defaultBackend (the controller answers 404)` };
}
