import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import { METRIC_NAMES } from '../../../src/adapters/http/metrics-names';

/** The CloudWatch namespace of every Locus metric (`POWERTOOLS_METRICS_NAMESPACE` overrides it). */
export const METRICS_NAMESPACE = 'Locus';

/**
 * The metrics the entry points publish, each a count, named as the local server's `GET /metrics`
 * names them (src/adapters/http/metrics-names.ts), so one dashboard reads both.
 */
export const METRIC = {
  acceptedRecords: METRIC_NAMES.acceptedRecords,
  rejectedRecords: METRIC_NAMES.rejectedItems,
  refusedRequests: METRIC_NAMES.refusedRequests,
  failedRequests: METRIC_NAMES.failedRequests,
  storedRecords: METRIC_NAMES.storedRecords,
  storedMessages: METRIC_NAMES.storedMessages,
  duplicatesDropped: METRIC_NAMES.duplicatesDropped,
  serverStarts: METRIC_NAMES.serverStarts,
  serverStops: METRIC_NAMES.serverStops,
} as const;

export type MetricName = (typeof METRIC)[keyof typeof METRIC];

/** Structured JSON logs and CloudWatch embedded-format metrics (Powertools for AWS Lambda). */
export interface Telemetry {
  readonly logger: Logger;
  readonly metrics: Metrics;
}

export const createTelemetry = (serviceName: string): Telemetry => ({
  logger: new Logger({ serviceName }),
  metrics: new Metrics({
    namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? METRICS_NAMESPACE,
    serviceName,
  }),
});

/** Adds counts to the invocation's metrics (published when it ends). */
export const count = (telemetry: Telemetry, counts: Partial<Record<MetricName, number>>): void => {
  for (const [name, value] of Object.entries(counts)) {
    telemetry.metrics.addMetric(name, MetricUnit.Count, value);
  }
};

/**
 * Runs one invocation: every log line carries the Lambda context and `requestId`, and the
 * invocation's metrics (if any) are published as one embedded-format line when it ends, also on failure.
 */
export const withInvocation = async <T>(
  telemetry: Telemetry,
  context: Context,
  requestId: string,
  work: () => Promise<T>,
): Promise<T> => {
  telemetry.logger.addContext(context);
  telemetry.logger.appendKeys({ requestId });
  try {
    return await work();
  } finally {
    if (telemetry.metrics.hasStoredMetrics()) telemetry.metrics.publishStoredMetrics();
    telemetry.logger.resetKeys();
  }
};
