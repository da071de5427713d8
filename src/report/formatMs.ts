/** @internal A duration for people: `840 ms`, `1.24 s`, `2 min 3.5 s`. */
export function formatMs(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${trim((ms / 1000).toFixed(ms < 10_000 ? 3 : 2))} s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes} min ${trim(((ms - minutes * 60_000) / 1000).toFixed(1))} s`;
}

function trim(fixed: string): string {
  return fixed.includes('.') ? fixed.replace(/0+$/, '').replace(/\.$/, '') : fixed;
}
