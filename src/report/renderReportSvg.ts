import type { ReportedService, StartupReport } from '../runtime/StartupReport.js';
import { formatMs } from './formatMs.js';

// Geometry, in SVG user units (pixels when opened in a browser).
const width = 1000;
const labelWidth = 230;
const chartLeft = labelWidth + 10;
const chartRight = width - 110; // room for the duration after the longest bar
const chartWidth = chartRight - chartLeft;
const rowHeight = 20;
const barHeight = 12;
const groupHeaderHeight = 24;
const top = 78;
/** A generous average width of one character at font-size 12, to fit text without measuring it. */
const charWidth = 7.5;

const colours = {
  bar: '#4c84d9',
  critical: '#e8590c',
  failed: '#c92a2a',
  running: '#adb5bd',
  grid: '#e9ecef',
  band: '#f8f9fa',
  text: '#212529',
  muted: '#868e96',
};

/**
 * Renders a start-up report as an SVG waterfall: one bar per service on a time axis from the start of `start()`,
 * services grouped by layer (groups in the order they began, services without a layer as one more group), the critical path in
 * orange, failed hooks in red with a ✗ and their error, services that never started listed as skipped. Every bar
 * has a tooltip (`<title>`) with its exact times. A standalone document that a browser opens as is.
 *
 * Pure: reads only the report, so it works as well on a report read back from JSON (`readygraph report --svg`).
 *
 * @param report What `lifecycle.report()` returned.
 * @returns The SVG document, UTF-8 text.
 */
export function renderReportSvg(report: StartupReport): string {
  const groups = groupByLayer(report.services);
  const spanMs = Math.max(
    1,
    report.totalMs,
    ...report.services.map((service) => service.endedAt ?? service.startedAt ?? 0),
  );
  const scale = chartWidth / spanMs;
  // Every service is in exactly one group: one row each.
  const height = top + groups.length * groupHeaderHeight + report.services.length * rowHeight + 16;
  const headline = escape(summary(report));
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ` +
      `font-family="system-ui, -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif" font-size="12" fill="${colours.text}">`,
    `<title>readygraph start-up: ${headline}</title>`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="12" y="24" font-size="16" font-weight="600">${headline}</text>`,
  );
  out.push(...legend());

  // Layer bands first, so that grid lines and bars draw over them.
  let y = top;
  const placed: Array<{ readonly service: ReportedService; readonly y: number }> = [];
  const bands: string[] = [];
  for (const group of groups) {
    bands.push(
      `<g class="layer" data-layer="${escape(group.name ?? '')}">`,
      `<rect x="0" y="${y}" width="${width}" height="${groupHeaderHeight + group.services.length * rowHeight}" fill="${colours.band}" stroke="${colours.grid}"/>`,
      `<text x="12" y="${y + 16}" font-weight="600">${escape(group.name === undefined ? 'no layer' : `layer ${group.name}`)}</text>`,
      '</g>',
    );
    y += groupHeaderHeight;
    for (const service of group.services) {
      placed.push({ service, y });
      y += rowHeight;
    }
  }
  out.push(...bands);
  out.push(...axis(spanMs, scale, top - 8, y));

  for (const { service, y: rowY } of placed) out.push(...bar(service, rowY, scale, spanMs));
  out.push(...milestoneLines(report, scale, top - 8, y));
  out.push(...criticalLinks(report, placed, scale));
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}

interface LayerGroup {
  readonly name: string | undefined;
  readonly services: ReportedService[];
}

function groupByLayer(services: readonly ReportedService[]): LayerGroup[] {
  const depth = dependencyDepths(services);
  const groups = new Map<string | undefined, ReportedService[]>();
  for (const service of services) {
    const list = groups.get(service.layer) ?? [];
    list.push(service);
    groups.set(service.layer, list);
  }
  // Top to bottom in the order things began; what never started goes after, in dependency order.
  const key = (service: ReportedService): [number, number] => [service.startedAt ?? Number.POSITIVE_INFINITY, depth.get(service.name) ?? 0];
  const compare = (a: readonly [number, number], b: readonly [number, number]): number =>
    (a[0] === b[0] ? 0 : a[0] < b[0] ? -1 : 1) || a[1] - b[1];
  const firstKey = (list: readonly ReportedService[]): [number, number] =>
    list.map(key).reduce((best, next) => (compare(next, best) < 0 ? next : best));
  return [...groups.entries()]
    .map(([name, list]) => ({ name, services: list.sort((a, b) => compare(key(a), key(b)) || a.name.localeCompare(b.name)) }))
    .sort((a, b) => compare(firstKey(a.services), firstKey(b.services)) || (a.name ?? '\uffff').localeCompare(b.name ?? '\uffff'));
}

