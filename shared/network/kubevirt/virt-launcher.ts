// virt-controller's side of a VMI (pkg/virt-controller/services/template.go, pkg/virt-controller/watch/vmi.go):
// the virt-launcher pod it runs the VM in, and the VMI status it derives from that pod.
import type { Pod, PodCondition } from 'kubernetes-types/core/v1';
import { podNetworkInterface, type VirtualMachineInstance, type VmiCondition, type VmiStatus } from './vmi-types';
import { vmMac } from './vmi-pod-network';

export const LAUNCHER_IMAGE = 'quay.io/kubevirt/virt-launcher:v1.4.0';
export const LAUNCHER_LABEL = 'kubevirt.io';
export const CREATED_BY_LABEL = 'kubevirt.io/created-by';
export const VM_NAME_LABEL = 'vm.kubevirt.io/name';
/** virt-launcher's kill-after on top of the VMI's grace period. */
const GRACE_KILL_AFTER_SECONDS = 15;

/**
 * The virt-launcher pod for `vmi`: `virt-launcher-<name>-<random>` (generateName), labelled kubevirt.io=virt-launcher,
 * created-by the VMI's UID, owned by (and garbage-collected with) the VMI; one `compute` container asking for the
 * domain's resources; hostname the VMI's hostname (else its name) and its subdomain, which the guest's DHCP lease
 * carries as option 12 and in the search domains.
 */
export function virtLauncherPod(vmi: VirtualMachineInstance): Pod {
  const name = vmi.metadata?.name ?? '';
  const spec = vmi.spec ?? {};
  const res = spec.domain?.resources;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      generateName: `virt-launcher-${name}-`,
      namespace: vmi.metadata?.namespace,
      labels: { ...(vmi.metadata?.labels ?? {}), [LAUNCHER_LABEL]: 'virt-launcher', [CREATED_BY_LABEL]: vmi.metadata?.uid ?? '', [VM_NAME_LABEL]: name },
      annotations: { 'kubevirt.io/domain': name, 'kubectl.kubernetes.io/default-container': 'compute' },
      ownerReferences: [{ apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachineInstance', name, uid: vmi.metadata?.uid ?? '', controller: true, blockOwnerDeletion: true }],
    },
    spec: {
      hostname: spec.hostname ?? name,
      ...(spec.subdomain ? { subdomain: spec.subdomain } : {}),
      ...(spec.nodeSelector ? { nodeSelector: spec.nodeSelector } : {}),
      ...(spec.tolerations ? { tolerations: spec.tolerations } : {}),
      restartPolicy: 'Never',
      automountServiceAccountToken: false,
      terminationGracePeriodSeconds: (spec.terminationGracePeriodSeconds ?? 30) + GRACE_KILL_AFTER_SECONDS,
      containers: [
        {
          name: 'compute',
          image: LAUNCHER_IMAGE,
          command: ['/usr/bin/virt-launcher-monitor', '--qemu-timeout', '240s', '--name', name, '--uid', vmi.metadata?.uid ?? '', '--namespace', vmi.metadata?.namespace ?? ''],
          ...(res && (res.requests || res.limits) ? { resources: { ...(res.requests ? { requests: res.requests } : {}), ...(res.limits ? { limits: res.limits } : {}) } } : {}),
        },
      ],
    },
  };
}

const FINAL = new Set(['Succeeded', 'Failed']);

const LIVE_MIGRATION_MESSAGE =
  'cannot migrate VMI which does not use masquerade, bridge with kubevirt.io/allow-pod-bridge-network-live-migration VM annotation or a migratable plugin to connect to the pod network';

/**
 * The VMI's phase from its pod: Pending until the pod exists, Scheduling while it is not running, Scheduled
 * once it runs (the domain starting), Running when its compute container is ready; the pod failing, succeeding
 * or vanishing under a started VMI ends it (Failed / Succeeded); a final phase never changes.
 */
