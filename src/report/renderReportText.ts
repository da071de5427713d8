import type { ReportedService, StartupReport } from '../runtime/StartupReport.js';
import { formatMs } from './formatMs.js';

/**
 * Renders a start-up report for a terminal, the way `systemd-analyze` does: a headline, the *blame* list (the
 * slowest hooks, slowest first), the *critical chain* (the services that decided the total time, the last one first,
 * each with `@` when it started and `+` how long it took), and what failed or never started.
 *
 * Pure: reads only the report, so it works as well on a report read back from JSON (`readygraph report`).
 *
 * @param report What `lifecycle.report()` returned.
 * @param options `timeline: true` adds a per-service timeline first (start, duration, a bar on the time axis, layer),
 *   in start order. Default: off.
 * @returns Lines separated by `\n`, ending with `\n`.
 */
export function renderReportText(report: StartupReport, options: ReportTextOptions = {}): string {
  const lines: string[] = [headline(report), ...milestones(report)];
  if (options.timeline === true) lines.push(...timeline(report));
  if (report.slowest.length > 0) {
    lines.push('', 'Slowest hooks (blame):');
    const width = Math.max(...report.slowest.map((entry) => formatMs(entry.durationMs).length));
    for (const entry of report.slowest) lines.push(`  ${formatMs(entry.durationMs).padStart(width)}  ${entry.name}`);
  }
  if (report.criticalPath.length > 0) {
    lines.push('', 'Critical chain (@ started, + took):');
    const byName = new Map(report.services.map((service) => [service.name, service]));
    const chain = [...report.criticalPath].reverse();
    chain.forEach((name, depth) => {
      const service = byName.get(name);
      const branch = depth === 0 ? '' : `${'  '.repeat(depth - 1)}└─`;
      lines.push(`  ${branch}${name}${service === undefined ? '' : timing(service)}`);
    });
  }
  const failed = report.services.filter((service) => service.state === 'failed' || service.error !== undefined);
  if (failed.length > 0) {
    lines.push('', 'Failed:');
    for (const service of failed) lines.push(`  ✗ ${service.name}: ${service.error ?? service.state}`);
  }
  lines.push(...supervision(report));
  const skipped = report.services.filter((service) => service.state === 'skipped');
  if (skipped.length > 0) lines.push('', `Never started: ${skipped.map((service) => service.name).join(', ')}`);
  const idle = report.services.filter((service) => service.state === 'idle');
  if (idle.length > 0) lines.push('', `Idle (outside start({ only })): ${idle.map((service) => service.name).join(', ')}`);
  return `${lines.join('\n')}\n`;
}

/** Options of {@link renderReportText}. */
export interface ReportTextOptions {
  /** Add a per-service timeline (start, duration, a bar on the time axis, layer), in start order. Default `false`. */
  readonly timeline?: boolean;
}

const barWidth = 30;

function timeline(report: StartupReport): string[] {
  const started = report.services
    .filter((service) => service.startedAt !== undefined)
    .sort((a, b) => (a.startedAt ?? 0) - (b.startedAt ?? 0) || a.name.localeCompare(b.name));
  if (started.length === 0) return [];
  const scale = report.totalMs > 0 ? barWidth / report.totalMs : 0;
  const atWidth = Math.max(...started.map((service) => formatMs(service.startedAt ?? 0).length));
  const tookWidth = Math.max(...started.map((service) => (service.durationMs === undefined ? 1 : formatMs(service.durationMs).length)));
  const nameWidth = Math.max(...started.map((service) => service.name.length));
  const lines = ['', 'Timeline (@ started, + took):'];
  for (const service of started) {
    const from = Math.min(barWidth - 1, Math.floor((service.startedAt ?? 0) * scale));
    const to = service.endedAt === undefined ? barWidth : Math.max(from + 1, Math.round(service.endedAt * scale));
    const mark = service.state === 'failed' ? 'x' : service.critical ? '#' : '=';
    const bar = `${' '.repeat(from)}${mark.repeat(Math.min(barWidth, to) - from)}`.padEnd(barWidth);
    const took = service.durationMs === undefined ? '…' : formatMs(service.durationMs);
    const layer = service.layer === undefined ? '' : `  [${service.layer}]`;
    lines.push(`  @${formatMs(service.startedAt ?? 0).padStart(atWidth)} +${took.padStart(tookWidth)}  |${bar}|  ${service.name.padEnd(nameWidth)}${layer}`.trimEnd());
  }
  return lines;
}

/** With deferred services, when the start resolved ("ready at") and when they all were ready ("settled at"). */
function milestones(report: StartupReport): string[] {
  const deferred = report.services.filter((service) => service.deferred === true);
  if (deferred.length === 0 || report.readyAtMs === undefined) return [];
  const settled = report.settledAtMs === undefined ? 'not settled yet' : `settled at ${formatMs(report.settledAtMs)}`;
  return [`Ready at ${formatMs(report.readyAtMs)}; ${settled} (deferred: ${deferred.map((service) => service.name).join(', ')}).`];
}

function headline(report: StartupReport): string {
  const count = `${report.services.length} service${report.services.length === 1 ? '' : 's'}`;
  const layers = new Set(report.services.flatMap((service) => (service.layer === undefined ? [] : [service.layer]))).size;
  const shape = `${count}${layers > 0 ? ` in ${layers} layer${layers === 1 ? '' : 's'}` : ''}`;
  switch (report.state) {
    case 'idle':
      return `Not started yet (${shape}).`;
    case 'starting':
      return `Still starting after ${formatMs(report.totalMs)} (${shape}).`;
    case 'failed':
      return `Start-up failed after ${formatMs(report.totalMs)} (${shape}).`;
    case 'ready':
    case 'degraded':
    case 'stopping':
    case 'stopped':
      return `Start-up ${report.services.some((service) => service.state === 'skipped') ? 'abandoned' : 'took'} ${formatMs(report.totalMs)} (${shape}); now ${report.state}.`;
  }
}

/** After the start: what is unavailable (unready with its reason, restarting, blocked by what) and what restarted. */
function supervision(report: StartupReport): string[] {
  const lines: string[] = [];
  const unavailable = report.services.filter((service) => service.available === false && ['ready', 'unready', 'restarting', 'starting', 'failed'].includes(service.state));
  if (unavailable.length > 0 && report.state !== 'starting') {
    lines.push('', 'Unavailable:');
    for (const service of unavailable) {
      const why = service.state === 'unready' ? `unready: ${service.reason ?? '?'}` : service.state;
      const blocked = (service.blockedBy ?? []).length > 0 ? ` (blocked by ${(service.blockedBy ?? []).join(', ')})` : '';
      lines.push(`  ! ${service.name}: ${why}${blocked}`);
    }
  }
  const restarted = report.services.filter((service) => (service.restarts ?? 0) > 0);
  if (restarted.length > 0) {
    lines.push('', 'Restarts:');
    for (const service of restarted) lines.push(`  ↻ ${service.name}: ${service.restarts}${service.lastCause === undefined ? '' : ` (last cause: ${service.lastCause})`}`);
  }
  return lines;
}

function timing(service: ReportedService): string {
  const at = service.startedAt === undefined ? '' : ` @${formatMs(service.startedAt)}`;
  const took = service.durationMs === undefined ? '' : ` +${formatMs(service.durationMs)}`;
  return `${at}${took}${service.state === 'failed' ? ' (failed)' : ''}`;
}
