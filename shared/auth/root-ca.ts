import type { ConfigMap, Namespace } from 'kubernetes-types/core/v1';
import type { ChangeNotice } from '../apiserver/change-notice';

/** The ConfigMap upstream's root-ca-cert-publisher keeps in every namespace (pkg/controller/certificates/rootcacertpublisher). */
export const ROOT_CA_CONFIG_MAP = 'kube-root-ca.crt';
const DESCRIPTION_ANNOTATION = 'kubernetes.io/description';
const DESCRIPTION =
  'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.';

/**
 * The CA bundle published as ca.crt. Kubeflare's API server has no certificate authority of its own
 * (`wrangler dev` serves plain HTTP on loopback; a deployed Worker is served under Cloudflare's
 * certificate, which public roots already verify), so the bundle is a placeholder that says so: it
 * is a well-formed PEM block any client can read, not a certificate to trust.
 */
export const ROOT_CA_PLACEHOLDER = [
  '-----BEGIN CERTIFICATE-----',
  // base64 of: "kubeflare placeholder: no cluster CA; the API is served by Cloudflare's certificate or plain HTTP on loopback"
  'a3ViZWZsYXJlIHBsYWNlaG9sZGVyOiBubyBjbHVzdGVyIENBOyB0aGUgQVBJIGlzIHNlcnZlZCBieSBD',
  'bG91ZGZsYXJlJ3MgY2VydGlmaWNhdGUgb3IgcGxhaW4gSFRUUCBvbiBsb29wYmFjaw==',
  '-----END CERTIFICATE-----',
  '',
].join('\n');

/** What the publisher writes for one namespace: create the ConfigMap, put back its data, or nothing. */
export type RootCaAction = { kind: 'create'; configMap: ConfigMap } | { kind: 'update'; configMap: ConfigMap } | undefined;

/**
 * The publisher's sync for one namespace (upstream's Publisher.syncNamespace): nothing in a namespace
 * that is gone or terminating (upstream learns it from the create's refusal; knowing it first spares
 * the write); a missing ConfigMap is created; one whose data is not exactly `ca.crt` or that lost its
 * description annotation is updated back (other data keys dropped; other annotations and binaryData
 * kept, as upstream's does).
 */
export function rootCaSync(namespace: Namespace | undefined, existing: ConfigMap | undefined, caPem = ROOT_CA_PLACEHOLDER): RootCaAction {
  const name = namespace?.metadata?.name;
  if (!name || namespace.metadata?.deletionTimestamp || namespace.status?.phase === 'Terminating') return undefined;
  const data = { 'ca.crt': caPem };
  if (!existing) {
    return { kind: 'create', configMap: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: ROOT_CA_CONFIG_MAP, namespace: name, annotations: { [DESCRIPTION_ANNOTATION]: DESCRIPTION } }, data } };
  }
  const current = existing.data ?? {};
  const same = Object.keys(current).length === 1 && current['ca.crt'] === caPem && !!existing.metadata?.annotations?.[DESCRIPTION_ANNOTATION];
  if (same) return undefined;
  const annotations = { ...existing.metadata?.annotations, [DESCRIPTION_ANNOTATION]: DESCRIPTION };
  return { kind: 'update', configMap: { ...existing, metadata: { ...existing.metadata, annotations }, data } };
}

/**
 * The notices upstream's publisher enqueues a namespace for: a namespace added or updated (not one
 * terminating: it gets no ConfigMap), and its kube-root-ca.crt updated or deleted. A ConfigMap added
 * is not one (mostly the publisher's own create coming back).
 */
export function rootCaNoticeWanted(n: ChangeNotice): boolean {
  if (n.resource === 'namespaces') return n.type !== 'DELETED' && !n.deleting;
  return n.name === ROOT_CA_CONFIG_MAP && n.type !== 'ADDED';
}
