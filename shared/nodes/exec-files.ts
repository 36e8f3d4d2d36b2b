import type { Container, Pod } from 'kubernetes-types/core/v1';
import type { ConfigObjects } from './container-config';
import { configVolumeMounts, decodeSecretData, mountedFile, type VolumeMountView } from './container-command';
import type { ExecPlan } from './exec-shell';

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
export function readMountedFile(pod: Pod, c: Container, objects: ConfigObjects, path: string): { content: string } | { error: string } {
  const f = mountedFile(pod, c, path);
  const content = f && volumeData(f, objects)?.[f.key];
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
  return configVolumeMounts(pod, c).some((m) => !m.subPath && (m.dir === p || m.dir.startsWith(p === '/' ? '/' : `${p}/`)));
}

/** What a directory holds, as far as the simulation knows it: a mount's files, or the next path segment towards mounts. */
function directoryEntries(pod: Pod, c: Container, objects: ConfigObjects, dir: string): string[] | undefined {
  const names = new Set<string>();
  let found = false;
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
 * busybox `ls` over what the simulation knows of the filesystem: the configMap and secret volumes the
 * container mounts (their keys as files) and the directories leading to them. Any other path is
 * reported missing; the image's own files are not modelled.
 */
export function listMounted(pod: Pod, c: Container, objects: ConfigObjects, paths: string[], cwd: string): ExecPlan {
  const targets = paths.length ? paths : [cwd];
  let out = '';
  let err = '';
  const sections: string[] = [];
  for (const raw of targets) {
    const p = normalise(raw, cwd);
    const entries = directoryEntries(pod, c, objects, p);
    if (entries) {
      sections.push(targets.length > 1 ? `${raw}:\n${entries.map((e) => `${e}\n`).join('')}` : entries.map((e) => `${e}\n`).join(''));
      continue;
    }
    const f = mountedFile(pod, c, p);
    if (f && volumeData(f, objects)?.[f.key] !== undefined) out += `${raw}\n`;
    else err += `ls: ${raw}: No such file or directory\n`;
  }
  out += sections.join('\n');
  const steps = [...(out ? [{ out }] : []), ...(err ? [{ err }] : [])];
  return { steps, exitCode: err ? 1 : 0 };
}
