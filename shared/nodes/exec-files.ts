import type { ConfigMap, Container, Pod, VolumeProjection } from 'kubernetes-types/core/v1';
import type { ConfigObjects } from './container-config';
import { configVolumeMounts, decodeSecretData, mountedFile, type VolumeMountView } from './container-command';
import type { ExecPlan } from './exec-shell';

/**
 * What a pod's projected volumes show besides what they read from ConfigMaps: the token the kubelet
 * requested for its ServiceAccount (bound to the pod), and the ConfigMaps they project
 * (kube-root-ca.crt for kube-api-access). Absent when the caller has none to give.
 */
export interface ProjectedSources {
  serviceAccountToken?: string;
  configMaps: Map<string, ConfigMap>;
}

interface ProjectedMount {
  dir: string;
  sources: VolumeProjection[];
}

/** The container's projected volume mounts (kube-api-access-XXXXX and any the pod declares). */
function projectedMounts(pod: Pod, c: Container): ProjectedMount[] {
  const out: ProjectedMount[] = [];
  for (const m of c.volumeMounts ?? []) {
    const vol = (pod.spec?.volumes ?? []).find((v) => v.name === m.name);
    if (vol?.projected && !m.subPath) out.push({ dir: m.mountPath.replace(/\/+$/, ''), sources: vol.projected.sources ?? [] });
  }
  return out;
}

/** The ConfigMaps a pod's projected volumes read, and whether one asks for a ServiceAccount token. */
export function projectedReferences(pod: Pod): { configMaps: string[]; serviceAccountToken: boolean } {
  const sources = (pod.spec?.volumes ?? []).flatMap((v) => v.projected?.sources ?? []);
  return {
    configMaps: [...new Set(sources.flatMap((s) => (s.configMap?.name ? [s.configMap.name] : [])))],
    serviceAccountToken: sources.some((s) => s.serviceAccountToken),
  };
}

/** A downwardAPI item's value for the fields the simulation knows (the pod's identity). */
function fieldValue(pod: Pod, fieldPath: string): string | undefined {
  const m = pod.metadata ?? {};
  const fields: Record<string, string | undefined> = { 'metadata.namespace': m.namespace, 'metadata.name': m.name, 'metadata.uid': m.uid, 'spec.serviceAccountName': pod.spec?.serviceAccountName, 'spec.nodeName': pod.spec?.nodeName };
  return fields[fieldPath];
}

/** Every file a projected mount shows, by its path under the mount, with its content. */
function projectedFiles(pod: Pod, m: ProjectedMount, p: ProjectedSources | undefined): Map<string, string> {
  const files = new Map<string, string>();
  for (const s of m.sources) {
    if (s.serviceAccountToken && p?.serviceAccountToken !== undefined) files.set(s.serviceAccountToken.path, p.serviceAccountToken);
    if (s.configMap?.name) {
      const cm = p?.configMaps.get(s.configMap.name);
      const data: Record<string, string> = { ...(cm?.data ?? {}), ...decodeSecretData(cm?.binaryData) };
      for (const [key, path] of (s.configMap.items ?? Object.keys(data).map((key) => ({ key, path: key }))).map((it) => [it.key, it.path] as const)) if (data[key] !== undefined) files.set(path, data[key]);
    }
    for (const it of s.downwardAPI?.items ?? []) {
      const v = it.fieldRef && fieldValue(pod, it.fieldRef.fieldPath);
      if (v !== undefined) files.set(it.path, v);
    }
  }
  return files;
}

/** The content of a projected volume's file at `path`, if one shows it. */
function projectedContent(pod: Pod, c: Container, path: string, p: ProjectedSources | undefined): string | undefined {
  for (const m of projectedMounts(pod, c)) {
    if (!path.startsWith(`${m.dir}/`)) continue;
    const content = projectedFiles(pod, m, p).get(path.slice(m.dir.length + 1));
    if (content !== undefined) return content;
  }
  return undefined;
}

/** The keys a mounted ConfigMap or Secret volume shows as files, with their content; undefined when it does not exist. */
function volumeData(m: Pick<VolumeMountView, 'source' | 'name'>, objects: ConfigObjects): Record<string, string> | undefined {
  if (m.source === 'secret') return decodeSecretData(objects.secrets.get(m.name)?.data ?? (objects.secrets.has(m.name) ? {} : undefined));
  const cm = objects.configMaps.get(m.name);
  if (!cm) return undefined;
  return { ...(cm.data ?? {}), ...decodeSecretData(cm.binaryData) };
}

