import { LazyServiceIdentifier } from 'inversify';

/** True for inversify's `LazyServiceIdentifier` (also when another copy of inversify made it). */
export function isLazyServiceIdentifier(value: unknown): value is LazyServiceIdentifier {
  // Objects only: the common identifiers, classes, are answered by one typeof.
  return (
    typeof value === 'object' &&
    value !== null &&
    (value instanceof LazyServiceIdentifier || typeof (value as { unwrap?: unknown }).unwrap === 'function')
  );
}

/** The identifier a `LazyServiceIdentifier` stands for; any other value as it is. */
export function unwrapLazy(value: unknown): unknown {
  return isLazyServiceIdentifier(value) ? value.unwrap() : value;
}
