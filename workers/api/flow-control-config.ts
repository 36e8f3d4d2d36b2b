import { clock } from '../../platform/clock';
import type { Env } from '../../platform/env';
import { log } from '../../platform/log';
import { CLUSTER_STORE, flowControlStub, storeStub } from '../../platform/stores';
import type { KubeObject } from '../../shared/api/object';
import { BUILTIN_RESOURCES, type ResourceDef } from '../../shared/api/registry';
import { rfc3339 } from '../../shared/apiserver/write-context';
import {
  CONFIG_CONSUMER,
  concurrencyLimits,
  configProducerActions,
  currentLimits,
  danglingStatusUpdate,
  DEMAND_PERIOD_MS,
  FLOWCONTROL_GROUP,
  maxSeatsOf,
  orderFlowSchemas,
  SERVER_CONCURRENCY_LIMIT,
  type FlowSchema,
  type LevelConfig,
  type LevelLimits,
  type PriorityLevelConfiguration,
} from '../../shared/flowcontrol';
import { IsolateCache } from './isolate-cache';
import { storeItems } from './store-items';

const def = (plural: string): ResourceDef => BUILTIN_RESOURCES.find((d) => d.group === FLOWCONTROL_GROUP && d.plural === plural)!;
export const FLOW_SCHEMAS = def('flowschemas');
export const PRIORITY_LEVELS = def('prioritylevelconfigurations');

/** The field manager of upstream's configuration producer. */
const CONFIG_PRODUCER = 'api-priority-and-fairness-config-producer-v1';

/**
 * How long this isolate trusts its copy of the APF objects (as the RBAC policy cache): a new
 * FlowSchema or level takes effect within this time.
 */
const TTL_MS = 2000;

/** One level as classification and the request path see it. */
export interface LevelState {
  name: string;
  uid: string;
  exempt: boolean;
  limits: LevelLimits;
  maxSeats: number;
  config: LevelConfig;
}

/** This isolate's copy of the APF configuration. */
export interface FlowConfig {
  /** Schemas in classification order (dangling ones left out). */
  ordered: FlowSchema[];
  levels: Map<string, LevelState>;
}

const configs = new IsolateCache<'config', FlowConfig>(TTL_MS, 1);
const produced = new IsolateCache<'done', true>(Infinity, 1);
const borrowedLimits = new IsolateCache<string, Map<string, number>>(DEMAND_PERIOD_MS, 4);

const list = <T>(env: Env, d: ResourceDef): Promise<T[]> => storeItems<T>(env, CLUSTER_STORE, d);

function levelState(pl: PriorityLevelConfiguration, limits: LevelLimits, currentCL: number): LevelState {
  const name = pl.metadata?.name ?? '';
  const uid = pl.metadata?.uid ?? '';
  const queuing = pl.spec?.limited?.limitResponse?.type === 'Queue' ? pl.spec.limited.limitResponse.queuing : undefined;
  const config: LevelConfig = {
    name,
    uid,
    version: `${pl.metadata?.resourceVersion ?? ''}/${currentCL}`,
    concurrencyLimit: currentCL,
    queues: queuing?.queues ?? 0,
    handSize: queuing?.handSize ?? 0,
    queueLengthLimit: queuing?.queueLengthLimit ?? 0,
  };
  return { name, uid, exempt: pl.spec?.type === 'Exempt', limits, maxSeats: maxSeatsOf(limits.nominalCL, queuing?.handSize), config };
}

/**
 * Upstream's configuration producer, once per isolate: creates the bootstrap FlowSchemas and
 * PriorityLevelConfigurations that are missing and keeps them as the auto-update annotation allows
 * (shared/flowcontrol/config-producer.ts). Another isolate racing it gets AlreadyExists or a conflict: fine.
 */
export async function ensureFlowConfig(env: Env): Promise<void> {
  await produced.get('done', async () => (await produce(env), true));
}

