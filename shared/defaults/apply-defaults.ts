import { defaultEndpoints, defaultNamespace, defaultNode, defaultPersistentVolumeClaim, defaultReplicationController, defaultSecret, defaultService } from './core-defaults';
import { defaultEndpointSlice } from './discovery-defaults';
import { defaultLimitRange, defaultPersistentVolume, defaultStorageClass } from './storage-defaults';
import { defaultHorizontalPodAutoscaler, defaultHorizontalPodAutoscalerV1 } from './hpa-defaults';
import { applyPodAdmissionDefaults, type PodAdmissionOptions } from './pod-admission';
import { defaultPod, defaultPodSpec } from './pod-defaults';
import { isObj, ensure, type Obj } from './util';
import { defaultFlowSchema, defaultPriorityLevelConfiguration } from '../flowcontrol/defaults';
import { defaultCronJob, defaultDaemonSet, defaultDeployment, defaultJob, defaultReplicaSet, defaultStatefulSet } from './workload-defaults';

/** Options for applyDefaults. */
export interface DefaultsOptions extends PodAdmissionOptions {
  /**
   * Also apply the admission-plugin defaults a new Pod gets (ServiceAccount, Priority,
   * DefaultTolerationSeconds). Default true; set false for updates, where admission only validates.
   */
  admission?: boolean;
}

type Defaulter = (o: Obj, opts: DefaultsOptions) => void;

const DEFAULTERS: Record<string, Defaulter> = {
  '/v1/Pod': (o, opts) => {
    defaultPod(o);
    if (opts.admission !== false) applyPodAdmissionDefaults(o, opts);
  },
  '/v1/PodTemplate': (o) => defaultPodSpec(ensure(ensure(o, 'template'), 'spec')),
  '/v1/Service': defaultService,
  '/v1/Endpoints': defaultEndpoints,
  'discovery.k8s.io/v1/EndpointSlice': defaultEndpointSlice,
  '/v1/Namespace': defaultNamespace,
  '/v1/Secret': defaultSecret,
  '/v1/Node': defaultNode,
  '/v1/PersistentVolumeClaim': defaultPersistentVolumeClaim,
  '/v1/PersistentVolume': defaultPersistentVolume,
  '/v1/LimitRange': defaultLimitRange,
  'storage.k8s.io/v1/StorageClass': defaultStorageClass,
  '/v1/ReplicationController': (o) => {
    defaultReplicationController(o);
    defaultPodSpec(ensure(ensure(ensure(o, 'spec'), 'template'), 'spec'));
  },
  'apps/v1/Deployment': defaultDeployment,
  'apps/v1/ReplicaSet': defaultReplicaSet,
  'apps/v1/StatefulSet': defaultStatefulSet,
  'apps/v1/DaemonSet': defaultDaemonSet,
  'batch/v1/Job': defaultJob,
  'batch/v1/CronJob': defaultCronJob,
  'autoscaling/v2/HorizontalPodAutoscaler': defaultHorizontalPodAutoscaler,
  'autoscaling/v1/HorizontalPodAutoscaler': defaultHorizontalPodAutoscalerV1,
  'flowcontrol.apiserver.k8s.io/v1/FlowSchema': defaultFlowSchema,
  'flowcontrol.apiserver.k8s.io/v1/PriorityLevelConfiguration': defaultPriorityLevelConfiguration,
};

/** Whether a built-in kind has defaults to apply (most kinds with no spec to speak of, ConfigMap among them, have none). */
export function hasDefaults(group: string, version: string, kind: string): boolean {
  return Object.prototype.hasOwnProperty.call(DEFAULTERS, `${group}/${version}/${kind}`);
}

/**
 * Upstream's defaulting (pkg/apis/<group>/<version>/defaults.go) for a built-in kind, plus the
 * create-time pieces the registry strategy or admission plugins add where clients see them as
 * defaults (namespace finalizers, pod service account, priority, default tolerations).
 * Returns a new object; the input is not modified. Unknown kinds come back as a plain copy.
 * @example applyDefaults('apps', 'v1', 'Deployment', dep).spec.strategy.rollingUpdate // { maxUnavailable: '25%', maxSurge: '25%' }
 */
export function applyDefaults<T>(group: string, version: string, kind: string, obj: T, opts: DefaultsOptions = {}): T {
  const copy = structuredClone(obj);
  applyDefaultsInPlace(group, version, kind, copy, opts);
  return copy;
}

/**
 * applyDefaults on an object the caller owns (admission's decoded copy of a body): filled in where it
 * is, with no copy of it. Returns the same object.
 */
export function applyDefaultsInPlace<T>(group: string, version: string, kind: string, obj: T, opts: DefaultsOptions = {}): T {
  const fn = DEFAULTERS[`${group}/${version}/${kind}`];
  if (fn && isObj(obj)) fn(obj, opts);
  return obj;
}
