import type { StatusCause } from '../api/errors';
import { isPlainObject } from '../api/object';
import { validateAppsCreate, validateAppsUpdate } from './apps';
import { validateHorizontalPodAutoscaler, validatePodDisruptionBudget } from './autoscaling-policy';
import { validateEvent, validateLease, validateNamespace, validateNode, withMetaUpdate } from './cluster';
import { validateCronJob, validateCronJobUpdate, validateJob, validateJobUpdate } from './batch';
import { validateEndpoints } from './endpoints';
import { validateEndpointSliceCreate, validateEndpointSliceUpdate } from './endpoint-slice';
import { validateEventsV1Create, validateEventsV1Update } from './events-v1';
import { validateConfigMap, validateConfigMapUpdate, validateSecret, validateSecretUpdate } from './config';
import { nameIsDNSSubdomain, validateObjectMeta, validateObjectMetaUpdate } from './object-meta';
import { validateIngress, validateIngressClass, validateIngressClassUpdate, validateIngressUpdate } from './ingress';
import { validateNetworkPolicy, validateNetworkPolicyUpdate } from './network-policy';
import { validateVmi, validateVmiUpdate } from '../network/kubevirt/validate-vmi';
import { validatePod, validatePodUpdate } from './pod';
import { validatePriorityClass, validatePriorityClassUpdate } from './priority-class';
import * as rbac from './rbac';
import * as flowcontrol from '../flowcontrol/validation';
import { validateService, validateServiceUpdate } from './service';
import * as storage from './storage';
import { validateLimitRange, validateResourceQuota, validateResourceQuotaUpdate } from './resource-quota';

type Obj = Record<string, unknown>;
type Create = (o: Obj) => StatusCause[];
type Update = (o: Obj, old: Obj) => StatusCause[];

const apps = (kind: string): [Create, Update] => [(o) => validateAppsCreate(kind, o), (o, old) => validateAppsUpdate(kind, o, old)];
const simple = (create: Create): [Create, Update] => [create, withMetaUpdate(create)];

/** Per `group/kind`: create and update validators. */
const TABLE: Record<string, [Create, Update]> = {
  '/Pod': [validatePod, validatePodUpdate],
  '/Service': [validateService, validateServiceUpdate],
  '/ConfigMap': [validateConfigMap, validateConfigMapUpdate],
  '/Secret': [validateSecret, validateSecretUpdate],
  '/Namespace': simple(validateNamespace),
  '/Node': simple(validateNode),
  '/Event': simple(validateEvent),
  'events.k8s.io/Event': [validateEventsV1Create, validateEventsV1Update],
  '/Endpoints': simple(validateEndpoints),
  '/ResourceQuota': [validateResourceQuota, validateResourceQuotaUpdate],
  '/LimitRange': simple(validateLimitRange),
  '/PersistentVolume': [storage.validatePersistentVolume, storage.validatePersistentVolumeUpdate],
  '/PersistentVolumeClaim': [storage.validatePersistentVolumeClaim, storage.validatePersistentVolumeClaimUpdate],
  'storage.k8s.io/StorageClass': [storage.validateStorageClass, storage.validateStorageClassUpdate],
  'discovery.k8s.io/EndpointSlice': [validateEndpointSliceCreate, validateEndpointSliceUpdate],
  'networking.k8s.io/NetworkPolicy': [validateNetworkPolicy, validateNetworkPolicyUpdate],
  'networking.k8s.io/Ingress': [validateIngress, validateIngressUpdate],
  'networking.k8s.io/IngressClass': [validateIngressClass, validateIngressClassUpdate],
  'kubevirt.io/VirtualMachineInstance': [validateVmi, validateVmiUpdate],
  'apps/Deployment': apps('Deployment'),
  'apps/ReplicaSet': apps('ReplicaSet'),
  'apps/StatefulSet': apps('StatefulSet'),
  'apps/DaemonSet': apps('DaemonSet'),
  'batch/Job': [validateJob, validateJobUpdate],
  'batch/CronJob': [validateCronJob, validateCronJobUpdate],
  'coordination.k8s.io/Lease': simple(validateLease),
  'scheduling.k8s.io/PriorityClass': [validatePriorityClass, validatePriorityClassUpdate],
  'autoscaling/HorizontalPodAutoscaler': simple(validateHorizontalPodAutoscaler),
  'policy/PodDisruptionBudget': simple(validatePodDisruptionBudget),
  'rbac.authorization.k8s.io/Role': [rbac.validateRole, rbac.validateRoleUpdate],
  'rbac.authorization.k8s.io/ClusterRole': [rbac.validateClusterRole, rbac.validateClusterRoleUpdate],
  'rbac.authorization.k8s.io/RoleBinding': [rbac.validateRoleBinding, rbac.validateRoleBindingUpdate],
  'rbac.authorization.k8s.io/ClusterRoleBinding': [rbac.validateClusterRoleBinding, rbac.validateClusterRoleBindingUpdate],
  'flowcontrol.apiserver.k8s.io/FlowSchema': [flowcontrol.validateFlowSchema, flowcontrol.validateFlowSchemaUpdate],
  'flowcontrol.apiserver.k8s.io/PriorityLevelConfiguration': [flowcontrol.validatePriorityLevelConfiguration, flowcontrol.validatePriorityLevelConfigurationUpdate],
};

const asObj = (o: unknown): Obj => (isPlainObject(o) ? o : {});
const metaOf = (o: Obj): Obj => asObj(o['metadata']);

/**
 * Create-time validation of a built-in kind (pkg/apis/<group>/validation), after defaulting.
 * Returns upstream's causes; an empty list means valid. Kinds without rules get metadata checks.
 * @example validateCreate('apps', 'Deployment', dep) // [{ reason: 'FieldValueRequired', message: 'Required value', field: 'spec.selector' }]
 */
export function validateCreate(group: string, kind: string, obj: unknown): StatusCause[] {
  const o = asObj(obj);
  const entry = TABLE[`${group}/${kind}`];
  return entry ? entry[0](o) : validateObjectMeta(metaOf(o), null, nameIsDNSSubdomain);
}

/** Update-time validation: immutability rules against `old`, plus the new object's validity. */
export function validateUpdate(group: string, kind: string, obj: unknown, old: unknown): StatusCause[] {
  const o = asObj(obj);
  const prev = asObj(old);
  const entry = TABLE[`${group}/${kind}`];
  return entry ? entry[1](o, prev) : validateObjectMetaUpdate(metaOf(o), metaOf(prev));
}
