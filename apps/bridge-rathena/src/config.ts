import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { resolveCodepage } from './codepage';

const int = (def: number, min = 0, max = Number.MAX_SAFE_INTEGER) => z.coerce.number().int().min(min).max(max).default(def);
const bool = (def: boolean) =>
  z.enum(['true', 'false', '1', '0', 'yes', 'no']).default(def ? 'true' : 'false').transform((v) => v === 'true' || v === '1' || v === 'yes');

/** One gateway base URL or several, comma-separated (tried in turn when one does not answer). */
const GatewayUrls = z
  .string()
  .default('http://127.0.0.1:3000')
  .transform((s) => s.split(',').map((u) => u.trim().replace(/\/+$/, '')).filter(Boolean))
  .pipe(z.array(z.string().url()).min(1));

/**
 * The rAthena bridge's environment (read once at start through `loadConfig` from @npc/config).
 * Every variable and its default is listed in deploy/env/bridge-rathena.env.example.
 */
export const BridgeEnv = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SHUTDOWN_TIMEOUT_MS: int(10_000, 100),

  /** The gateway(s): base URL(s) of `POST /v1/decisions`. */
  NPC_BRAIN_URL: GatewayUrls,
  /** A `game` API key (`pnpm npc keys create --name rathena --scope game`). */
  NPC_BRAIN_KEY: z.string().min(1),

  /** rAthena's main database (the one its `query_sql` uses). */
  RATHENA_DB_HOST: z.string().min(1).default('127.0.0.1'),
  RATHENA_DB_PORT: int(3306, 1, 65535),
  /** A Unix socket instead of host/port (e.g. /run/mysqld/mysqld.sock). */
  RATHENA_DB_SOCKET: z.string().min(1).optional(),
  RATHENA_DB_USER: z.string().min(1).default('ragnarok'),
  RATHENA_DB_PASSWORD: z.string().default(''),
  RATHENA_DB_NAME: z.string().regex(/^[A-Za-z0-9_$]{1,64}$/).default('ragnarok'),
  RATHENA_DB_POOL_SIZE: int(4, 2, 100),
  /**
   * The codepage of the players' game clients: what they type and their names arrive as bytes in
   * it, and what NPCs say is written back in it. `cp1252` (Western clients) by default; `utf-8`,
   * `cp1250`, `cp1251`, `cp1254`, `cp1256`, `cp874` (Thai), `cp949` (Korean), `cp932` (Japanese),
   * `gbk` (Simplified Chinese), `big5` (Traditional Chinese) and any other name iconv-lite knows.
   */
  RATHENA_CLIENT_CODEPAGE: z.string().default('cp1252').refine((v) => resolveCodepage(v) !== undefined, 'a codepage such as cp1252, utf-8, cp949, gbk, big5'),

  /** Written to `claimed_by`; unique per bridge process (the default is). */
  BRIDGE_ID: z.string().regex(/^[A-Za-z0-9_.:@#-]{1,64}$/).default(`${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`.slice(0, 64)),
  /** How often an idle bridge looks for new rows. */
  BRIDGE_POLL_MS: int(20, 1, 5000),
  /** At most this many rows claimed per query. */
  BRIDGE_BATCH: int(32, 1, 1000),
  /** At most this many gateway calls in flight. */
  BRIDGE_CONCURRENCY: int(64, 1, 10_000),
  /** Ask the gateway to answer this long before the row's deadline (time to write the reply). */
  BRIDGE_REPLY_MARGIN_MS: int(30, 0, 5000),
  /** Extra attempts (same requestId, next URL) after a connection error or 429/502/503/504. */
  BRIDGE_RETRIES: int(2, 0, 10),
  /** How often rows past their deadline are marked `expired`. */
  BRIDGE_EXPIRE_EVERY_MS: int(250, 10, 60_000),
  /** Rows older than this are deleted (0 = keep them). */
  BRIDGE_RETENTION_S: int(86_400, 0),
  BRIDGE_CLEANUP_EVERY_S: int(60, 1),
  /** Create the table at start when it does not exist (needs the CREATE privilege). */
  BRIDGE_CREATE_TABLE: bool(true),
  /** A counters line in the log this often when there was traffic (0 = never). */
  BRIDGE_STATS_EVERY_S: int(60, 0),
});
export type BridgeEnv = z.infer<typeof BridgeEnv>;