/** How many services deep each service sits in the graph (0: depends on nothing). */
function dependencyDepths(services: readonly ReportedService[]): Map<string, number> {
  const byName = new Map(services.map((service) => [service.name, service]));
  const depths = new Map<string, number>();
  const visit = (name: string, seen: Set<string>): number => {
    const known = depths.get(name);
    if (known !== undefined) return known;
    if (seen.has(name)) return 0; // a report read from a file is not validated; never loop
    seen.add(name);
    const service = byName.get(name);
    const depth = service === undefined ? 0 : Math.max(-1, ...service.dependsOn.map((dependency) => visit(dependency, seen))) + 1;
    depths.set(name, depth);
    return depth;
  };
  for (const service of services) visit(service.name, new Set());
  return depths;
}

function summary(report: StartupReport): string {
  const count = `${report.services.length} service${report.services.length === 1 ? '' : 's'}`;
  const failed = report.services.filter((service) => service.state === 'failed').length;
  const outcome = report.state === 'failed' ? `failed after ${formatMs(report.totalMs)}` : `${formatMs(report.totalMs)}`;
  const settled =
    report.readyAtMs !== undefined && report.services.some((service) => service.deferred === true)
      ? `, ready at ${formatMs(report.readyAtMs)}, ${report.settledAtMs === undefined ? 'not settled yet' : `settled at ${formatMs(report.settledAtMs)}`}`
      : '';
  return `start-up ${outcome}, ${count}${failed > 0 ? `, ${failed} failed` : ''}${settled} (now ${report.state})`;
}

function legend(): string[] {
  const items: Array<[string, string]> = [
    [colours.bar, 'onReady'],
    [colours.critical, 'critical path'],
    [colours.failed, 'failed'],
    [colours.running, 'still running'],
  ];
  let x = 12;
  const out = ['<g class="legend">'];
  for (const [fill, label] of items) {
    out.push(`<rect x="${x}" y="36" width="12" height="12" rx="2" fill="${fill}"/>`, `<text x="${x + 17}" y="46">${label}</text>`);
    x += 28 + label.length * 6.5;
  }
  out.push('</g>');
  return out;
}

/** With deferred services: dashed lines at "ready at" (start() resolved) and "settled at" (every deferred service ready). */
function milestoneLines(report: StartupReport, scale: number, labelY: number, bottom: number): string[] {
  if (report.readyAtMs === undefined || !report.services.some((service) => service.deferred === true)) return [];
  const marks: Array<[string, number]> = [['ready at', report.readyAtMs]];
  if (report.settledAtMs !== undefined) marks.push(['settled at', report.settledAtMs]);
  const out = ['<g class="milestones">'];
  for (const [label, ms] of marks) {
    const x = round(chartLeft + ms * scale);
    out.push(
      `<line class="${label === 'ready at' ? 'ready-at' : 'settled-at'}" x1="${x}" y1="${labelY + 4}" x2="${x}" y2="${bottom}" stroke="${colours.text}" stroke-dasharray="4 3"/>`,
      `<text x="${x + 3}" y="${bottom + 12}" fill="${colours.text}">${label} ${formatMs(ms)}</text>`,
    );
  }
  out.push('</g>');
  return out;
}

function axis(spanMs: number, scale: number, labelY: number, bottom: number): string[] {
  const step = tickStep(spanMs);
  const out = ['<g class="axis">'];
  for (let ms = 0; ms <= spanMs + step / 1000; ms += step) {
    const x = round(chartLeft + ms * scale);
    if (x > chartRight + 0.5) break;
    out.push(
      `<line x1="${x}" y1="${labelY + 4}" x2="${x}" y2="${bottom}" stroke="${colours.grid}"/>`,
      `<text x="${x}" y="${labelY}" text-anchor="middle" fill="${colours.muted}">${formatMs(ms)}</text>`,
    );
  }
  out.push('</g>');
  return out;
}

/** A round step (1, 2 or 5 × 10ⁿ ms) that puts five to ten ticks on the axis. */
function tickStep(spanMs: number): number {
  const raw = spanMs / 8;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((factor) => factor * power).find((candidate) => candidate >= raw) ?? 10 * power;
  return Math.max(step, 1);
}

/** What a row without a bar says: skipped, idle (outside `start({ only })`), deferred (waiting), or its state. */
function unstarted(service: ReportedService): string {
  if (service.state === 'skipped') return 'skipped: never started';
  if (service.state === 'idle') return 'idle: outside start({ only })';
  if (service.state === 'deferred') return 'deferred: starts after start() resolved';
  return service.state;
}

