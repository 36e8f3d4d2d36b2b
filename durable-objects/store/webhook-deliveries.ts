import {
  claimDelivery,
  DEDUPE_WINDOW_MS,
  MAX_REMEMBERED_DELIVERIES,
  noteOutcome,
  type DeliveryClaim,
  type DeliveryClaimRequest,
  type OutcomeNote,
  type OutcomeRecord,
  type TokenBucket,
} from '../../shared/webhooks/delivery-claim';

/**
 * A namespace store's memory of webhook deliveries: the ids it took (one row each, forgotten after
 * the window or beyond the per-trigger bound), each trigger's rate-limit bucket, and its bucket for
 * writing refusals with the refusals counted but not yet written. Each call reads, decides
 * (shared/webhooks/delivery-claim.ts) and writes in one synchronous transaction, so two copies of a
 * delivery arriving together cannot both pass.
 */
export class WebhookDeliveries {
  private readonly sql: SqlStorage;

  constructor(private readonly storage: DurableObjectStorage) {
    const sql = (this.sql = storage.sql);
    sql.exec(`CREATE TABLE IF NOT EXISTS webhook_deliveries (trigger TEXT NOT NULL, id TEXT NOT NULL, at INTEGER NOT NULL, PRIMARY KEY (trigger, id))`);
    sql.exec(`CREATE INDEX IF NOT EXISTS webhook_deliveries_at ON webhook_deliveries (at)`);
    sql.exec(`CREATE INDEX IF NOT EXISTS webhook_deliveries_trigger_at ON webhook_deliveries (trigger, at)`);
    sql.exec(`CREATE TABLE IF NOT EXISTS webhook_buckets (trigger TEXT PRIMARY KEY, tokens REAL NOT NULL, at INTEGER NOT NULL)`);
    sql.exec(`CREATE TABLE IF NOT EXISTS webhook_unrecorded (trigger TEXT NOT NULL, reason TEXT NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (trigger, reason))`);
  }

  private bucket(key: string): TokenBucket | undefined {
    const row = this.sql.exec<{ tokens: number; at: number }>('SELECT tokens, at FROM webhook_buckets WHERE trigger = ?', key).toArray()[0];
    return row ? { tokens: row.tokens, atMs: row.at } : undefined;
  }

  private setBucket(key: string, b: TokenBucket): void {
    this.sql.exec('INSERT INTO webhook_buckets (trigger, tokens, at) VALUES (?, ?, ?) ON CONFLICT(trigger) DO UPDATE SET tokens = excluded.tokens, at = excluded.at', key, b.tokens, b.atMs);
  }

  /** Whether to write a delivery's outcome to its trigger now, and the refusals to fold into that write. */
  note(req: OutcomeNote, nowMs: number): OutcomeRecord {
    return this.storage.transactionSync(() => {
      const rows = this.sql.exec<{ reason: string; n: number }>('SELECT reason, n FROM webhook_unrecorded WHERE trigger = ?', req.trigger).toArray();
      const d = noteOutcome(this.bucket(`${req.trigger}#record`), Object.fromEntries(rows.map((r) => [r.reason, r.n])), req.rejectedFor, nowMs);
      if (d.bucket) this.setBucket(`${req.trigger}#record`, d.bucket);
      this.sql.exec('DELETE FROM webhook_unrecorded WHERE trigger = ?', req.trigger);
      for (const [reason, n] of Object.entries(d.unrecorded)) this.sql.exec('INSERT INTO webhook_unrecorded (trigger, reason, n) VALUES (?, ?, ?)', req.trigger, reason, n);
      return d.result;
    });
  }

  /** Claims `req.deliveryId` and a token for `req.trigger` at wall time `nowMs`. */
  claim(req: DeliveryClaimRequest, nowMs: number): DeliveryClaim {
    return this.storage.transactionSync(() => {
      // past the window every trigger's ids are forgotten, deleted triggers' too; an idle bucket is full again
      this.sql.exec('DELETE FROM webhook_deliveries WHERE at < ?', nowMs - DEDUPE_WINDOW_MS);
      this.sql.exec('DELETE FROM webhook_buckets WHERE at < ?', nowMs - DEDUPE_WINDOW_MS);
      const seen = this.sql.exec('SELECT 1 FROM webhook_deliveries WHERE trigger = ? AND id = ?', req.trigger, req.deliveryId).toArray().length > 0;
      const d = claimDelivery(seen, this.bucket(req.trigger), req.rateLimit, nowMs);
      if (d.bucket) this.setBucket(req.trigger, d.bucket);
      if (d.remember) {
        this.sql.exec('INSERT INTO webhook_deliveries (trigger, id, at) VALUES (?, ?, ?)', req.trigger, req.deliveryId, nowMs);
        const { n } = this.sql.exec<{ n: number }>('SELECT COUNT(*) AS n FROM webhook_deliveries WHERE trigger = ?', req.trigger).one();
        if (n > MAX_REMEMBERED_DELIVERIES) {
          this.sql.exec(
            'DELETE FROM webhook_deliveries WHERE rowid IN (SELECT rowid FROM webhook_deliveries WHERE trigger = ? ORDER BY at LIMIT ?)',
            req.trigger,
            n - MAX_REMEMBERED_DELIVERIES,
          );
        }
      }
      return d.claim;
    });
  }
}
