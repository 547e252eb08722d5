import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Prometheus metrics of one process; a registry per app so tests can build several apps side by side. */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'parley_' });
  return {
    registry,
    httpRequests: new Counter({
      name: 'parley_http_requests_total',
      help: 'HTTP requests by method, route and status',
      labelNames: ['method', 'route', 'status'] as const,
      registers: [registry],
    }),
    httpDuration: new Histogram({
      name: 'parley_http_request_duration_seconds',
      help: 'HTTP request duration',
      labelNames: ['method', 'route'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    jobsProcessed: new Counter({
      name: 'parley_jobs_processed_total',
      help: 'Jobs finished by task and outcome',
      labelNames: ['task', 'outcome'] as const,
      registers: [registry],
    }),
    jobsClaimed: new Gauge({
      name: 'parley_jobs_running',
      help: 'Jobs currently running in this process',
      registers: [registry],
    }),
    messagesSent: new Counter({
      name: 'parley_messages_sent_total',
      help: 'Outbound messages by channel and outcome',
      labelNames: ['channel', 'outcome'] as const,
      registers: [registry],
    }),
    messagesReceived: new Counter({
      name: 'parley_messages_received_total',
      help: 'Inbound messages stored, by channel',
      labelNames: ['channel'] as const,
      registers: [registry],
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