async function produce(env: Env): Promise<void> {
  const stub = storeStub(env, CLUSTER_STORE);
  const [schemas, levels] = await Promise.all([list<FlowSchema>(env, FLOW_SCHEMAS), list<PriorityLevelConfiguration>(env, PRIORITY_LEVELS)]);
  const actions = configProducerActions(schemas, levels);
  const results = await Promise.all(
    actions.map((a) => {
      const d = a.kind === 'FlowSchema' ? FLOW_SCHEMAS : PRIORITY_LEVELS;
      if (a.op === 'create') return stub.create({ def: d, object: a.object as unknown as KubeObject, version: 'v1', fieldManager: CONFIG_PRODUCER });
      if (a.op === 'update') return stub.update({ def: d, name: a.object.metadata!.name!, object: a.object as unknown as KubeObject, target: 'main', version: 'v1', fieldManager: CONFIG_PRODUCER });
      return stub.delete({ def: d, name: a.name });
    }),
  );
  for (const r of results) if (!r.ok && r.status.reason !== 'AlreadyExists' && r.status.reason !== 'Conflict') log.error('apf: bootstrap configuration not written', { status: r.status.message });
  if (actions.length) log.info('apf: bootstrap configuration written', { objects: actions.map((a) => `${a.op} ${a.kind}/${a.op === 'delete' ? a.name : a.object.metadata?.name}`) });
}

/** Writes each schema's Dangling condition when it changed (upstream's configuration consumer). */
async function maintainStatus(env: Env, schemas: FlowSchema[], levelNames: Set<string>): Promise<void> {
  const now = rfc3339(clock.now());
  const stub = storeStub(env, CLUSTER_STORE);
  for (const fs of schemas) {
    const status = danglingStatusUpdate(fs, levelNames, now);
    if (!status) continue;
    const object = { ...fs, status } as unknown as KubeObject;
    const r = await stub.update({ def: FLOW_SCHEMAS, name: fs.metadata!.name!, object, target: 'status', version: 'v1', fieldManager: CONFIG_CONSUMER });
    if (!r.ok && r.status.reason !== 'Conflict' && r.status.reason !== 'NotFound') log.warn('apf: status not written', { name: fs.metadata?.name, status: r.status.message });
  }
}

async function load(env: Env): Promise<FlowConfig> {
  await ensureFlowConfig(env);
  const [schemas, levels] = await Promise.all([list<FlowSchema>(env, FLOW_SCHEMAS), list<PriorityLevelConfiguration>(env, PRIORITY_LEVELS)]);
  const limits = concurrencyLimits(levels, SERVER_CONCURRENCY_LIMIT);
  const current = await borrowing(env, levels, limits);
  const states = new Map(
    levels.map((pl) => {
      const name = pl.metadata?.name ?? '';
      return [name, levelState(pl, limits.get(name)!, current.get(name) ?? limits.get(name)!.nominalCL)];
    }),
  );
  const names = new Set(states.keys());
  await maintainStatus(env, schemas, names);
  return { ordered: orderFlowSchemas(schemas, names), levels: states };
}


/**
 * Borrowing (upstream's every-10-s re-division): each limited level's recent seat demand, read from
 * its Durable Object, decides how the sum of the nominal limits is shared within each level's
 * [NominalCL − LendableCL, NominalCL + BorrowingCL]. Computed at most once per period per isolate;
 * a level whose object cannot answer counts as idle.
 */
function borrowing(env: Env, levels: PriorityLevelConfiguration[], limits: Map<string, LevelLimits>): Promise<Map<string, number>> {
  const limited = levels.filter((pl) => pl.spec?.type !== 'Exempt').map((pl) => pl.metadata?.name ?? '');
  const key = limited.map((n) => `${n}:${JSON.stringify(limits.get(n))}`).join(',');
  return borrowedLimits.get(key, async () => {
    const demands = await Promise.all(limited.map((n) => flowControlStub(env, n).seatDemand().catch(() => 0)));
    return currentLimits(limited.map((name, i) => ({ name, ...limits.get(name)!, demand: demands[i]! })));
  });
}

/** The APF configuration, read from the cluster store at most once per 2 s per isolate. */
export function flowConfig(env: Env): Promise<FlowConfig> {
  return configs.get('config', () => load(env));
}

/** Forget the cached configuration (after the producer wrote). */
export function invalidateFlowConfig(): void {
  configs.invalidate();
}