/** The file names a mount shows: its items' paths, else every key. */
function mountEntries(m: VolumeMountView, objects: ConfigObjects): string[] {
  const data = volumeData(m, objects);
  if (!data) return [];
  const names = m.items ? m.items.filter((it) => it.key in data).map((it) => it.path.split('/')[0]!) : Object.keys(data);
  return [...new Set(names)].sort();
}

/**
 * What reading `path` in the container gives: the content of the ConfigMap or Secret key mounted
 * there, or busybox's error (`can't open 'x': No such file or directory`, `read error: Is a directory`).
 */
export function readMountedFile(pod: Pod, c: Container, objects: ConfigObjects, path: string, projected?: ProjectedSources): { content: string } | { error: string } {
  const f = mountedFile(pod, c, path);
  const content = (f && volumeData(f, objects)?.[f.key]) ?? projectedContent(pod, c, normalise(path, '/'), projected);
  if (content !== undefined) return { content };
  if (isDirectory(pod, c, path)) return { error: 'read error: Is a directory' };
  return { error: `can't open '${path}': No such file or directory` };
}

function normalise(path: string, cwd: string): string {
  const abs = path.startsWith('/') ? path : `${cwd.replace(/\/+$/, '')}/${path}`;
  return abs.length > 1 ? abs.replace(/\/+$/, '') : abs;
}

/** A mount's directory or one of its parents. */
function isDirectory(pod: Pod, c: Container, path: string): boolean {
  const p = normalise(path, '/');
  const dirs = [...configVolumeMounts(pod, c).filter((m) => !m.subPath), ...projectedMounts(pod, c)].map((m) => m.dir);
  return dirs.some((d) => d === p || d.startsWith(p === '/' ? '/' : `${p}/`));
}

/** What a directory holds, as far as the simulation knows it: a mount's files, or the next path segment towards mounts. */
function directoryEntries(pod: Pod, c: Container, objects: ConfigObjects, dir: string, projected?: ProjectedSources): string[] | undefined {
  const names = new Set<string>();
  let found = false;
  for (const m of projectedMounts(pod, c)) {
    if (m.dir === dir) {
      found = true;
      for (const n of projectedFiles(pod, m, projected).keys()) names.add(n.split('/')[0]!);
    } else if (m.dir.startsWith(dir === '/' ? '/' : `${dir}/`)) {
      found = true;
      names.add(m.dir.slice(dir === '/' ? 1 : dir.length + 1).split('/')[0]!);
    }
  }
  for (const m of configVolumeMounts(pod, c)) {
    if (m.subPath) {
      const parent = m.dir.slice(0, m.dir.lastIndexOf('/')) || '/';
      if (parent === dir) names.add(m.dir.slice(m.dir.lastIndexOf('/') + 1));
      found ||= parent === dir;
      continue;
    }
    if (m.dir === dir) {
      found = true;
      for (const n of mountEntries(m, objects)) names.add(n);
    } else if (m.dir.startsWith(dir === '/' ? '/' : `${dir}/`)) {
      found = true;
      names.add(m.dir.slice(dir === '/' ? 1 : dir.length + 1).split('/')[0]!);
    }
  }
  return found ? [...names].sort() : undefined;
}

/**
 * busybox `ls` over what the simulation knows of the filesystem: the configMap, secret and projected
 * volumes the container mounts (their keys as files) and the directories leading to them. Any other path is
 * reported missing; the image's own files are not modelled.
 */
export function listMounted(pod: Pod, c: Container, objects: ConfigObjects, paths: string[], cwd: string, projected?: ProjectedSources): ExecPlan {
  const targets = paths.length ? paths : [cwd];
  let out = '';
  let err = '';
  const sections: string[] = [];
  for (const raw of targets) {
    const p = normalise(raw, cwd);
    const entries = directoryEntries(pod, c, objects, p, projected);
    if (entries) {
      sections.push(targets.length > 1 ? `${raw}:\n${entries.map((e) => `${e}\n`).join('')}` : entries.map((e) => `${e}\n`).join(''));
      continue;
    }
    const f = mountedFile(pod, c, p);
    if ((f && volumeData(f, objects)?.[f.key] !== undefined) || projectedContent(pod, c, p, projected) !== undefined) out += `${raw}\n`;
    else err += `ls: ${raw}: No such file or directory\n`;
  }
  out += sections.join('\n');
  const steps = [...(out ? [{ out }] : []), ...(err ? [{ err }] : [])];
  return { steps, exitCode: err ? 1 : 0 };
}
