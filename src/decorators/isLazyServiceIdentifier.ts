import { LazyServiceIdentifier } from 'inversify';

/** True for inversify's `LazyServiceIdentifier` (also when another copy of inversify made it). */
export function isLazyServiceIdentifier(value: unknown): value is LazyServiceIdentifier {
  return (
    value instanceof LazyServiceIdentifier ||
    (typeof value === 'object' && value !== null && typeof (value as { unwrap?: unknown }).unwrap === 'function')
  );
}
