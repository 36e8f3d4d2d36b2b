import { CONTROLLERS } from './registry';

/** Every controller host's name: `<controller>`, or `<controller>#<shard>` for sharded ones. */
export function controllerHostNames(): string[] {
  return Object.values(CONTROLLERS).flatMap((c) => (c.shards ? Array.from({ length: c.shards }, (_, i) => `${c.name}#${i}`) : [c.name]));
}
