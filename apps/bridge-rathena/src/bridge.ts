import mariadb, { type Pool, type UpsertResult } from 'mariadb';
import type { Logger } from 'pino';
import { codepage } from './codepage';
import type { BridgeEnv } from './config';
import { GatewayClient } from '@npc/gateway-client';
import { buildRequest, REPLY_COLUMN_NAMES, replyColumns, type ReplyColumns, type RequestRow } from './rows';
import { CREATE_TABLE_SQL, TABLE, upgradeStatements, type ExistingColumn } from './table';

/** Below this many ms left, a row is not worth a gateway call (the contract's minimum deadline is 20 ms). */
const MIN_USEFUL_MS = 25;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface BridgeStats {
  /** Rows this bridge claimed (and so dispatched exactly once). */
  claimed: number;
  done: number;
  failed: number;
  /** Rows it claimed but found (or left) past their deadline. */
  expired: number;
  /** Rows of any bridge the expiry sweep marked expired. */
  sweptExpired: number;
  deleted: number;
  /** Replies that could not be written because the row was no longer ours (expired meanwhile). */
  lateReplies: number;
  dbErrors: number;
}

export interface RunningBridge {
  id: string;
  pool: Pool;
  stats: BridgeStats;
  /** Resolves once the table exists and the first poll ran (the database is reachable). */
  ready: Promise<void>;
  /** Stops claiming, lets the calls in flight finish (each bounded by its row's deadline), closes the pool. */
  close(): Promise<void>;
}

const CLAIM = `UPDATE ${TABLE} SET status = 'claimed', claimed_by = ?, claimed_at = NOW(3)
  WHERE status = 'new' AND created_at > NOW(3) - INTERVAL deadline_ms * 1000 MICROSECOND
  ORDER BY id LIMIT ?`;
const CLAIMED = `SELECT id, npc_id, char_id, char_name, base_level, job, zeny, map, x, y, event, text, allowed, deadline_ms,
    CAST(deadline_ms - TIMESTAMPDIFF(MICROSECOND, created_at, NOW(3)) / 1000 AS SIGNED) AS remaining_ms,
    CAST(UNIX_TIMESTAMP(created_at) * 1000 AS UNSIGNED) AS created_ms
  FROM ${TABLE} WHERE status = 'claimed' AND claimed_by = ? ORDER BY id LIMIT ?`;
const REPLY = `UPDATE ${TABLE} SET status = 'done', ${REPLY_COLUMN_NAMES.map((c) => `${c} = ?`).join(', ')},
    answered_at = NOW(3), error = NULL
  WHERE id = ? AND status = 'claimed' AND claimed_by = ?`;
const COLUMNS_NOW = `SELECT COLUMN_NAME AS name, COLUMN_TYPE AS type FROM information_schema.COLUMNS
  WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = '${TABLE}'`;
const FAIL = `UPDATE ${TABLE} SET status = ?, error = ?, answered_at = NOW(3) WHERE id = ? AND status = 'claimed' AND claimed_by = ?`;
// `error` is assigned before `status`: MariaDB evaluates SET left to right with the new values.
const EXPIRE = `UPDATE ${TABLE}
  SET error = IF(status = 'new', 'no bridge claimed it before its deadline', 'no decision before its deadline'), status = 'expired'
  WHERE status IN ('new', 'claimed') AND created_at <= NOW(3) - INTERVAL deadline_ms * 1000 MICROSECOND`;
const CLEANUP = `DELETE FROM ${TABLE} WHERE created_at < NOW(3) - INTERVAL ? SECOND ORDER BY id LIMIT 1000`;