export function vmiPhase(vmi: VirtualMachineInstance, pod: Pod | undefined): string {
  const prev = vmi.status?.phase ?? 'Pending';
  if (FINAL.has(prev)) return prev;
  if (!pod) return prev === 'Pending' ? 'Pending' : 'Failed';
  const phase = pod.status?.phase;
  if (phase === 'Failed') return 'Failed';
  if (phase === 'Succeeded') return 'Succeeded';
  if (phase !== 'Running') return 'Scheduling';
  return podReady(pod)?.status === 'True' ? 'Running' : 'Scheduled';
}

const podReady = (pod: Pod): PodCondition | undefined => pod.status?.conditions?.find((c) => c.type === 'Ready');

/**
 * The status virt-controller and virt-handler publish: phase (with its transition times), nodeName and
 * activePods once the pod is placed, the pod-network interface with the pod IP (for masquerade too: the
 * guest's 10.0.2.2 is not reachable from outside) and the VM's MAC, Ready mirroring the pod, LiveMigratable
 * by binding, the pod's QoS class and launcher image. `now` is an RFC 3339 time.
 */
export function vmiStatus(vmi: VirtualMachineInstance, pod: Pod | undefined, now: string): VmiStatus {
  const prev = vmi.status ?? {};
  const phase = vmiPhase(vmi, pod);
  const transitions = [...(prev.phaseTransitionTimestamps ?? [])];
  if (prev.phase !== phase || !transitions.length) transitions.push({ phase, phaseTransitionTimestamp: now });
  const placed = pod?.spec?.nodeName && phase !== 'Pending' && phase !== 'Scheduling' ? pod.spec.nodeName : prev.nodeName;
  const found = podNetworkInterface(vmi);
  const podIP = pod?.status?.podIP;
  const running = phase === 'Scheduled' || phase === 'Running';
  const cond = (c: Omit<VmiCondition, 'lastProbeTime' | 'lastTransitionTime'>): VmiCondition => {
    const old = prev.conditions?.find((x) => x.type === c.type);
    return { ...c, lastProbeTime: null, lastTransitionTime: old && old.status === c.status ? old.lastTransitionTime : now };
  };
  const ready = pod ? podReady(pod) : undefined;
  const conditions: VmiCondition[] = [
    !pod
      ? cond({ type: 'Ready', status: 'False', reason: 'PodNotExists', message: 'virt-launcher pod has not yet been scheduled' })
      : cond({ type: 'Ready', status: FINAL.has(phase) ? 'False' : ((ready?.status as VmiCondition['status']) ?? 'False'), ...(ready?.reason ? { reason: ready.reason } : {}), ...(ready?.message ? { message: ready.message } : {}) }),
    ...(found && found.binding !== 'masquerade'
      ? [cond({ type: 'LiveMigratable', status: 'False', reason: 'InterfaceNotLiveMigratable', message: LIVE_MIGRATION_MESSAGE })]
      : [cond({ type: 'LiveMigratable', status: 'True' })]),
  ];
  const status: VmiStatus = {
    phase,
    phaseTransitionTimestamps: transitions,
    conditions,
    guestOSInfo: {},
    ...(placed ? { nodeName: placed } : {}),
    ...(pod && running && pod.spec?.nodeName ? { activePods: { [pod.metadata?.uid ?? '']: pod.spec.nodeName } } : {}),
    ...(pod?.status?.qosClass ? { qosClass: pod.status.qosClass } : {}),
    ...(pod ? { launcherContainerImageVersion: pod.spec?.containers?.[0]?.image } : {}),
  };
  if (found && running && podIP) {
    status.interfaces = [
      {
        name: found.iface.name,
        interfaceName: 'eth0',
        ipAddress: podIP,
        ipAddresses: [podIP],
        mac: vmMac(vmi, pod?.metadata?.uid ?? ''),
        infoSource: 'domain, multus-status',
        podInterfaceName: 'eth0',
        queueCount: 1,
        linkState: 'up',
      },
    ];
  }
  return status;
}