function bar(service: ReportedService, y: number, scale: number, spanMs: number): string[] {
  const failed = service.state === 'failed';
  const label = truncate(service.name, Math.floor((labelWidth - 12) / charWidth));
  const classes = ['service', ...(service.critical ? ['critical'] : []), ...(failed ? ['failed'] : []), ...(service.deferred === true ? ['deferred'] : []), `state-${service.state}`];
  const out = [`<g class="${classes.join(' ')}" data-service="${escape(service.name)}">`];
  out.push(`<text x="${labelWidth}" y="${y + 14}" text-anchor="end"${service.critical ? ' font-weight="600"' : ''}>${escape(label)}</text>`);
  if (service.startedAt === undefined) {
    out.push(`<text x="${chartLeft + 4}" y="${y + 14}" fill="${colours.muted}" font-style="italic">${unstarted(service)}</text>`, '</g>');
    return out;
  }
  const running = service.endedAt === undefined;
  const end = service.endedAt ?? spanMs;
  const x = round(chartLeft + service.startedAt * scale);
  const barWidth = round(Math.max(2, (end - service.startedAt) * scale));
  const fill = failed ? colours.failed : running ? colours.running : service.critical ? colours.critical : colours.bar;
  const stroke = failed && service.critical ? ` stroke="${colours.critical}" stroke-width="2"` : '';
  const tip = [
    service.name,
    service.layer === undefined ? undefined : `layer ${service.layer}`,
    service.deferred === true ? 'deferred: did not gate readiness' : undefined,
    `started @${formatMs(service.startedAt)}`,
    running ? 'still running' : `${failed ? 'failed' : 'ready'} @${formatMs(end)} (+${formatMs(end - service.startedAt)})`,
    service.critical ? 'on the critical path' : undefined,
    service.error === undefined ? undefined : `error: ${service.error}`,
  ].filter((part): part is string => part !== undefined);
  out.push(
    `<rect class="bar" x="${x}" y="${y + (rowHeight - barHeight) / 2}" width="${barWidth}" height="${barHeight}" rx="2" fill="${fill}"${stroke}>` +
      `<title>${escape(tip.join('\n'))}</title></rect>`,
  );
  const took = running ? '…' : `+${formatMs(end - service.startedAt)}`;
  const note = failed ? `✗ ${took}${service.error === undefined ? '' : ` ${truncate(service.error, 80)}`}` : took;
  // After the bar if it fits, else before it (the row is empty to the left of its own bar), else cut to fit.
  const roomAfter = Math.floor((width - (x + barWidth + 5) - 8) / charWidth);
  const roomBefore = Math.floor((x - 5 - chartLeft - 8) / charWidth);
  const before = note.length > roomAfter && roomBefore > roomAfter;
  const text = truncate(note, Math.max(before ? roomBefore : roomAfter, 4));
  const attributes = before ? `x="${round(x - 5)}" text-anchor="end"` : `x="${round(x + barWidth + 5)}"`;
  out.push(
    `<text${failed ? ' class="failure"' : ''} ${attributes} y="${y + 14}" fill="${failed ? colours.failed : colours.muted}">${escape(text)}</text>`,
  );
  out.push('</g>');
  return out;
}

/** Thin links from each critical service's end to the start of the next one on the path. */
function criticalLinks(report: StartupReport, placed: ReadonlyArray<{ readonly service: ReportedService; readonly y: number }>, scale: number): string[] {
  const rowOf = new Map(placed.map((entry) => [entry.service.name, entry]));
  const out = [`<g class="critical-links" fill="none" stroke="${colours.critical}" stroke-width="1" stroke-dasharray="3 2">`];
  for (let index = 1; index < report.criticalPath.length; index += 1) {
    const from = rowOf.get(report.criticalPath[index - 1] ?? '');
    const to = rowOf.get(report.criticalPath[index] ?? '');
    if (from?.service.endedAt === undefined || to?.service.startedAt === undefined) continue;
    const x1 = round(chartLeft + from.service.endedAt * scale);
    const x2 = round(chartLeft + to.service.startedAt * scale);
    const y1 = from.y + rowHeight / 2;
    const y2 = to.y + rowHeight / 2;
    out.push(`<path d="M${x1} ${y1} L${x1} ${y2} L${Math.max(x1, x2)} ${y2}"/>`);
  }
  out.push('</g>');
  return out;
}

function truncate(text: string, max: number): string {
  const oneLine = text.replace(/\s+/g, ' ');
  return oneLine.length <= max ? oneLine : `${oneLine.slice(0, max - 1)}…`;
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.codePointAt(0)};`);
}
