import { def, ensure, isObj, items, type Obj } from './util';

/** core/v1 SetDefaults_PersistentVolume(Spec): phase Pending, reclaim policy Retain, volumeMode Filesystem. */
export function defaultPersistentVolume(o: Obj): void {
  const spec = ensure(o, 'spec');
  def(spec, 'persistentVolumeReclaimPolicy', 'Retain');
  def(spec, 'volumeMode', 'Filesystem');
  def(ensure(o, 'status'), 'phase', 'Pending');
}

/** storage/v1 SetDefaults_StorageClass: reclaimPolicy Delete, volumeBindingMode Immediate. */
export function defaultStorageClass(o: Obj): void {
  def(o, 'reclaimPolicy', 'Delete');
  def(o, 'volumeBindingMode', 'Immediate');
}

/**
 * core/v1 SetDefaults_LimitRangeItem for Container items: the default limit falls back to max, the
 * default request to the default limit, then to min.
 */
export function defaultLimitRange(o: Obj): void {
  for (const item of items(ensure(o, 'spec'), 'limits')) {
    if (item['type'] !== 'Container') continue;
    const dflt: Obj = isObj(item['default']) ? { ...item['default'] } : {};
    const request: Obj = isObj(item['defaultRequest']) ? { ...item['defaultRequest'] } : {};
    const fill = (to: Obj, from: unknown) => {
      if (isObj(from)) for (const [k, v] of Object.entries(from)) if (!(k in to)) to[k] = v;
    };
    fill(dflt, item['max']);
    fill(request, dflt);
    fill(request, item['min']);
    // Go omits an empty map
    if (Object.keys(dflt).length) item['default'] = dflt;
    if (Object.keys(request).length) item['defaultRequest'] = request;
  }
}
