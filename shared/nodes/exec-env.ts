import type { Container, Pod, Service } from 'kubernetes-types/core/v1';
import type { ConfigObjects } from './container-config';
import { containerEnv } from './container-command';

/** The PATH of busybox and most distribution images (their image config's Env). */
export const IMAGE_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** An env var name from a Service name, as the kubelet makes it (pkg/kubelet/envvars makeEnvVariableName). */
function envName(service: string): string {
  return service.replace(/-/g, '_').toUpperCase();
}

/**
 * The variables the kubelet gives a container for each Service (pkg/kubelet/envvars FromServices):
 * `<NAME>_SERVICE_HOST`, `<NAME>_SERVICE_PORT`, one `<NAME>_SERVICE_PORT_<PORT>` per named port, and
 * the Docker link variables. Services without a cluster IP (headless) give none.
 *
 * @example serviceEnvVars([kubernetesService])[0] // ['KUBERNETES_SERVICE_HOST', '10.96.0.1']
 */
export function serviceEnvVars(services: Service[]): [string, string][] {
  const out: [string, string][] = [];
  for (const s of services) {
    const ip = s.spec?.clusterIP;
    const ports = s.spec?.ports ?? [];
    if (!ip || ip === 'None' || !ports.length) continue;
    const prefix = envName(s.metadata?.name ?? '');
    out.push([`${prefix}_SERVICE_HOST`, ip], [`${prefix}_SERVICE_PORT`, String(ports[0]!.port)]);
    for (const p of ports) if (p.name) out.push([`${prefix}_SERVICE_PORT_${envName(p.name)}`, String(p.port)]);
    ports.forEach((p, i) => {
      const proto = (p.protocol ?? 'TCP').toLowerCase();
      const url = `${proto}://${ip.includes(':') ? `[${ip}]` : ip}:${p.port}`;
      if (i === 0) out.push([`${prefix}_PORT`, url]);
      const pp = `${prefix}_PORT_${p.port}_${proto.toUpperCase()}`;
      out.push([pp, url], [`${pp}_PROTO`, proto], [`${pp}_PORT`, String(p.port)], [`${pp}_ADDR`, ip]);
    });
  }
  return out;
}

/**
 * The Services whose variables a pod gets: those of its namespace when `enableServiceLinks` is not
 * false, and always the master Service `default/kubernetes` (the kubelet's getServiceEnvVarMap).
 * Sorted by name (the kubelet's order comes from a map and is not stable).
 */
export function linkedServices(pod: Pod, namespaceServices: Service[], kubernetes: Service | undefined): Service[] {
  const byName = new Map<string, Service>();
  if (pod.spec?.enableServiceLinks !== false) for (const s of namespaceServices) byName.set(s.metadata?.name ?? '', s);
  if (kubernetes) byName.set('kubernetes', kubernetes);
  return [...byName.values()].sort((a, b) => (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? ''));
}

/**
 * The environment an exec'd process starts with, in the order `env` prints it: the image's PATH,
 * HOSTNAME, the service variables, the container's envFrom and env (which override them), HOME, and
 * TERM when a terminal is attached.
 */
export function execEnvironment(pod: Pod, c: Container, objects: ConfigObjects, services: [string, string][], tty = false): Map<string, string> {
  const env = new Map<string, string>([['PATH', IMAGE_PATH]]);
  const own = containerEnv(pod, c, objects);
  env.set('HOSTNAME', own.get('HOSTNAME')!);
  for (const [k, v] of services) env.set(k, v);
  for (const [k, v] of own) env.set(k, v);
  if (!env.has('HOME')) env.set('HOME', '/root');
  if (tty && !env.has('TERM')) env.set('TERM', 'xterm');
  return env;
}
