/** Quotes a bad value and its type for an error message: `-5 (number)`, `"5s" (string)`, `undefined`. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  if (typeof value === 'string') return `${JSON.stringify(value)} (string)`;
  if (typeof value === 'function') return `${value.name === '' ? 'an anonymous function' : `function ${value.name}`} (function)`;
  if (typeof value === 'symbol') return `${value.toString()} (symbol)`;
  if (typeof value === 'object') {
    const ctor = (value as { constructor?: { name?: unknown } }).constructor;
    const kind = typeof ctor?.name === 'string' && ctor.name !== '' ? ctor.name : 'object';
    let shown: string;
    try {
      shown = JSON.stringify(value) ?? Object.prototype.toString.call(value);
    } catch {
      shown = Object.prototype.toString.call(value);
    }
    return `${shown.length > 80 ? `${shown.slice(0, 77)}...` : shown} (${kind})`;
  }
  return `${(value as number | boolean | bigint).toString()} (${typeof value})`;
}
