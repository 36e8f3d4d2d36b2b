import type { Pod } from 'kubernetes-types/core/v1';
import type { ChangeNotice } from '../../shared/apiserver/change-notice';
import { stableStringify } from '../../shared/apiserver/object-meta';
import type { Client } from '../../shared/client';
import { getOrUndefined } from '../../shared/client/store-result';
import { makeEvent } from '../../shared/controllers/events';
import { formatTime } from '../../shared/controllers/time';
import { CREATED_BY_LABEL, LAUNCHER_LABEL, VMI_RESOURCE, virtLauncherPod, vmiStatus, type VirtualMachineInstance } from '../../shared/network';
import type { ControllerDef } from './controller-def';
import { REPAIR_RESYNC_MS } from '../../shared/controllers/resync-policy';
import { recordEvents } from './event-recorders';
import { PODS } from '../../shared/api/resource-refs';

const COMPONENT = 'virtualmachine-controller';

/** The VMI's virt-launcher pod: the one labelled created-by its UID that is not being deleted, else any. */
async function launcherOf(client: Client, vmi: VirtualMachineInstance): Promise<Pod | undefined> {
  const pods = (await client.resource<Pod>(PODS).namespace(vmi.metadata!.namespace!).list({ labelSelector: `${CREATED_BY_LABEL}=${vmi.metadata!.uid}` })).items;
  return pods.find((p) => !p.metadata?.deletionTimestamp) ?? pods[0];
}

/**
 * virt-controller's VMI loop (with virt-handler's status reporting folded in): a Pending VMI without a pod
 * gets its virt-launcher pod (shared/network/kubevirt/virt-launcher.ts), and the VMI's status follows the
 * pod — phase, node, the pod IP on its interface, Ready. The pod is owned by the VMI, so deleting the VMI
 * garbage-collects it. Keys: `<namespace>/<vmi>`, from VMI notices and from launcher pods' owner references.
 */
export const vmiController: ControllerDef = {
  name: 'virt-controller',
  watches: ['virtualmachineinstances.kubevirt.io', 'pods'],
  resyncMs: REPAIR_RESYNC_MS,
  resyncOnWallClock: true,
  wants: (n: ChangeNotice) => n.resource !== 'pods' || n.labels?.[LAUNCHER_LABEL] === 'virt-launcher',
  keysFor(n: ChangeNotice): string[] {
    if (n.resource !== 'pods') return n.type === 'DELETED' ? [] : [`${n.namespace}/${n.name}`];
    return (n.ownerReferences ?? []).filter((r) => r.kind === 'VirtualMachineInstance' && r.controller).map((r) => `${n.namespace}/${r.name}`);
  },
  async allKeys(client: Client): Promise<string[]> {
    return (await client.resource<VirtualMachineInstance>(VMI_RESOURCE).list()).items.map((v) => `${v.metadata!.namespace}/${v.metadata!.name}`);
  },
  async reconcile(key, { client, now }) {
    const [ns, name] = key.split('/') as [string, string];
    const vmis = client.resource<VirtualMachineInstance>(VMI_RESOURCE).namespace(ns);
    const vmi = await getOrUndefined(vmis.get(name));
    if (!vmi || vmi.metadata?.deletionTimestamp) return {};
    let pod = await launcherOf(client, vmi);
    if (!pod && (vmi.status?.phase ?? 'Pending') === 'Pending') {
      pod = await client.resource<Pod>(PODS).namespace(ns).create(virtLauncherPod(vmi));
      const event = makeEvent(vmi, 'Normal', 'SuccessfulCreate', `Created virtual machine pod ${pod.metadata?.name}`, COMPONENT, now);
      await recordEvents(client, [event], COMPONENT);
    }
    const status = vmiStatus(vmi, pod, formatTime(now));
    if (stableStringify(status) !== stableStringify(vmi.status ?? {})) await vmis.updateStatus({ ...vmi, status });
    return {};
  },
};
