import type { ObjectMeta } from 'kubernetes-types/meta/v1';

export type { ObjectMeta };

/**
 * The one narrow shape every stored object has. Specific kinds come from `kubernetes-types`
 * (`import type { Pod } from 'kubernetes-types/core/v1'`); code that handles any kind uses this.
 */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMeta;
  [field: string]: unknown;
}

/** A stored object always has metadata with name and resourceVersion. */
export interface StoredObject extends KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta & { name: string; resourceVersion: string; uid: string };
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';

export interface WatchEvent<T = KubeObject> {
  type: WatchEventType;
  object: T;
}

/** A plain JSON value, the input and output of every patch function. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Sets an own, enumerable property, whatever the key: `obj[key] = v` with a user-chosen key such as
 * `__proto__` would replace the object's prototype instead (prototype pollution), and the key would vanish.
 * @example setOwn({}, '__proto__', 'x') // { ['__proto__']: 'x' } as an own property
 */
export function setOwn<T extends object>(obj: T, key: string, value: unknown): T {
  // only `__proto__` is an accessor of Object.prototype: any other key of a plain object is set as its own
  // data property by an assignment, which costs a fraction of defineProperty (every field a body decodes)
  if (key !== '__proto__' && Object.getPrototypeOf(obj) === Object.prototype) (obj as Record<string, unknown>)[key] = value;
  else Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  return obj;
}

/** Whether `key` is an own property of `obj`: `'constructor' in {}` is true, so `in` cannot test user-chosen keys. */
export function hasOwn(obj: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(obj, key);
}
