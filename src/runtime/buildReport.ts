import { criticalPath } from '../graph/criticalPath.js';
import type { LifecycleStatus, ServiceStatus } from './LifecycleStatus.js';
import type { ReportedService, StartupReport } from './StartupReport.js';

/** One service as the report needs it: its status and when its start ended (ready or failed), both from `start()`. */
export interface ReportInput {
  readonly status: ServiceStatus;
  readonly endedAt: number | undefined;
}

/**
 * Builds a {@link StartupReport}: the services with their start, end and duration, the critical path (see
 * {@link criticalPath}) and the ten slowest. Pure.
 */
export function buildReport(state: LifecycleStatus['state'], inputs: readonly ReportInput[], dependenciesOf: (service: number) => readonly number[]): StartupReport {
  const path = criticalPath(inputs, dependenciesOf);
  const onPath = new Set(path);
  const services = inputs.map(({ status, endedAt }, index): ReportedService => {
    const { readyAt: _readyAt, stoppedAt: _stoppedAt, ...rest } = status;
    const reported: { -readonly [K in keyof ReportedService]: ReportedService[K] } = { ...rest, critical: onPath.has(index) };
    if (endedAt !== undefined) reported.endedAt = endedAt;
    if (status.startedAt !== undefined && endedAt !== undefined) reported.durationMs = endedAt - status.startedAt;
    return reported;
  });
  const slowest = services
    .filter((service): service is ReportedService & { durationMs: number } => service.durationMs !== undefined)
    .sort((a, b) => b.durationMs - a.durationMs)
    .slice(0, 10)
    .map((service) => ({ name: service.name, durationMs: service.durationMs }));
  const totalMs = inputs.reduce((most, input) => Math.max(most, input.endedAt ?? 0), 0);
  return { state, totalMs, services, criticalPath: path.map((index) => services[index]?.name ?? ''), slowest };
}
