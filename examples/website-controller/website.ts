// The Website kind and the pure builders the controller reconciles towards (sample-controller's
// newDeployment(foo)): given a Website, what its Deployment, Service and status should be.
import type { Deployment } from 'kubernetes-types/apps/v1';
import type { Service } from 'kubernetes-types/core/v1';
import type { ObjectMeta, OwnerReference } from 'kubernetes-types/meta/v1';

export const GROUP = 'example.kubeflare.dev';
export const VERSION = 'v1';
/** The resource the controller watches, as a client ref. */
export const WEBSITES = { group: GROUP, version: VERSION, plural: 'websites' } as const;
/** Field manager and label value naming this controller. */
export const CONTROLLER_NAME = 'website-controller';

/** A Website custom object (the server applies the schema's defaults: image nginx, replicas 1). */
export interface Website {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMeta;
  spec?: { image?: string; replicas?: number; port?: number };
  status?: { availableReplicas?: number; observedGeneration?: number };
}

/** The controller reference that lets the garbage collector delete a dependent with its Website. */
export function ownerReference(site: Website): OwnerReference {
  return {
    apiVersion: `${GROUP}/${VERSION}`,
    kind: 'Website',
    name: site.metadata!.name!,
    uid: site.metadata!.uid!,
    controller: true,
    blockOwnerDeletion: true,
  };
}

/** True when `obj` is controlled by `site` (same uid), so the controller may change it. */
export function isOwnedBy(obj: { metadata?: ObjectMeta }, site: Website): boolean {
  return (obj.metadata?.ownerReferences ?? []).some((r) => r.controller && r.uid === site.metadata?.uid);
}

/** The `namespace/name` of the Website controlling `obj`, if any. */
export function controllingWebsite(obj: { metadata?: ObjectMeta }): string | undefined {
  const ref = (obj.metadata?.ownerReferences ?? []).find((r) => r.controller && r.kind === 'Website' && r.apiVersion.startsWith(`${GROUP}/`));
  return ref ? `${obj.metadata?.namespace}/${ref.name}` : undefined;
}

function labels(site: Website): Record<string, string> {
  return { 'app.kubernetes.io/name': site.metadata!.name!, 'app.kubernetes.io/managed-by': CONTROLLER_NAME };
}

function meta(site: Website): ObjectMeta {
  return { name: site.metadata!.name!, namespace: site.metadata!.namespace!, labels: labels(site), ownerReferences: [ownerReference(site)] };
}

/** The Deployment serving a Website: `replicas` pods of `image` listening on `port`. */
export function desiredDeployment(site: Website): Deployment {
  const spec = site.spec ?? {};
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: meta(site),
    spec: {
      replicas: spec.replicas ?? 1,
      selector: { matchLabels: labels(site) },
      template: {
        metadata: { labels: labels(site) },
        spec: { containers: [{ name: 'web', image: spec.image ?? 'nginx', ports: [{ name: 'http', containerPort: spec.port ?? 80 }] }] },
      },
    },
  };
}

/** The Service in front of a Website's pods, on the Website's port. */
export function desiredService(site: Website): Service {
  const port = site.spec?.port ?? 80;
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: meta(site),
    spec: { selector: labels(site), ports: [{ name: 'http', port, targetPort: port, protocol: 'TCP' }] },
  };
}

/**
 * The Deployment with the fields the controller owns set as desired, or undefined when it already
 * matches (so an unchanged Website costs no write). Never mutates `current`.
 */
export function deploymentUpdate(current: Deployment, site: Website): Deployment | undefined {
  const want = desiredDeployment(site);
  const have = current.spec?.template.spec?.containers[0];
  const wantC = want.spec!.template.spec!.containers[0]!;
  if (current.spec?.replicas === want.spec!.replicas && have?.image === wantC.image && have?.ports?.[0]?.containerPort === wantC.ports![0]!.containerPort) {
    return undefined;
  }
  const next = structuredClone(current);
  next.spec!.replicas = want.spec!.replicas;
  next.spec!.template.spec = { ...next.spec!.template.spec, containers: [wantC] };
  return next;
}

/** The Service with its port set as desired, or undefined when it already matches. */
export function serviceUpdate(current: Service, site: Website): Service | undefined {
  const want = desiredService(site).spec!.ports![0]!;
  const have = current.spec?.ports?.[0];
  if (current.spec?.ports?.length === 1 && have?.port === want.port && have?.targetPort === want.targetPort) return undefined;
  const next = structuredClone(current);
  next.spec = { ...next.spec, ports: [want] };
  return next;
}

/** The Website status a Deployment implies, or undefined when the Website already shows it. */
export function statusUpdate(site: Website, deployment: Deployment | undefined): Website['status'] | undefined {
  const status = { availableReplicas: deployment?.status?.availableReplicas ?? 0, observedGeneration: site.metadata?.generation ?? 0 };
  const cur = site.status ?? {};
  if (cur.availableReplicas === status.availableReplicas && cur.observedGeneration === status.observedGeneration) return undefined;
  return status;
}
