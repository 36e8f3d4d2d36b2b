import type { Env } from '../../platform/env';
import { namespaceStore, storeStub } from '../../platform/stores';
import { IsolateCache } from './isolate-cache';
import { base64urlEncode, importHmacKey, sha256Hex } from '../../shared/auth';
import { SECRET_DEF } from '../../shared/api/resource-defs';

/** Where the key lives: a Secret only cluster admins (and whoever they grant kube-system secrets) can read. */
export const SIGNING_KEY_SECRET = { namespace: 'kube-system', name: 'kubeflare-service-account-signing-key' };

export interface SigningKey {
  key: CryptoKey;
  /** Names the key in each token's header, so a rotated key can be told apart. */
  kid: string;
}

const keys = new IsolateCache<string, SigningKey>(Infinity, 1);

/**
 * The HMAC-SHA256 key ServiceAccount tokens are signed with: read from its Secret in kube-system,
 * or created there (32 random bytes) on first use. Two isolates racing to create it both end up
 * with the one that was stored. Kept per isolate: deleting the Secret invalidates every token at
 * the next isolate start.
 */
export function signingKey(env: Env): Promise<SigningKey> {
  return keys.get('key', () => load(env));
}

async function load(env: Env): Promise<SigningKey> {
  const stub = storeStub(env, namespaceStore(SIGNING_KEY_SECRET.namespace));
  let found = await stub.get(SECRET_DEF, SIGNING_KEY_SECRET.name);
  if (!found.ok) {
    const raw = crypto.getRandomValues(new Uint8Array(32));
    const object = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: SIGNING_KEY_SECRET.name, namespace: SIGNING_KEY_SECRET.namespace },
      type: 'Opaque',
      data: { key: btoa(String.fromCharCode(...raw)) },
    };
    const created = await stub.create({ def: SECRET_DEF, object, version: 'v1', fieldManager: 'kube-apiserver' });
    found = created.ok ? { ok: true, value: created.value.object } : await stub.get(SECRET_DEF, SIGNING_KEY_SECRET.name);
    if (!found.ok) throw new Error(`cannot read or create the ServiceAccount signing key: ${found.status.message}`);
  }
  const data = (found.value as { data?: Record<string, string> }).data?.key ?? '';
  const raw = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
  if (raw.length < 32) throw new Error(`Secret ${SIGNING_KEY_SECRET.namespace}/${SIGNING_KEY_SECRET.name} holds no usable key`);
  const kid = base64urlEncode(new TextEncoder().encode((await sha256Hex(crypto.subtle, data)).slice(0, 16)));
  return { key: await importHmacKey(crypto.subtle, raw), kid };
}
