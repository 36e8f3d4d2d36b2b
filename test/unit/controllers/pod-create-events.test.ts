import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../shared/api/errors';
import { checkNamespaceWritable } from '../../../shared/apiserver/namespace-lifecycle';
import { BUILTIN_RESOURCES } from '../../../shared/api/registry';
import type { CreateAction } from '../../../shared/controllers/actions';
import { eventAfterCreate, eventAfterFailedCreate, podCreateEvents } from '../../../shared/controllers/events';
import { reconcileReplicaSet } from '../../../shared/controllers/replica-set-reconciler';

const PODS_DEF = BUILTIN_RESOURCES.find((d) => d.group === '' && d.plural === 'pods')!;
const rs = { apiVersion: 'apps/v1' as const, kind: 'ReplicaSet' as const, metadata: { name: 'web-7d6765b584', namespace: 'team', uid: 'u1' } };
const create = (): CreateAction => ({ kind: 'create', resource: { group: '', plural: 'pods' }, namespace: 'team', object: { apiVersion: 'v1', kind: 'Pod', metadata: { generateName: 'web-7d6765b584-' } }, ...podCreateEvents(rs, 'replicaset-controller', Date.UTC(2026, 0, 1)) });

// upstream's RealPodControl.createPods (pkg/controller/controller_utils.go)
describe('pod create events', () => {
  it('a created pod: Normal SuccessfulCreate "Created pod: NAME" on the owner', () => {
    const e = eventAfterCreate(create(), 'web-7d6765b584-x2x7k')!.event;
    expect([e.type, e.reason, e.message, e.involvedObject.name, e.source?.component]).toEqual(['Normal', 'SuccessfulCreate', 'Created pod: web-7d6765b584-x2x7k', 'web-7d6765b584', 'replicaset-controller']);
  });

  it('a refused pod: Warning FailedCreate "Error creating: ERROR" on the owner', () => {
    const error = new ApiError(403, 'Forbidden', 'pods "web-7d6765b584-" is forbidden: error looking up service account team/ghost: serviceaccount "ghost" not found');
    const e = eventAfterFailedCreate(create(), error)!.event;
    expect([e.type, e.reason, e.message, e.involvedObject.uid]).toEqual(['Warning', 'FailedCreate', `Error creating: ${error.message}`, 'u1']);
    // its own name: both events may be recorded from one sync
    expect(e.metadata?.name).not.toBe(eventAfterCreate(create(), 'x')!.event.metadata?.name);
  });

  it('none when the namespace is terminating (its NamespaceTerminating cause)', () => {
    let refused: unknown;
    try {
      checkNamespaceWritable('team', 'Terminating', PODS_DEF, 'create', 'web-7d6765b584-');
    } catch (e) {
      refused = e;
    }
    expect((refused as ApiError).details?.causes).toEqual([{ reason: 'NamespaceTerminating', message: 'namespace team is being terminated', field: 'metadata.namespace' }]);
    expect(eventAfterFailedCreate(create(), refused)).toBeUndefined();
  });

  it('none for a create that asks for no failure event', () => {
    const { failedEvent: _none, ...plain } = create();
    expect(eventAfterFailedCreate(plain, new Error('boom'))).toBeUndefined();
  });

  it('a ReplicaSet asks for a FailedCreate on every attempt, retries too (the recorder counts the repeats)', () => {
    const set = { ...rs, spec: { replicas: 1, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } } };
    const creates = (lastError?: { message: string }) =>
      reconcileReplicaSet({ rs: set, pods: [], now: Date.UTC(2026, 0, 1), ...(lastError ? { lastError } : {}) }).actions.filter((a): a is CreateAction => a.kind === 'create');
    expect(creates().map((a) => a.failedEvent?.reason)).toEqual(['FailedCreate']);
    expect(creates({ message: 'refused' }).map((a) => a.failedEvent?.reason)).toEqual(['FailedCreate']);
  });
});
