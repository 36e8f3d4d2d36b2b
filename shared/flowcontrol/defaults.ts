// pkg/apis/flowcontrol/v1/defaults.go: matchingPrecedence 1000; a Limited level's 30 shares and 0 %
// lendable; an Exempt level's 0 shares and 0 %; queuing 64 queues, hand size 8, 50 per queue.
type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const def = (o: Obj, k: string, v: unknown) => {
  if (o[k] === undefined || o[k] === null) o[k] = v;
};

/** SetDefaults_FlowSchemaSpec, in place. */
export function defaultFlowSchema(o: Obj): void {
  if (isObj(o['spec']) && !o['spec']['matchingPrecedence']) o['spec']['matchingPrecedence'] = 1000;
}

/** SetDefaults_PriorityLevelConfiguration and its nested defaulters, in place. */
export function defaultPriorityLevelConfiguration(o: Obj): void {
  const spec = o['spec'];
  if (!isObj(spec)) return;
  if (isObj(spec['exempt'])) {
    def(spec['exempt'], 'nominalConcurrencyShares', 0);
    def(spec['exempt'], 'lendablePercent', 0);
  }
  const limited = spec['limited'];
  if (!isObj(limited)) return;
  def(limited, 'nominalConcurrencyShares', 30);
  def(limited, 'lendablePercent', 0);
  const lr = limited['limitResponse'];
  if (isObj(lr) && isObj(lr['queuing'])) {
    const q = lr['queuing'];
    if (!q['queues']) q['queues'] = 64;
    if (!q['handSize']) q['handSize'] = 8;
    if (!q['queueLengthLimit']) q['queueLengthLimit'] = 50;
  }
}
