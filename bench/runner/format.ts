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

export function ratio(value: number, reference: number | undefined): string {
  if (reference === undefined || reference <= 0 || !Number.isFinite(value)) return '—';
  const times = value / reference;
  return `${times < 10 ? times.toFixed(2) : times.toFixed(1)}×`;
}

export function table(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const line = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}