/** Opens the pool and starts the claim loop. The database may be down at start: the loop retries. */
export function startBridge(config: BridgeEnv, log: Logger, opts: { fetch?: typeof fetch } = {}): RunningBridge {
  const pool = mariadb.createPool({
    ...(config.RATHENA_DB_SOCKET ? { socketPath: config.RATHENA_DB_SOCKET } : { host: config.RATHENA_DB_HOST, port: config.RATHENA_DB_PORT }),
    user: config.RATHENA_DB_USER,
    password: config.RATHENA_DB_PASSWORD,
    database: config.RATHENA_DB_NAME,
    connectionLimit: config.RATHENA_DB_POOL_SIZE,
    acquireTimeout: 3000,
    connectTimeout: 2000,
    bigIntAsNumber: true,
    insertIdAsNumber: true,
    decimalAsNumber: true,
  });
  const gateway = new GatewayClient(config.NPC_BRAIN_URL, config.NPC_BRAIN_KEY, { retries: config.BRIDGE_RETRIES, ...(opts.fetch ? { fetch: opts.fetch } : {}) });
  const id = config.BRIDGE_ID;
  const cp = codepage(config.RATHENA_CLIENT_CODEPAGE);
  const stats: BridgeStats = { claimed: 0, done: 0, failed: 0, expired: 0, sweptExpired: 0, deleted: 0, lateReplies: 0, dbErrors: 0 };
  const inflight = new Map<number, Promise<void>>();
  let stopping = false;
  // Look for rows left `claimed` under our id (an earlier run with the same BRIDGE_ID, a failed write).
  let recheck = true;
  let wake: (() => void) | undefined;
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((r) => (markReady = r));

  const write = async (sql: string, values: unknown[]): Promise<number> => ((await pool.query(sql, values)) as UpsertResult).affectedRows;

  async function finish(row: RequestRow, status: 'failed' | 'expired', error: string): Promise<void> {
    const n = await write(FAIL, [status, error.slice(0, 255), row.id, id]);
    if (n === 1) {
      stats[status === 'failed' ? 'failed' : 'expired']++;
      log.warn({ row: row.id, npc: row.npc_id, status, error }, 'request not answered; the script uses its default');
    }
  }

  async function answer(row: RequestRow, reply: ReplyColumns): Promise<void> {
    const n = await write(REPLY, [...REPLY_COLUMN_NAMES.map((c) => reply[c]), row.id, id]);
    if (n === 1) stats.done++;
    else {
      stats.lateReplies++;
      log.warn({ row: row.id, decision: reply.decision_id }, 'decision arrived after the row expired; not written');
    }
  }

  async function handle(row: RequestRow, readAt: number): Promise<void> {
    const left = row.remaining_ms - (performance.now() - readAt);
    if (left < MIN_USEFUL_MS + config.BRIDGE_REPLY_MARGIN_MS) return finish(row, 'expired', 'claimed too close to its deadline');
    const built = buildRequest(row, left - config.BRIDGE_REPLY_MARGIN_MS, cp);
    if (!built.ok) return finish(row, 'failed', built.error);
    const result = await gateway.decide(built.body, built.allowed, left - 5);
    if (result.ok) return answer(row, replyColumns(result.decision, cp));
    return finish(row, result.kind === 'timeout' ? 'expired' : 'failed', result.error);
  }

  function dispatch(row: RequestRow, readAt: number): void {
    const work = handle(row, readAt)
      .catch((err: unknown) => {
        stats.dbErrors++;
        recheck = true;
        // The row stays `claimed`: retried while its deadline allows, else the expiry sweep closes it.
        log.error({ row: row.id, err: err instanceof Error ? err.message : String(err) }, 'could not write the outcome of a row');
      })
      .finally(() => {
        inflight.delete(row.id);
        wake?.();
      });
    inflight.set(row.id, work);
  }

  /** Claims up to `n` rows and dispatches them; returns how many it claimed. */
  async function claim(n: number): Promise<number> {
    const claimed = await write(CLAIM, [id, n]);
    stats.claimed += claimed;
    if (claimed === 0 && !recheck) return 0;
    recheck = false;
    const rows = (await pool.query(CLAIMED, [id, n + inflight.size])) as RequestRow[];
    const readAt = performance.now();
    for (const row of rows) if (!inflight.has(row.id)) dispatch(row, readAt);
    return claimed;
  }

  async function loop(): Promise<void> {
    let tableReady = !config.BRIDGE_CREATE_TABLE;
    let lastExpire = -Infinity;
    let lastCleanup = -Infinity;
    let lastStats = performance.now();
    let failures = 0;
    let isReady = false;
    while (!stopping) {
      let claimed = 0;
      try {
        if (!tableReady) {
          await pool.query(CREATE_TABLE_SQL);
          // A table an older release created: add the new columns, make the byte columns binary.
          for (const sql of upgradeStatements((await pool.query(COLUMNS_NOW)) as ExistingColumn[])) {
            log.info({ sql }, 'upgrading the request table');
            await pool.query(sql);
          }
          tableReady = true;
        }
        const free = config.BRIDGE_CONCURRENCY - inflight.size;
        if (free > 0) {
          claimed = await claim(Math.min(config.BRIDGE_BATCH, free));
        }
        const now = performance.now();
        if (now - lastExpire >= config.BRIDGE_EXPIRE_EVERY_MS) {
          lastExpire = now;
          stats.sweptExpired += await write(EXPIRE, []);
        }
        if (config.BRIDGE_RETENTION_S > 0 && now - lastCleanup >= config.BRIDGE_CLEANUP_EVERY_S * 1000) {
          lastCleanup = now;
          for (let i = 0; i < 20; i++) {
            const n = await write(CLEANUP, [config.BRIDGE_RETENTION_S]);
            stats.deleted += n;
            if (n < 1000) break;
          }
        }
        if (!isReady) {
          isReady = true;
          markReady();
          log.info({ bridge: id, db: `${config.RATHENA_DB_HOST}:${config.RATHENA_DB_PORT}/${config.RATHENA_DB_NAME}`, gateways: config.NPC_BRAIN_URL }, 'bridge ready');
        }
        if (failures > 0) log.info({ after: failures }, 'database reachable again');
        failures = 0;
      } catch (err) {
        failures++;
        stats.dbErrors++;
        recheck = true;
        if (failures === 1 || failures % 50 === 0) log.error({ err: err instanceof Error ? err.message : String(err), failures }, 'database error; retrying');
        await sleep(Math.min(50 * 2 ** Math.min(failures, 5), 1000));
        continue;
      }
      if (config.BRIDGE_STATS_EVERY_S > 0 && performance.now() - lastStats >= config.BRIDGE_STATS_EVERY_S * 1000) {
        lastStats = performance.now();
        if (stats.claimed + stats.sweptExpired > 0) log.info({ stats: { ...stats }, inflight: inflight.size }, 'bridge counters');
      }
      // A full batch: more may be waiting, claim again at once (unless every slot is busy).
      if (claimed >= config.BRIDGE_BATCH && inflight.size < config.BRIDGE_CONCURRENCY) continue;
      await new Promise<void>((r) => {
        const t = setTimeout(done, config.BRIDGE_POLL_MS);
        function done() {
          clearTimeout(t);
          wake = undefined;
          r();
        }
        // A finished call frees a slot: when the bridge was full, look again at once.
        if (inflight.size >= config.BRIDGE_CONCURRENCY) wake = done;
      });
    }
  }

  const running = loop();
  return {
    id,
    pool,
    stats,
    ready,
    async close() {
      stopping = true;
      wake?.();
      await running;
      await Promise.allSettled([...inflight.values()]);
      await pool.end();
      log.info({ stats: { ...stats } }, 'bridge stopped');
    },
  };
}
