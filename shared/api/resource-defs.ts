import { BUILTIN_RESOURCES, type ResourceDef } from './registry';

/**
 * The built-in resource served as `group`/`plural`; throws for one the registry does not hold, so a
 * typo fails at start-up, not at the first request.
 * @example builtinDef('', 'nodes').kind === 'Node'
 */
export function builtinDef(group: string, plural: string): ResourceDef {
  const def = BUILTIN_RESOURCES.find((d) => d.group === group && d.plural === plural);
  if (!def) throw new Error(`no built-in resource ${plural}${group ? `.${group}` : ''}`);
  return def;
}

/**
 * The ResourceDefs that stores are called with (a StoreApi takes the definition, not a ref): one
 * constant per resource for every module that needs one (refs for the cluster client: resource-refs.ts).
 */
export const CONFIG_MAP_DEF = builtinDef('', 'configmaps');
export const EVENT_DEF = builtinDef('', 'events');
export const NAMESPACE_DEF = builtinDef('', 'namespaces');
export const NODE_DEF = builtinDef('', 'nodes');
export const POD_DEF = builtinDef('', 'pods');
export const SECRET_DEF = builtinDef('', 'secrets');
export const SERVICE_ACCOUNT_DEF = builtinDef('', 'serviceaccounts');
export const HORIZONTAL_POD_AUTOSCALER_DEF = builtinDef('autoscaling', 'horizontalpodautoscalers');
export const LEASE_DEF = builtinDef('coordination.k8s.io', 'leases');
export const CUSTOM_RESOURCE_DEFINITION_DEF = builtinDef('apiextensions.k8s.io', 'customresourcedefinitions');
export const PRIORITY_CLASS_DEF = builtinDef('scheduling.k8s.io', 'priorityclasses');
export const STORAGE_CLASS_DEF = builtinDef('storage.k8s.io', 'storageclasses');
export const CLUSTER_CLOCK_DEF = builtinDef('kubeflare.dev', 'clusterclocks');
export const WEBHOOK_TRIGGER_DEF = builtinDef('kubeflare.dev', 'webhooktriggers');
export const WORKLOAD_PROFILE_DEF = builtinDef('kubeflare.dev', 'workloadprofiles');
