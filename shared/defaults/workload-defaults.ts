import { defaultPodSpec } from './pod-defaults';
import { defaultPersistentVolumeClaim } from './core-defaults';
import { def, ensure, isObj, items, type Obj } from './util';

const MAX_INT32 = 2147483647;

/** Pod template defaults shared by every workload: SetDefaults_PodSpec on spec.template.spec. */
function defaultTemplate(spec: Obj): void {
  defaultPodSpec(ensure(ensure(spec, 'template'), 'spec'));
}

/** apps/v1 SetDefaults_Deployment: replicas 1, RollingUpdate 25%/25%, revisionHistoryLimit 10, progressDeadlineSeconds 600. */
export function defaultDeployment(o: Obj): void {
  const spec = ensure(o, 'spec');
  def(spec, 'replicas', 1);
  const strategy = ensure(spec, 'strategy');
  def(strategy, 'type', 'RollingUpdate');
  if (strategy['type'] === 'RollingUpdate') {
    const ru = ensure(strategy, 'rollingUpdate');
    def(ru, 'maxUnavailable', '25%');
    def(ru, 'maxSurge', '25%');
  }
  def(spec, 'revisionHistoryLimit', 10);
  def(spec, 'progressDeadlineSeconds', 600);
  defaultTemplate(spec);
}

/** apps/v1 SetDefaults_ReplicaSet: replicas 1. */
export function defaultReplicaSet(o: Obj): void {
  const spec = ensure(o, 'spec');
  def(spec, 'replicas', 1);
  defaultTemplate(spec);
}

/** apps/v1 SetDefaults_StatefulSet: OrderedReady, RollingUpdate partition 0, Retain PVC policy, replicas 1, history 10. */
export function defaultStatefulSet(o: Obj): void {
  const spec = ensure(o, 'spec');
  def(spec, 'podManagementPolicy', 'OrderedReady');
  const us = ensure(spec, 'updateStrategy');
  if (!us['type']) {
    us['type'] = 'RollingUpdate';
    ensure(us, 'rollingUpdate');
  }
  if (us['type'] === 'RollingUpdate' && isObj(us['rollingUpdate'])) def(us['rollingUpdate'], 'partition', 0);
  const retention = ensure(spec, 'persistentVolumeClaimRetentionPolicy');
  def(retention, 'whenDeleted', 'Retain');
  def(retention, 'whenScaled', 'Retain');
  def(spec, 'replicas', 1);
  def(spec, 'revisionHistoryLimit', 10);
  defaultTemplate(spec);
  for (const pvc of items(spec, 'volumeClaimTemplates')) defaultPersistentVolumeClaim(pvc);
}

/** apps/v1 SetDefaults_DaemonSet: RollingUpdate maxUnavailable 1 / maxSurge 0, history 10. */
export function defaultDaemonSet(o: Obj): void {
  const spec = ensure(o, 'spec');
  const us = ensure(spec, 'updateStrategy');
  def(us, 'type', 'RollingUpdate');
  if (us['type'] === 'RollingUpdate') {
    const ru = ensure(us, 'rollingUpdate');
    def(ru, 'maxUnavailable', 1);
    def(ru, 'maxSurge', 0);
  }
  def(spec, 'revisionHistoryLimit', 10);
  defaultTemplate(spec);
}

/**
 * batch/v1 SetDefaults_Job: completions/parallelism 1 (both unset → both 1), backoffLimit 6,
 * completionMode NonIndexed, suspend false, podReplacementPolicy, job labels from the template.
 * The selector and controller-uid labels need the uid: the registry adds them, not defaulting.
 */
export function defaultJob(o: Obj): void {
  const spec = ensure(o, 'spec');
  const template = ensure(spec, 'template');
  const templateLabels = isObj(template['metadata']) ? template['metadata']['labels'] : undefined;
  const meta = ensure(o, 'metadata');
  if (isObj(templateLabels) && (!isObj(meta['labels']) || Object.keys(meta['labels']).length === 0)) meta['labels'] = { ...templateLabels };
  defaultJobSpec(spec);
}

function defaultJobSpec(spec: Obj): void {
  if (spec['completions'] == null && spec['parallelism'] == null) spec['completions'] = 1;
  def(spec, 'parallelism', 1);
  if (spec['backoffLimit'] == null) spec['backoffLimit'] = spec['backoffLimitPerIndex'] != null ? MAX_INT32 : 6;
  def(spec, 'completionMode', 'NonIndexed');
  def(spec, 'suspend', false);
  def(spec, 'podReplacementPolicy', spec['podFailurePolicy'] ? 'Failed' : 'TerminatingOrFailed');
  if (isObj(spec['podFailurePolicy'])) {
    for (const rule of items(spec['podFailurePolicy'], 'rules')) for (const c of items(rule, 'onPodConditions')) def(c, 'status', 'True');
  }
  defaultTemplate(spec);
}

/** batch/v1 SetDefaults_CronJob: Allow, not suspended, history 3 successful / 1 failed; the job template defaulted as a Job. */
export function defaultCronJob(o: Obj): void {
  const spec = ensure(o, 'spec');
  def(spec, 'concurrencyPolicy', 'Allow');
  def(spec, 'suspend', false);
  def(spec, 'successfulJobsHistoryLimit', 3);
  def(spec, 'failedJobsHistoryLimit', 1);
  defaultJobSpec(ensure(ensure(spec, 'jobTemplate'), 'spec'));
}
