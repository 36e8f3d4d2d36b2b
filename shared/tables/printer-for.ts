// Which printer serves a group/kind: upstream registers printers per internal type, so a kind
// served from two groups (core and events.k8s.io Event) shares one printer.
import { podPrinter } from './pod-printer';
import { nodePrinter } from './node-printer';
import { eventPrinter } from './event-printer';
import { endpointsPrinter, servicePrinter } from './service-printers';
import { endpointSlicePrinter } from './endpoint-slice-printer';
import { daemonSetPrinter, deploymentPrinter, replicaSetPrinter, statefulSetPrinter } from './workload-printers';
import { cronJobPrinter, jobPrinter } from './batch-printers';
import { hpaPrinter } from './hpa-printer';
import { clusterClockPrinter } from './cluster-clock-printer';
import { webhookTriggerPrinter } from '../webhooks/webhook-trigger-printer';
import { ingressClassPrinter, ingressPrinter, networkPolicyPrinter, nodeNetworkPrinter, vmiNetworkPrinter, vmiPrinter } from './network-printers';
import { controllerRevisionPrinter } from './controller-revision-printer';
import { persistentVolumeClaimPrinter } from './persistent-volume-claim-printer';
import { clusterRoleBindingPrinter, roleBindingPrinter } from './rbac-printers';
import { persistentVolumePrinter } from './persistent-volume-printer';
import { storageClassPrinter } from './storage-class-printer';
import { flowSchemaPrinter, priorityLevelConfigurationPrinter } from '../flowcontrol/printers';
import { resourceQuotaPrinter } from './resource-quota-printer';
import {
  configMapPrinter,
  leasePrinter,
  namespacePrinter,
  pdbPrinter,
  priorityClassPrinter,
  secretPrinter,
  serviceAccountPrinter,
} from './simple-printers';
import { defaultPrinter } from './default-printer';
import { customResourcePrinter } from './custom-resource-printer';
import type { CustomResourceColumnDefinition, Printer, TableColumnDefinition } from './types';

const PRINTERS: Record<string, Printer> = {
  '/Namespace': namespacePrinter,
  '/Pod': podPrinter,
  '/Node': nodePrinter,
  '/Event': eventPrinter,
  'events.k8s.io/Event': eventPrinter,
  '/ConfigMap': configMapPrinter,
  '/Secret': secretPrinter,
  '/Service': servicePrinter,
  '/ServiceAccount': serviceAccountPrinter,
  '/Endpoints': endpointsPrinter,
  'discovery.k8s.io/EndpointSlice': endpointSlicePrinter,
  'apps/Deployment': deploymentPrinter,
  'apps/ReplicaSet': replicaSetPrinter,
  'apps/DaemonSet': daemonSetPrinter,
  'apps/StatefulSet': statefulSetPrinter,
  'apps/ControllerRevision': controllerRevisionPrinter,
  '/PersistentVolumeClaim': persistentVolumeClaimPrinter,
  '/PersistentVolume': persistentVolumePrinter,
  '/ResourceQuota': resourceQuotaPrinter,
  'storage.k8s.io/StorageClass': storageClassPrinter,
  'coordination.k8s.io/Lease': leasePrinter,
  'autoscaling/HorizontalPodAutoscaler': hpaPrinter,
  'policy/PodDisruptionBudget': pdbPrinter,
  'batch/Job': jobPrinter,
  'batch/CronJob': cronJobPrinter,
  'scheduling.k8s.io/PriorityClass': priorityClassPrinter,
  'kubeflare.dev/ClusterClock': clusterClockPrinter,
  'kubeflare.dev/WebhookTrigger': webhookTriggerPrinter,
  'networking.k8s.io/NetworkPolicy': networkPolicyPrinter,
  'networking.k8s.io/Ingress': ingressPrinter,
  'networking.k8s.io/IngressClass': ingressClassPrinter,
  'kubeflare.dev/NodeNetwork': nodeNetworkPrinter,
  'kubeflare.dev/VMINetwork': vmiNetworkPrinter,
  'kubevirt.io/VirtualMachineInstance': vmiPrinter,
  'rbac.authorization.k8s.io/RoleBinding': roleBindingPrinter,
  'rbac.authorization.k8s.io/ClusterRoleBinding': clusterRoleBindingPrinter,
  'flowcontrol.apiserver.k8s.io/FlowSchema': flowSchemaPrinter,
  'flowcontrol.apiserver.k8s.io/PriorityLevelConfiguration': priorityLevelConfigurationPrinter,
};

/**
 * The printer for a kind. `customColumns` (even `[]`) marks a custom resource and uses its CRD
 * columns; a built-in kind without an upstream printer gets the default NAME / CREATED AT table.
 * @example printerFor('apps', 'Deployment').columns.map((c) => c.name)
 */
export function printerFor(group: string, kind: string, customColumns?: CustomResourceColumnDefinition[]): Printer {
  if (customColumns) return customResourcePrinter(customColumns);
  const g = group === 'core' ? '' : group;
  return PRINTERS[`${g}/${kind}`] ?? defaultPrinter;
}

/** The column definitions `kubectl get` receives for a kind (all priorities; kubectl hides priority > 0 without -o wide). */
export function tableColumns(group: string, kind: string, customColumns?: CustomResourceColumnDefinition[]): TableColumnDefinition[] {
  return printerFor(group, kind, customColumns).columns.map((c) => ({ ...c }));
}
