import type { Env } from '../../platform/env';
import { CLUSTER_STORE, namespaceStore, storeStub } from '../../platform/stores';
import type { StoreResult, WriteResult } from '../../shared/apiserver/store-protocol';
import { forbiddenMessage, type Attributes, type UserInfo } from '../../shared/auth';
import type { DeliveryOutcome, WebhookOperation } from '../../shared/webhooks';
import { decide } from './auth-authorize';

/** Upstream's limit on a field manager's length. */
const MAX_FIELD_MANAGER = 128;

/** The RBAC attributes of an operation: every action is a `patch` (of `<resource>/scale` for scale). */
function attributes(user: UserInfo, op: WebhookOperation): Attributes {
  return {
    user,
    verb: 'patch',
    resourceRequest: true,
    namespace: op.namespace,
    apiGroup: op.def.group,
    apiVersion: op.version,
    resource: op.def.plural,
    subresource: op.subresource,
    name: op.name,
    path: '',
  };
}

/**
 * The first operation `user` may not do, as a 403 outcome in upstream's words, or undefined when
 * RBAC allows them all. Always RBAC, even with AUTH_MODE=off: the trigger's ServiceAccount is
 * what bounds a webhook.
 */
export async function forbiddenOperation(env: Env, user: UserInfo, operations: WebhookOperation[]): Promise<Omit<DeliveryOutcome, 'id'> | undefined> {
  for (const op of operations) {
    const a = attributes(user, op);
    const d = await decide(env, a);
    if (!d.allowed) return { result: 'Rejected', reason: 'Forbidden', code: 403, message: `${op.field}: ${forbiddenMessage(a)}${d.reason ? `: ${d.reason}` : ''}` };
  }
  return undefined;
}

/** Runs one operation as a PATCH in its store (a dry run changes nothing). */
export function runOperation(env: Env, trigger: string, op: WebhookOperation, dryRun: boolean): Promise<StoreResult<WriteResult>> {
  return storeStub(env, op.namespace ? namespaceStore(op.namespace) : CLUSTER_STORE).patch({
    def: op.def,
    name: op.name,
    patchType: op.patchType,
    patch: op.patch,
    target: op.subresource === 'scale' ? 'scale' : 'main',
    force: op.force,
    dryRun,
    fieldManager: `webhooktrigger-${trigger}`.slice(0, MAX_FIELD_MANAGER),
    fieldValidation: 'Strict',
    version: op.version,
  });
}

/**
 * Every operation as a dry run: the first the store would refuse (its own code and message), so a
 * delivery whose actions would not all succeed is refused whole and changes nothing.
 */
export async function dryRunOperations(env: Env, trigger: string, operations: WebhookOperation[]): Promise<Omit<DeliveryOutcome, 'id'> | undefined> {
  for (const op of operations) {
    const r = await runOperation(env, trigger, op, true);
    if (!r.ok) return { result: 'Rejected', reason: 'ActionRejected', code: r.status.code, message: `${op.field}: ${r.status.message ?? r.status.reason}` };
  }
  return undefined;
}

/**
 * The operations, in order. A failure here (the cluster changed since the dry run) leaves the
 * earlier ones done: the delivery is `Failed`, and says what was done.
 */
export async function runOperations(env: Env, trigger: string, operations: WebhookOperation[]): Promise<Omit<DeliveryOutcome, 'id'>> {
  const done: string[] = [];
  for (const op of operations) {
    const r = await runOperation(env, trigger, op, false);
    if (!r.ok) {
      const before = done.length ? ` (done before it: ${done.join('; ')})` : '';
      return { result: 'Failed', reason: 'ActionFailed', code: r.status.code, message: `${op.field}: ${r.status.message ?? r.status.reason}${before}` };
    }
    done.push(op.description);
  }
  return { result: 'Delivered', code: 200, message: done.join('; ') };
}
