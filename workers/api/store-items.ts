import type { Env } from '../../platform/env';
import { storeStub } from '../../platform/stores';
import type { ResourceDef } from '../../shared/api/registry';
import { unwrap } from '../../shared/client/store-result';

/** Every object of a resource in one store (the Worker's own reads: RBAC policy, APF configuration). */
export async function storeItems<T>(env: Env, store: string, def: ResourceDef): Promise<T[]> {
  return unwrap(await storeStub(env, store).list({ def })).items as unknown as T[];
}
