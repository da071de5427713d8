import { errorCodes } from '../errors/errorCodes.js';
import { ReadyGraphError } from '../errors/ReadyGraphError.js';

/**
 * The error for an injection that nothing is bound to, found while walking what a lifecycle service reaches: `start()`
 * would fail on it when constructing `service` (inversify's "No bindings found"), so the graph reports it first.
 *
 * @param service The lifecycle service whose construction makes the injection.
 * @param via The plain services between it and the class that injects (`[]` when the service injects it itself).
 * @param injecting The class (or resolved value) that makes the injection.
 */
export function missingInjectionError(service: string, via: readonly string[], injecting: string, dependency: string): ReadyGraphError {
  const path = [service, ...via].join(' -> ');
  const where = via.length === 0 ? `"${service}" injects "${dependency}"` : `${injecting} injects "${dependency}" (reached from "${service}" through ${path})`;
  return new ReadyGraphError(
    errorCodes.missingDependency,
    `${where}, but "${dependency}" is not bound in the container, so "${service}" cannot be constructed; bind "${dependency}" ` +
      `(container.bind(...)), or mark the injection in ${injecting} @optional()`,
    { service, dependency },
  );
}
