// kubectl get networkpolicies / ingresses / ingressclasses / nodenetworks / vmi / vminetworks.
import type { Ingress, IngressClass, NetworkPolicy } from 'kubernetes-types/networking/v1';
import { AGE_COLUMN, NAME_COLUMN, column } from './columns';
import { formatLabelSelector } from './format';
import { age } from './timestamps';
import { customResourcePrinter } from './custom-resource-printer';
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

/** formatHosts: the first three hosts, `*` when none, `+ N more...` beyond. */
function formatHosts(rules: { host?: string }[]): string {
  const list: string[] = [];
  let more = false;
  for (const rule of rules) {
    if (list.length === 3) more = true;
    if (!more && rule.host) list.push(rule.host);
  }
  if (!list.length) return '*';
  return more ? `${list.join(',')} + ${rules.length - 3} more...` : list.join(',');
}

/** Upstream's Ingress printer: NAME CLASS HOSTS ADDRESS PORTS AGE (ports "80, 443" with TLS). */
export const ingressPrinter: Printer = {
  columns: [
    NAME_COLUMN,
    column('Class', 'string', { text: 'The name of the IngressClass resource that should be used for this Ingress' }),
    column('Hosts', 'string', { text: 'Hosts that incoming requests are matched against before the ingress rule' }),
    column('Address', 'string', { text: 'Address is a list containing ingress points for the load-balancer' }),
    column('Ports', 'string', { text: 'Ports of TLS configurations that open' }),
    AGE_COLUMN,
  ],
  print: (obj, now) => {
    const ing = obj as unknown as Ingress;
    const address = (ing.status?.loadBalancer?.ingress ?? []).map((i) => i.ip || i.hostname || '').filter(Boolean).join(',');
    return {
      cells: [
        ing.metadata?.name ?? '',
        ing.spec?.ingressClassName ?? '<none>',
        formatHosts(ing.spec?.rules ?? []),
        address.length > 16 ? `${address.slice(0, 13)}...` : address,
        ing.spec?.tls?.length ? '80, 443' : '80',
        age(obj, now),
      ],
    };
  },
};

/** Upstream's IngressClass printer: NAME CONTROLLER PARAMETERS AGE (parameters `Kind[.apiGroup]/name`). */
export const ingressClassPrinter: Printer = {
  columns: [
    NAME_COLUMN,
    column('Controller', 'string', { text: 'Controller that is responsible for handling this class' }),
    column('Parameters', 'string', { text: 'A reference to a resource with additional parameters' }),
    AGE_COLUMN,
  ],
  print: (obj, now) => {
    const ic = obj as unknown as IngressClass;
    const p = ic.spec?.parameters;
    const parameters = p ? `${p.kind}${p.apiGroup ? `.${p.apiGroup}` : ''}/${p.name}` : '<none>';
    return { cells: [ic.metadata?.name ?? '', ic.spec?.controller ?? '', parameters, age(obj, now)] };
  },
};

/** KubeVirt's VMI CRD additionalPrinterColumns (virt-operator's crds.go): AGE PHASE IP NODENAME READY, LIVE-MIGRATABLE and PAUSED with -o wide. */
export const vmiPrinter: Printer = customResourcePrinter([
  { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
  { name: 'Phase', type: 'string', jsonPath: '.status.phase' },
  { name: 'IP', type: 'string', jsonPath: '.status.interfaces[0].ipAddress' },
  { name: 'NodeName', type: 'string', jsonPath: '.status.nodeName' },
  { name: 'Ready', type: 'string', jsonPath: ".status.conditions[?(@.type=='Ready')].status" },
  { name: 'Live-Migratable', type: 'string', jsonPath: ".status.conditions[?(@.type=='LiveMigratable')].status", priority: 1 },
  { name: 'Paused', type: 'string', jsonPath: ".status.conditions[?(@.type=='Paused')].status", priority: 1 },
]);

/** kubectl get vminetworks: NAME BINDING VM-IP POD-IP NODE DHCP-SERVER AGE. */
export const vmiNetworkPrinter: Printer = {
  columns: [
    NAME_COLUMN,
    column('Binding', 'string', { text: 'The pod-network interface binding: bridge or masquerade.' }),
    column('VM-IP', 'string', { text: 'The address the DHCP server offers the VM.' }),
    column('Pod-IP', 'string', { text: "The virt-launcher pod's address." }),
    column('Node', 'string', { text: 'The node the virt-launcher pod runs on.' }),
    column('DHCP-Server', 'string', { text: 'The DHCP server identifier (option 54).' }),
    AGE_COLUMN,
  ],
  print: (obj, now) => {
    const s = (obj.status ?? {}) as { binding?: string; vm?: { ip?: string }; podIP?: string; node?: string; dhcp?: { serverIP?: string } };
    return { cells: [obj.metadata?.name ?? '', s.binding ?? '<none>', s.vm?.ip ?? '<none>', s.podIP ?? '<none>', s.node ?? '<none>', s.dhcp?.serverIP ?? '<none>', age(obj, now)] };
  },
};
