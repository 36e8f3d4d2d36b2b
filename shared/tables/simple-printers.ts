// Ports of the one-line upstream printers: printNamespace, printConfigMap, printSecret,
// printServiceAccount, printLease, printPodDisruptionBudget and printPriorityClass.
import type { ConfigMap, Namespace, Secret, ServiceAccount } from 'kubernetes-types/core/v1';
import type { Lease } from 'kubernetes-types/coordination/v1';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1';
import type { PriorityClass } from 'kubernetes-types/scheduling/v1';
import { AGE_COLUMN, NAME_COLUMN, column } from './columns';
import { age } from './timestamps';
import { int, intOrString } from './format';
import type { Printer } from './types';

const name = (o: { metadata?: { name?: string } }): string => o.metadata?.name ?? '';
const keys = (m: object | undefined | null): string[] => Object.keys(m ?? {});

/** Columns and cells for v1 Namespace: NAME STATUS AGE. */
export const namespacePrinter: Printer = {
  columns: [NAME_COLUMN, column('Status', 'string', { text: 'The status of the namespace' }), AGE_COLUMN],
  print: (obj, now) => {
    const ns = obj as Namespace;
    return { cells: [name(ns), ns.status?.phase ?? '', age(ns, now)] };
  },
};

/** Columns and cells for v1 ConfigMap: NAME DATA AGE (DATA counts data and binaryData keys). */
export const configMapPrinter: Printer = {
  columns: [NAME_COLUMN, column('Data', 'string', 'ConfigMap.data'), AGE_COLUMN],
  print: (obj, now) => {
    const cm = obj as ConfigMap;
    return { cells: [name(cm), keys(cm.data).length + keys(cm.binaryData).length, age(cm, now)] };
  },
};

/** Columns and cells for v1 Secret: NAME TYPE DATA AGE. */
export const secretPrinter: Printer = {
  columns: [NAME_COLUMN, column('Type', 'string', 'Secret.type'), column('Data', 'string', 'Secret.data'), AGE_COLUMN],
  print: (obj, now) => {
    const s = obj as Secret;
    // v1→internal conversion merges stringData into data, so count the union.
    const data = new Set([...keys(s.data), ...keys(s.stringData)]);
    // Defaulting makes an untyped secret Opaque.
    return { cells: [name(s), s.type || 'Opaque', data.size, age(s, now)] };
  },
};

/** Columns and cells for v1 ServiceAccount: NAME SECRETS AGE. */
export const serviceAccountPrinter: Printer = {
  columns: [NAME_COLUMN, column('Secrets', 'string', 'ServiceAccount.secrets'), AGE_COLUMN],
  print: (obj, now) => {
    const sa = obj as ServiceAccount;
    return { cells: [name(sa), (sa.secrets ?? []).length, age(sa, now)] };
  },
};

/** Columns and cells for coordination.k8s.io/v1 Lease: NAME HOLDER AGE. */
export const leasePrinter: Printer = {
  columns: [NAME_COLUMN, column('Holder', 'string', 'LeaseSpec.holderIdentity'), AGE_COLUMN],
  print: (obj, now) => {
    const l = obj as Lease;
    return { cells: [name(l), l.spec?.holderIdentity ?? '', age(l, now)] };
  },
};

/** Columns and cells for policy/v1 PodDisruptionBudget: NAME MIN AVAILABLE MAX UNAVAILABLE ALLOWED DISRUPTIONS AGE. */
export const pdbPrinter: Printer = {
  columns: [
    NAME_COLUMN,
    column('Min Available', 'string', { text: 'The minimum number of pods that must be available.' }),
    column('Max Unavailable', 'string', { text: 'The maximum number of pods that may be unavailable.' }),
    column('Allowed Disruptions', 'integer', { text: 'Calculated number of pods that may be disrupted at this time.' }),
    AGE_COLUMN,
  ],
  print: (obj, now) => {
    const pdb = obj as PodDisruptionBudget;
    const min = pdb.spec?.minAvailable;
    const max = pdb.spec?.maxUnavailable;
    return {
      cells: [
        name(pdb),
        min === undefined || min === null ? 'N/A' : intOrString(min),
        max === undefined || max === null ? 'N/A' : intOrString(max),
        int(pdb.status?.disruptionsAllowed),
        age(pdb, now),
      ],
    };
  },
};

/** Columns and cells for scheduling.k8s.io/v1 PriorityClass: NAME VALUE GLOBAL-DEFAULT AGE PREEMPTIONPOLICY. */
export const priorityClassPrinter: Printer = {
  columns: [
    NAME_COLUMN,
    column('Value', 'integer', 'PriorityClass.value'),
    column('Global-Default', 'boolean', 'PriorityClass.globalDefault'),
    AGE_COLUMN,
    // Priority 0 upstream too, so plain `kubectl get pc` shows it.
    column('PreemptionPolicy', 'string', 'PriorityClass.preemptionPolicy'),
  ],
  print: (obj, now) => {
    const pc = obj as unknown as PriorityClass;
    return { cells: [name(pc), int(pc.value), pc.globalDefault === true, age(pc, now), pc.preemptionPolicy ?? ''] };
  },
};
