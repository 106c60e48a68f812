import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { DecisionRecord } from '@npc/contracts';

/** The gateway's Prometheus metrics (served at /metrics). */
export class DecisionMetrics {
  readonly registry = new Registry();
  readonly httpDuration = new Histogram({
    name: 'npc_http_request_duration_seconds',
    help: 'HTTP request latency by route, method and status',
    labelNames: ['route', 'method', 'status'] as const,
    buckets: [0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 30],
    registers: [this.registry],
  });
  readonly decisions = new Counter({
    name: 'npc_decisions_total',
    help: 'Decisions answered, by source, intent, NPC role and path (stage reply or gateway fallback)',
    labelNames: ['source', 'intent', 'path'] as const,
    registers: [this.registry],
  });
  readonly decisionLatency = new Histogram({
    name: 'npc_decision_latency_seconds',
    help: 'Time from receiving a decision request to deciding it, by source',
    labelNames: ['source'] as const,
    buckets: [0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 5, 30],
    registers: [this.registry],
  });

  readonly cacheLookups = new Counter({
    name: 'npc_cache_lookups_total',
    help: 'Answer-cache lookups for LLM-worthy requests, by result (hit ratio = hit / all)',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'npc_gateway_' });
  }

  decided(record: DecisionRecord, path: 'stage' | 'fallback' | 'cache'): void {
    const d = record.decision;
    this.decisions.inc({ source: d.source, intent: d.intent.name, path });
    this.decisionLatency.observe({ source: d.source }, d.latencyMs / 1000);
  }
}
