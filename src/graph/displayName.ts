/** The display form of a service identifier: a class's name, a symbol's description, the string itself. */
export function displayName(serviceIdentifier: unknown): string {
  if (typeof serviceIdentifier === 'function') return serviceIdentifier.name === '' ? '(anonymous class)' : serviceIdentifier.name;
  if (typeof serviceIdentifier === 'symbol') return serviceIdentifier.description ?? serviceIdentifier.toString();
  return String(serviceIdentifier);
}
