import type { PersistentVolumeClaim } from 'kubernetes-types/core/v1';
import type { StorageClass } from 'kubernetes-types/storage/v1';
import { isPlainObject, type KubeObject } from '../api/object';

/** The provisioner of Kubeflare's simulated volumes (shared/controllers/persistent-volume/provision.ts). */
export const SIMULATED_PROVISIONER = 'kubeflare.dev/simulated';
export const IS_DEFAULT_CLASS_ANNOTATION = 'storageclass.kubernetes.io/is-default-class';
const BETA_IS_DEFAULT_CLASS_ANNOTATION = 'storageclass.beta.kubernetes.io/is-default-class';
/** The beta annotation a claim may still name its class with (it wins over spec.storageClassName). */
export const BETA_STORAGE_CLASS_ANNOTATION = 'volume.beta.kubernetes.io/storage-class';

/**
 * The class every cluster starts with, as kind's and minikube's `standard`: the default class,
 * provisioning simulated volumes once a pod using the claim is scheduled.
 */
export const STANDARD_STORAGE_CLASS = {
  apiVersion: 'storage.k8s.io/v1',
  kind: 'StorageClass',
  metadata: { name: 'standard', annotations: { [IS_DEFAULT_CLASS_ANNOTATION]: 'true' } },
  provisioner: SIMULATED_PROVISIONER,
  reclaimPolicy: 'Delete',
  volumeBindingMode: 'WaitForFirstConsumer',
} satisfies StorageClass;

/** storageutil.IsDefaultAnnotation: the GA or beta annotation, exactly "true". */
export function isDefaultStorageClass(sc: StorageClass): boolean {
  const a = sc.metadata?.annotations ?? {};
  return a[IS_DEFAULT_CLASS_ANNOTATION] === 'true' || a[BETA_IS_DEFAULT_CLASS_ANNOTATION] === 'true';
}

/**
 * volumeutil.GetDefaultClass: of several classes marked default, the newest wins (then the
 * first by name), as upstream since 1.28; undefined when none is marked.
 */
export function defaultStorageClass(classes: readonly StorageClass[]): StorageClass | undefined {
  const marked = classes.filter(isDefaultStorageClass);
  marked.sort((a, b) => (b.metadata?.creationTimestamp ?? '').localeCompare(a.metadata?.creationTimestamp ?? '') || (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? ''));
  return marked[0];
}

/** Whether a claim asked for no class at all (nil storageClassName and no beta annotation): only such claims get the default. */
export function claimWantsDefaultClass(pvc: PersistentVolumeClaim): boolean {
  const spec = pvc.spec as Record<string, unknown> | undefined;
  return (spec?.['storageClassName'] === undefined || spec['storageClassName'] === null) && pvc.metadata?.annotations?.[BETA_STORAGE_CLASS_ANNOTATION] === undefined;
}

/**
 * The DefaultStorageClass admission plugin (plugin/pkg/admission/storage/storageclass/setdefault):
 * a new claim that names no class gets the default one; "" (explicitly no class) is kept.
 */
export function admitDefaultStorageClass(claim: KubeObject, classes: readonly StorageClass[]): KubeObject {
  if (!isPlainObject(claim.spec) || !claimWantsDefaultClass(claim as PersistentVolumeClaim)) return claim;
  const dflt = defaultStorageClass(classes);
  if (!dflt?.metadata?.name) return claim;
  return { ...claim, spec: { ...claim.spec, storageClassName: dflt.metadata.name } };
}
