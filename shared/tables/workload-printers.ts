// Ports of upstream printDeployment, printReplicaSet, printDaemonSet and printStatefulSet.
import type { DaemonSet, Deployment, ReplicaSet, StatefulSet } from 'kubernetes-types/apps/v1';
import { AGE_COLUMN, CONTAINERS_COLUMN, IMAGES_COLUMN, NAME_COLUMN, column } from './columns';
import { age } from './timestamps';
import { containerCells, formatLabelSelector, formatLabels, int, selectorString } from './format';
import type { Printer } from './types';

// spec.replicas defaults to 1 for all apps/v1 workloads; an undefaulted object prints like a defaulted one.
const replicas = (v: number | undefined): number => (typeof v === 'number' ? Math.trunc(v) : 1);

/** Columns and cells for apps/v1 Deployment: NAME READY UP-TO-DATE AVAILABLE AGE | CONTAINERS IMAGES SELECTOR. */
export const deploymentPrinter: Printer = {
  columns: [
    NAME_COLUMN,
    column('Ready', 'string', { text: 'Number of the pod with ready state' }),
    column('Up-to-date', 'string', 'DeploymentStatus.updatedReplicas'),
    column('Available', 'string', 'DeploymentStatus.availableReplicas'),
    AGE_COLUMN,
    CONTAINERS_COLUMN,
    IMAGES_COLUMN,
    column('Selector', 'string', 'DeploymentSpec.selector', { priority: 1 }),
  ],
  print: (obj, now) => {
    const d = obj as Deployment;
    const [names, images] = containerCells(d.spec?.template?.spec?.containers);
    return {
      cells: [
        d.metadata?.name ?? '',
        `${int(d.status?.readyReplicas)}/${replicas(d.spec?.replicas)}`,
        int(d.status?.updatedReplicas),
        int(d.status?.availableReplicas),
        age(d, now),
        names,
        images,
        // Unlike the other workloads, deployments print the bare selector string ("" when empty).
        selectorString(d.spec?.selector),
      ],
    };
  },
};

/** Columns and cells for apps/v1 ReplicaSet: NAME DESIRED CURRENT READY AGE | CONTAINERS IMAGES SELECTOR. */
export const replicaSetPrinter: Printer = {
  columns: [
    NAME_COLUMN,
    column('Desired', 'integer', 'ReplicaSetSpec.replicas'),
    column('Current', 'integer', 'ReplicaSetStatus.replicas'),
    column('Ready', 'integer', 'ReplicaSetStatus.readyReplicas'),
    AGE_COLUMN,
    CONTAINERS_COLUMN,
    IMAGES_COLUMN,
    column('Selector', 'string', 'ReplicaSetSpec.selector', { priority: 1 }),
  ],
  print: (obj, now) => {
    const rs = obj as ReplicaSet;
    const [names, images] = containerCells(rs.spec?.template?.spec?.containers);
    return {
      cells: [
        rs.metadata?.name ?? '',
        replicas(rs.spec?.replicas),
        int(rs.status?.replicas),
        int(rs.status?.readyReplicas),
        age(rs, now),
        names,
        images,
        formatLabelSelector(rs.spec?.selector),
      ],
    };
  },
};

/** Columns and cells for apps/v1 DaemonSet: NAME DESIRED CURRENT READY UP-TO-DATE AVAILABLE NODE SELECTOR AGE | CONTAINERS IMAGES SELECTOR. */
export const daemonSetPrinter: Printer = {
  columns: [
    NAME_COLUMN,
    column('Desired', 'integer', 'DaemonSetStatus.desiredNumberScheduled'),
    column('Current', 'integer', 'DaemonSetStatus.currentNumberScheduled'),
    column('Ready', 'integer', 'DaemonSetStatus.numberReady'),
    column('Up-to-date', 'integer', 'DaemonSetStatus.updatedNumberScheduled'),
    column('Available', 'integer', 'DaemonSetStatus.numberAvailable'),
    column('Node Selector', 'string', 'PodSpec.nodeSelector'),
    AGE_COLUMN,
    CONTAINERS_COLUMN,
    IMAGES_COLUMN,
    column('Selector', 'string', 'DaemonSetSpec.selector', { priority: 1 }),
  ],
  print: (obj, now) => {
    const ds = obj as DaemonSet;
    const s = ds.status;
    const [names, images] = containerCells(ds.spec?.template?.spec?.containers);
    return {
      cells: [
        ds.metadata?.name ?? '',
        int(s?.desiredNumberScheduled),
        int(s?.currentNumberScheduled),
        int(s?.numberReady),
        int(s?.updatedNumberScheduled),
        int(s?.numberAvailable),
        formatLabels(ds.spec?.template?.spec?.nodeSelector),
        age(ds, now),
        names,
        images,
        formatLabelSelector(ds.spec?.selector),
      ],
    };
  },
};

/** Columns and cells for apps/v1 StatefulSet: NAME READY AGE | CONTAINERS IMAGES. */
export const statefulSetPrinter: Printer = {
  columns: [NAME_COLUMN, column('Ready', 'string', { text: 'Number of the pod with ready state' }), AGE_COLUMN, CONTAINERS_COLUMN, IMAGES_COLUMN],
  print: (obj, now) => {
    const ss = obj as StatefulSet;
    const [names, images] = containerCells(ss.spec?.template?.spec?.containers);
    return {
      cells: [ss.metadata?.name ?? '', `${int(ss.status?.readyReplicas)}/${replicas(ss.spec?.replicas)}`, age(ss, now), names, images],
    };
  },
};
