import { ApiError } from '../../../shared/api/errors';
import type { Json, JsonObject } from '../../../shared/api/object';
import { serverSideApply, trackUpdate, type ManagedFieldsEntry } from '../../../shared/patch';
import { DEPLOYMENT, deploymentSchemas } from './fixtures';

export const T0 = '2024-05-01T10:00:00Z';
export const T1 = '2024-05-01T11:00:00Z';
export const T2 = '2024-05-01T12:00:00Z';

export const base = { schema: deploymentSchemas, typeName: DEPLOYMENT, apiVersion: 'apps/v1' };

export function deployment(spec: JsonObject = {}, labels: JsonObject = { app: 'web' }): JsonObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', labels },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { containers: [{ name: 'nginx', image: 'nginx:1.25' }] },
      },
      ...spec,
    },
  };
}

export function apply(live: Json | undefined, applied: JsonObject, manager: string, now = T1, force = false) {
  return serverSideApply(live, applied, { ...base, manager, force, now });
}

/** An object created the way `kubectl create`/client-side apply does: its managedFields from trackUpdate. */
export function createdBy(manager: string, obj: JsonObject): JsonObject {
  const managedFields = trackUpdate(undefined, obj, { ...base, manager, operation: 'Update', now: T0 });
  const out = structuredClone(obj);
  (out.metadata as JsonObject).managedFields = managedFields as unknown as Json;
  return out;
}

export function entry(entries: ManagedFieldsEntry[], manager: string, operation = 'Apply'): ManagedFieldsEntry | undefined {
  return entries.find((e) => e.manager === manager && e.operation === operation);
}

export function applyError(f: () => unknown): ApiError {
  try {
    f();
  } catch (e) {
    if (e instanceof ApiError) return e;
    throw e;
  }
  throw new Error('expected an ApiError');
}

