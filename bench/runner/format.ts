import type { Summary } from './stats.js';

/** Milliseconds with as many decimals as their size deserves: 0.42, 4.2, 42.1, 4,210. */
export function ms(value: number): string {
  if (value < 10) return value.toFixed(2);
  if (value < 100) return value.toFixed(1);
  return Math.round(value).toLocaleString('en-US');
}

/** `median (min–max)`. */
export function spread(summary: Summary, format: (value: number) => string = ms): string {
  return summary.runs === 1 ? format(summary.median) : `${format(summary.median)} (${format(summary.min)}–${format(summary.max)})`;
}

/** `value / reference` as `1.23×`; `digits` more decimals where a verdict hangs on them (1.052 is over 1.05). */
export function ratio(value: number, reference: number | undefined, digits = 2): string {
  if (reference === undefined || reference <= 0 || !Number.isFinite(value)) return '—';
  const times = value / reference;
  return `${times < 10 ? times.toFixed(digits) : times.toFixed(1)}×`;
}

export function table(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const line = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}
