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
 * @returns Lines separated by `\n`, ending with `\n`.
 */
export function renderReportText(report: StartupReport): string {
  const lines: string[] = [headline(report)];
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
  const skipped = report.services.filter((service) => service.state === 'skipped');
  if (skipped.length > 0) lines.push('', `Never started: ${skipped.map((service) => service.name).join(', ')}`);
  return `${lines.join('\n')}\n`;
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
    case 'stopping':
    case 'stopped':
      return `Start-up ${report.services.some((service) => service.state === 'skipped') ? 'abandoned' : 'took'} ${formatMs(report.totalMs)} (${shape}); now ${report.state}.`;
  }
}

function timing(service: ReportedService): string {
  const at = service.startedAt === undefined ? '' : ` @${formatMs(service.startedAt)}`;
  const took = service.durationMs === undefined ? '' : ` +${formatMs(service.durationMs)}`;
  return `${at}${took}${service.state === 'failed' ? ' (failed)' : ''}`;
}
