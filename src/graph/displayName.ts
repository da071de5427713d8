import { propertyOf } from '../decorators/propertyOf.js';

/** The display form of a service identifier: a class's name, a symbol's description, the string itself. */
export function displayName(serviceIdentifier: unknown): string {
  if (typeof serviceIdentifier === 'function') {
    const name = propertyOf(serviceIdentifier, 'name');
    return typeof name === 'string' && name !== '' ? name : '(anonymous class)';
  }
  if (typeof serviceIdentifier === 'symbol') return serviceIdentifier.description ?? serviceIdentifier.toString();
  return String(serviceIdentifier);
}
