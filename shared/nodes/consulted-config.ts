import type { ConfigMap, Secret } from 'kubernetes-types/core/v1';
import type { ConfigObjects } from './container-config';

/**
 * ConfigObjects that hold nothing and note being looked in. A kubelet step run over them that never
 * looked needs no ConfigMap or Secret at all (a pod whose volumes are mounted and whose containers
 * are all created): its result stands, and the kubelet reads nothing. One that looked (a mount at the
 * pod's start or a FailedMount retry, a container being created) is run again over the objects read.
 */
export function consultedConfig(): { objects: ConfigObjects; consulted: () => boolean } {
  let consulted = false;
  const noted = <V>(): Map<string, V> => {
    const m = new Map<string, V>();
    m.get = () => ((consulted = true), undefined);
    m.has = () => ((consulted = true), false);
    return m;
  };
  return { objects: { configMaps: noted<ConfigMap>(), secrets: noted<Secret>() }, consulted: () => consulted };
}
