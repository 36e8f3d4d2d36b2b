// Manifests shared by several e2e files.
import { manifest } from './kubectl';

/** A Deployment, its Service and a ConfigMap, all labelled app=<name>. */
export function webApp(name = 'web', opts: { replicas?: number; greeting?: string; image?: string } = {}) {
  const labels = { app: name };
  return {
    deployment: {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name, labels },
      spec: {
        replicas: opts.replicas ?? 2,
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: { containers: [{ name: 'nginx', image: opts.image ?? 'nginx:1.25', ports: [{ containerPort: 80 }] }] },
        },
      },
    },
    service: {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name, labels },
      spec: { selector: labels, ports: [{ port: 80, targetPort: 80 }] },
    },
    configMap: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `${name}-config`, labels }, data: { greeting: opts.greeting ?? 'hello' } },
  };
}

/** The three objects of `webApp` as one multi-document manifest. */
export function webAppManifest(name = 'web', opts: Parameters<typeof webApp>[1] = {}): string {
  const a = webApp(name, opts);
  return manifest(a.deployment, a.service, a.configMap);
}

/** A ConfigMap manifest. */
export function configMap(name: string, data: Record<string, string> = {}, metadata: Record<string, unknown> = {}) {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, ...metadata }, data };
}
