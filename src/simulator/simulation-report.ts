import { formatInstant } from '../domain';
import type { SimulationOptions } from './simulation-options';
import type { SimulationResult, SimulationStats } from './simulation-tally';

const perSecond = (count: number, ms: number): string => (ms <= 0 ? '0.0' : ((count * 1000) / ms).toFixed(1));

/** One line of the live summary: `12s  sent 118 (9.8/s)  202: 117  accepted 117 records  …`. */
export const progressLine = (stats: SimulationStats, durationMs: number): string => {
  const seconds = Math.floor(stats.elapsedMs / 1000);
  const parts = [
    `${seconds}s/${Math.round(durationMs / 1000)}s`,
    `fixes ${stats.fixes}`,
    `sent ${stats.requests} (${perSecond(stats.requests, stats.elapsedMs)}/s)`,
    `202: ${stats.accepted}`,
    `records ${stats.acceptedRecords}`,
  ];
  if (stats.resent > 0) parts.push(`resent ${stats.resent}`);
  if (stats.timeouts > 0) parts.push(`timeouts ${stats.timeouts}`);
  if (stats.serverErrors > 0) parts.push(`5xx ${stats.serverErrors}`);
  if (stats.networkErrors > 0) parts.push(`network errors ${stats.networkErrors}`);
  if (stats.refused > 0) parts.push(`refused ${stats.refused}`);
  parts.push(`in flight ${stats.inFlight}`, `waiting ${stats.waiting}`, `offline ${stats.offlineDevices}`);
  return parts.join('  ');
};

/** The closing summary, for people. */
export const summaryText = (result: SimulationResult, options: SimulationOptions, url: string): string => {
  const s = result.stats;
  const lines = [
    `Simulated ${options.devices} device(s) for ${(s.elapsedMs / 1000).toFixed(1)} s against ${url} (${options.format})`,
    `  fixes taken       ${s.fixes}`,
    `  requests sent     ${s.requests} (${perSecond(s.requests, s.elapsedMs)}/s), of which resent ${s.resent}`,
    `  answered 202      ${s.accepted}`,
    `  timeouts          ${s.timeouts}`,
    `  server errors     ${s.serverErrors}`,
    `  network errors    ${s.networkErrors}`,
    `  refused (4xx)     ${s.refused}`,
    `  given up          ${s.gaveUp}`,
    `  records accepted  ${result.accepted.length} (each must be in its day's CSV exactly once)`,
    `  unconfirmed       ${result.unconfirmed.length} (sent without a 202: in the CSV at most once)`,
  ];
  if (s.idMismatches > 0)
    lines.push(`  WARNING: ${s.idMismatches} record id(s) named by the server differ from the expected ones`);
  if (result.problems.length > 0) lines.push('  problems:', ...result.problems.map((p) => `    ${p}`));
  return `${lines.join('\n')}\n`;
};

/** The accepted set as a JSON document (what `--out` writes): reconcile the day's CSV against `records`. */
export const acceptedDocument = (result: SimulationResult, options: SimulationOptions, url: string) => ({
  url,
  format: options.format,
  devices: options.devices,
  startedAt: formatInstant(result.startedAt),
  finishedAt: formatInstant(result.finishedAt),
  stats: result.stats,
  accepted: result.accepted.length,
  unconfirmed: result.unconfirmed.length,
  records: result.accepted,
  unconfirmedRecords: result.unconfirmed,
});
