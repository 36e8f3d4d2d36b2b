// kubectl get networkpolicies / nodenetworks.
import type { NetworkPolicy } from 'kubernetes-types/networking/v1';
import { AGE_COLUMN, NAME_COLUMN, column } from './columns';
import { formatLabelSelector } from './format';
import { age } from './timestamps';
import type { Printer } from './types';

/** Upstream's NetworkPolicy printer (pkg/printers/internalversion): NAME POD-SELECTOR AGE. */
export const networkPolicyPrinter: Printer = {
  columns: [
    NAME_COLUMN,
    column('Pod-Selector', 'string', {
      text: 'Selects the pods to which this NetworkPolicy object applies. The array of ingress rules is applied to any pods selected by this field. Multiple network policies can select the same set of pods. In this case, the ingress rules for each are combined additively. This field is NOT optional and follows standard label selector semantics. An empty podSelector matches all pods in this namespace.',
    }),
    AGE_COLUMN,
  ],
  print: (obj, now) => {
    const np = obj as unknown as NetworkPolicy;
    return { cells: [np.metadata?.name ?? '', formatLabelSelector(np.spec?.podSelector ?? {}), age(obj, now)] };
  },
};

/**
 * Kubeflare's NodeNetwork (one node's flannel dataplane): NAME BACKEND SUBNET PUBLIC-IP MTU ROUTES ERRORS AGE,
 * AGE being the node's. No upstream printer to port; the columns follow upstream's conventions.
 */
export const nodeNetworkPrinter: Printer = {
  columns: [
    NAME_COLUMN,
    column('Backend', 'string', { text: 'The flannel backend.' }),
    column('Subnet', 'string', { text: "The node's podCIDR (its flannel lease)." }),
    column('Public-IP', 'string', { text: 'The address other nodes reach it at.' }),
    column('MTU', 'integer', { text: 'The flannel device MTU, which pods get.' }),
    column('Routes', 'integer', { text: 'Entries in its route table.' }),
    column('Errors', 'integer', { text: "flanneld's errors (see status.errors)." }),
    AGE_COLUMN,
  ],
  print: (obj, now) => {
    const s = (obj.status ?? {}) as { backend?: string; subnet?: string; publicIP?: string; mtu?: number; routes?: string[]; errors?: string[] };
    return { cells: [obj.metadata?.name ?? '', s.backend ?? '<none>', s.subnet ?? '<none>', s.publicIP ?? '<none>', s.mtu ?? 0, s.routes?.length ?? 0, s.errors?.length ?? 0, age(obj, now)] };
  },
};
