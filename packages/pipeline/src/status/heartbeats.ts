import type { Cluster, Redis } from 'ioredis';

type RedisLike = Redis | Cluster;

/** What every worker heartbeat carries: when it was written (epoch ms). */
export interface Heartbeat {
  at: number;
}

/** A worker announces itself in a hash (`key`: worker id → JSON status), every second or so. */
export async function publishHeartbeat(redis: RedisLike, key: string, workerId: string, status: Heartbeat): Promise<void> {
  await redis.hset(key, workerId, JSON.stringify(status));
}

export async function removeHeartbeat(redis: RedisLike, key: string, workerId: string): Promise<void> {
  await redis.hdel(key, workerId);
}

export interface HeartbeatWatcherOptions<T extends Heartbeat> {
  /** The hash the workers write to. */
  key: string;
  /** Whether a fresh heartbeat says its worker can take work. */
  isAvailable: (status: T) => boolean;
  /** Poll every this many ms (default 1000). */
  intervalMs?: number;
  /** A heartbeat older than this is ignored (default 5000). */
  staleMs?: number;
}

/**
 * A process's view of a kind of worker: polls the workers' heartbeats in one hash. The route is
 * available when some worker reported itself available within `staleMs`; Redis down → unavailable.
 * The availability also lapses by itself once the newest available heartbeat goes stale, between polls.
 */
export class HeartbeatWatcher<T extends Heartbeat> {
  private timer: NodeJS.Timeout | undefined;
  private availableUntil = 0;
  private last: Record<string, T> = {};
  private running = false;

  constructor(
    protected readonly redis: RedisLike,
    protected readonly opts: HeartbeatWatcherOptions<T>,
  ) {}

  get available(): boolean {
    return Date.now() < this.availableUntil;
  }

  /** The workers with a fresh heartbeat at the last poll, by id. */
  get workers(): Record<string, T> {
    return this.last;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    const tick = () => {
      void this.refresh().finally(() => {
        if (!this.running) return;
        this.timer = setTimeout(tick, this.opts.intervalMs ?? 1000);
        this.timer.unref();
      });
    };
    tick();
  }

  stop(): void {
    this.running = false;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  async refresh(): Promise<void> {
    const stale = this.opts.staleMs ?? 5000;
    try {
      const all = await this.redis.hgetall(this.opts.key);
      const now = Date.now();
      const fresh: Record<string, T> = {};
      let until = 0;
      for (const [id, json] of Object.entries(all)) {
        let s: T;
        try {
          s = JSON.parse(json) as T;
        } catch {
          continue;
        }
        if (typeof s?.at !== 'number' || now - s.at > stale) continue;
        fresh[id] = s;
        if (this.opts.isAvailable(s)) until = Math.max(until, s.at + stale);
      }
      this.last = fresh;
      this.availableUntil = until;
    } catch {
      this.availableUntil = 0;
    }
  }
}
