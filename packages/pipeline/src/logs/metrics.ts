import { Counter, Gauge, type Registry } from 'prom-client';

/**
 * What the log writers count, on the process's registry: rows written, entries set aside as dead
 * letters (alerted on), entries skipped (nil: trimmed or deleted before they were read), rows
 * dropped (an in-memory buffer full), and the streams' length against their cap (alerted on
 * well before the cap; see docs/runbooks/decision-log.md).
 */
export class LogWriterMetrics {
  readonly written: Counter<'log'>;
  readonly deadLetters: Counter<'log'>;
  readonly skipped: Counter<'log' | 'reason'>;
  readonly dropped: Counter<'log'>;
  readonly streamLength: Gauge<'log'>;
  readonly streamCap: Gauge<'log'>;

  constructor(registry: Registry) {
    const registers = [registry];
    this.written = new Counter({ name: 'npc_log_entries_written_total', help: 'Log entries stored in PostgreSQL, by log', labelNames: ['log'], registers });
    this.deadLetters = new Counter({
      name: 'npc_log_dead_letters_total',
      help: 'Log entries PostgreSQL refused (or that could not be read), set aside in the dead_letters table, by log (`pnpm npc dead-letters list`)',
      labelNames: ['log'], registers,
    });
    this.skipped = new Counter({
      name: 'npc_log_entries_skipped_total',
      help: 'Stream entries acknowledged without a row: reason="nil" when the entry was gone (trimmed or deleted) before it was read',
      labelNames: ['log', 'reason'], registers,
    });
    this.dropped = new Counter({
      name: 'npc_log_rows_dropped_total',
      help: 'Rows dropped because an in-memory write buffer was full (PostgreSQL down past the tolerated outage)',
      labelNames: ['log'], registers,
    });
    this.streamLength = new Gauge({ name: 'npc_log_stream_length', help: 'Entries waiting in each log stream (XLEN, sampled)', labelNames: ['log'], registers });
    this.streamCap = new Gauge({ name: 'npc_log_stream_cap', help: 'The stream length at which gateways stop adding to it (LOG_STREAM_MAX_LEN)', labelNames: ['log'], registers });
  }
}

/** The counters a writer bumps; all optional so a test can leave them out. */
export type LogCounters = Partial<Pick<LogWriterMetrics, 'written' | 'deadLetters' | 'skipped' | 'dropped'>>;
