/** The annotations kube-controller-manager's PV controller and the scheduler's VolumeBinding exchange (pkg/controller/volume/persistentvolume/util). */
export const ANN_BIND_COMPLETED = 'pv.kubernetes.io/bind-completed';
export const ANN_BOUND_BY_CONTROLLER = 'pv.kubernetes.io/bound-by-controller';
export const ANN_PROVISIONED_BY = 'pv.kubernetes.io/provisioned-by';
export const ANN_SELECTED_NODE = 'volume.kubernetes.io/selected-node';
export const ANN_STORAGE_PROVISIONER = 'volume.kubernetes.io/storage-provisioner';
export const ANN_BETA_STORAGE_PROVISIONER = 'volume.beta.kubernetes.io/storage-provisioner';
/** The component events are reported from. */
export const PV_CONTROLLER_COMPONENT = 'persistentvolume-controller';
/** The provisioner's own events name it (as an external provisioner reports its driver name). */
export const PROVISIONER_COMPONENT = 'kubeflare.dev/simulated';
/** The node label a provisioned volume's node affinity names (what the simulated node pool sets). */
export const HOSTNAME_LABEL = 'kubernetes.io/hostname';
