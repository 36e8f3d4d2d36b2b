import type { Subscriptions } from '../../shared/apiserver/change-notice';
import type { ControllerDef } from './controller-def';
import { crdController } from './crd-controller';
import { cronJobController } from './cronjob-controller';
import { daemonSetController } from './daemonset-controller';
import { deploymentController } from './deployment-controller';
import { disruptionController } from './disruption-controller';
import { endpointsController } from './endpoints-controller';
import { endpointSliceController } from './endpointslice-controller';
import { flannelController } from './flannel-controller';
import { garbageCollector } from './gc-controller';
import { ingressController } from './ingress-controller';
import { jobController } from './job-controller';
import { hpaController } from './hpa-controller';
import { kubeletController } from './kubelet-controller';
import { nodeIpamController } from './node-ipam-controller';
import { nodeLifecycleController } from './node-lifecycle-controller';
import { nodePoolController } from './node-pool-controller';
import { persistentVolumeController } from './persistent-volume-controller';
import { pvcProtectionController } from './pvc-protection-controller';
import { pvProtectionController } from './pv-protection-controller';
import { schedulerController } from './scheduler-controller';
import { statefulSetController } from './statefulset-controller';
import { taintEvictionController } from './taint-eviction-controller';
import { ttlAfterFinishedController } from './ttl-after-finished-controller';
import { replicaSetController } from './replicaset-controller';
import { resourceQuotaController } from './resource-quota-controller';
import { rootCaPublisherController } from './root-ca-publisher-controller';
import { vmiController } from './vmi-controller';
import { webhookNotifierController } from './webhook-notifier-controller';

/** Every controller the cluster runs, by Durable Object name. */
export const CONTROLLERS: Record<string, ControllerDef> = {
  [replicaSetController.name]: replicaSetController,
  [deploymentController.name]: deploymentController,
  [garbageCollector.name]: garbageCollector,
  [nodePoolController.name]: nodePoolController,
  [nodeIpamController.name]: nodeIpamController,
  [kubeletController.name]: kubeletController,
  [schedulerController.name]: schedulerController,
  [crdController.name]: crdController,
  [disruptionController.name]: disruptionController,
  [jobController.name]: jobController,
  [cronJobController.name]: cronJobController,
  [ttlAfterFinishedController.name]: ttlAfterFinishedController,
  [hpaController.name]: hpaController,
  [endpointSliceController.name]: endpointSliceController,
  [endpointsController.name]: endpointsController,
  [daemonSetController.name]: daemonSetController,
  [statefulSetController.name]: statefulSetController,
  [nodeLifecycleController.name]: nodeLifecycleController,
  [taintEvictionController.name]: taintEvictionController,
  [persistentVolumeController.name]: persistentVolumeController,
  [pvcProtectionController.name]: pvcProtectionController,
  [pvProtectionController.name]: pvProtectionController,
  [resourceQuotaController.name]: resourceQuotaController,
  [rootCaPublisherController.name]: rootCaPublisherController,
  [flannelController.name]: flannelController,
  [ingressController.name]: ingressController,
  [vmiController.name]: vmiController,
  [webhookNotifierController.name]: webhookNotifierController,
};

/** Which controllers each store notifies, derived from what each controller watches. */
export const SUBSCRIPTIONS: Subscriptions = (() => {
  const subs: Subscriptions = {};
  for (const c of Object.values(CONTROLLERS)) for (const r of c.watches) (subs[r] ??= []).push(c.name);
  return subs;
})();
