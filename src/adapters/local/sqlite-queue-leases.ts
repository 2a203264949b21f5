import { leasedTooOften } from '../../domain';
import type { LeasedMessage } from '../../ports';
import { decodeQueueMessage } from './queue-message-codec';
import type { LeaseRange, MessageRow, QueueStatements } from './sqlite-queue-schema';

/** Splits sorted ids (a repeated id counts once) into runs of consecutive integers: `[first, last]` each. */
export const consecutiveRuns = (ids: readonly number[]): [number, number][] => {
  const runs: [number, number][] = [];
  for (const id of ids) {
    const last = runs[runs.length - 1];
    if (last !== undefined && id <= last[1] + 1) last[1] = Math.max(last[1], id);
    else runs.push([id, id]);
  }
  return runs;
};

/**
 * The first `limit` ready messages in id order: those no lasting lease covers, read range by range
 * between the lasting leases (sorted by first id, disjoint), which are skipped whole.
 */
const readyRows = (sql: QueueStatements, now: number, limit: number): MessageRow[] => {
  const lasting: readonly LeaseRange[] = sql.activeLeases.all(now);
  const rows: MessageRow[] = [];
  let after = 0;
  let next = 0;
  while (rows.length < limit) {
    while (next < lasting.length && (lasting[next] as LeaseRange).last_id <= after) next++;
    const lease = lasting[next];
    if (lease !== undefined && lease.first_id <= after + 1) {
      after = lease.last_id;
      continue;
    }
    const before = lease?.first_id ?? Number.MAX_SAFE_INTEGER;
    const need = limit - rows.length;
    const found = sql.readyBetween.all(after, before, now, need);
    for (const row of found) rows.push(row);
    if (found.length === need || lease === undefined) break;
    after = lease.last_id;
  }
  return rows;
};

/** Ends the leases that expired: each message they held counts one more lease without acknowledgement. */
const endExpiredLeases = (sql: QueueStatements, now: number): void => {
  for (const lease of sql.expiredLeases.all(now)) sql.countExpiry.run(lease.first_id, lease.last_id);
  sql.dropExpiredLeases.run(now);
};

/**
 * Leases up to `limit` ready messages under `token` until `until` (run inside one transaction):
 * each run of consecutive ids becomes one lease range; no message row is written. A message that
 * cannot be decoded, or (with `maxReceives`) was leased too often, is moved to the quarantine
 * table instead.
 */
export const leaseReady = (
  sql: QueueStatements,
  options: { now: number; until: number; limit: number; token: string; maxReceives: number | undefined },
): LeasedMessage[] => {
  const { now, until, token, maxReceives } = options;
  endExpiredLeases(sql, now);
  const leased: LeasedMessage[] = [];
  const ids: number[] = [];
  const rows = readyRows(sql, now, options.limit);
  // Drained, nothing leased: what is left (normally nothing) is counted again, cheaply.
  if (rows.length === 0 && sql.activeLeases.all(now).length === 0) sql.recount.run();
  for (const [id, body, receives] of rows) {
    let reason: string | undefined;
    if (maxReceives !== undefined && receives + 1 > maxReceives) reason = leasedTooOften(receives);
    else {
      try {
        leased.push({ receipt: `${id}.${token}`, records: decodeQueueMessage(body) });
        ids.push(id);
      } catch (error) {
        reason = (error as Error).message ?? String(error);
      }
    }
    if (reason !== undefined) {
      sql.quarantine.run(body, reason, now);
      sql.uncount.run(sql.remove.run(id).changes);
    }
  }
  for (const [first, last] of consecutiveRuns(ids)) sql.addLease.run(first, last, token, until);
  return leased;
};

/**
 * Deletes the messages whose receipts (`<id>.<token>`) are given and whose lease still holds them
 * (expired or not, as long as no later lease took them): per run of consecutive ids, one delete per
 * lease range it meets, and the range shrinks to what it still holds. Other receipts are ignored.
 */
export const acknowledgeReceipts = (sql: QueueStatements, receipts: readonly string[]): void => {
  // Arrays, not sets: a set past 4,096 entries costs about ten times more per entry (Node 20),
  // and a store run acknowledges thousands at once. A run's receipts share one token, so the
  // token's entry is looked up again only when it changes.
  const idsByToken = new Map<string, number[]>();
  let token: string | undefined;
  let ids: number[] = [];
  for (const receipt of receipts) {
    const dot = receipt.indexOf('.');
    const id = Number(receipt.slice(0, dot));
    if (dot <= 0 || !Number.isSafeInteger(id)) continue;
    const receiptToken = receipt.slice(dot + 1);
    if (receiptToken !== token) {
      token = receiptToken;
      ids = idsByToken.get(token) ?? [];
      idsByToken.set(token, ids);
    }
    ids.push(id);
  }
  for (const [token, ids] of idsByToken) {
    for (const [first, last] of consecutiveRuns(ids.sort((a, b) => a - b))) {
      for (const lease of sql.leasesOverlapping.all(token, last, first)) {
        const from = Math.max(first, lease.first_id);
        const to = Math.min(last, lease.last_id);
        sql.uncount.run(sql.removeRange.run(from, to).changes);
        sql.dropLease.run(lease.first_id);
        if (lease.first_id < from) sql.addLease.run(lease.first_id, from - 1, token, lease.visible_at);
        if (to < lease.last_id) sql.addLease.run(to + 1, lease.last_id, token, lease.visible_at);
      }
    }
  }
};

/** How many messages lasting leases hold. */
export const leasedCount = (sql: QueueStatements, now: number): number => {
  let held = 0;
  for (const lease of sql.activeLeases.all(now))
    held += sql.heldIn.get(lease.first_id, lease.last_id)?.held ?? 0;
  return held;
};
