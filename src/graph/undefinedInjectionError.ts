import { errorCodes } from '../errors/errorCodes.js';
import { ReadyGraphError } from '../errors/ReadyGraphError.js';
import type { InjectionPlace } from './inversifyAdapter.js';

/**
 * The error for an injection whose identifier is `undefined`: inversify would fail on it at `start()` ("Unexpected
 * undefined service id type", naming no class), and the graph would miss its edge (and so a real cycle), so the
 * graph reports it first. `undefined` there is nearly always a circular import: the injected class is not defined yet
 * when the injecting class is decorated, so TypeScript's emitted `design:paramtypes` entry is `undefined`.
 *
 * @param injecting The class (or resolved value) that makes the injection.
 * @param places Where (constructor parameters, 0-based, and properties); empty when the metadata does not say.
 * @param service The lifecycle service whose construction makes the injection, when it is another than `injecting`.
 */
export function undefinedInjectionError(injecting: string, places: readonly InjectionPlace[], service?: string): ReadyGraphError {
  const where = places.length === 0 ? 'an injection' : places.map(describePlace).join(' and ');
  const reached = service === undefined || service === injecting ? '' : ` (reached from "${service}")`;
  return new ReadyGraphError(
    errorCodes.usage,
    `"${injecting}"${reached}: ${where} ${places.length > 1 ? 'have' : 'has'} the identifier undefined. This is usually a circular import: the injected ` +
      `class is not defined yet when "${injecting}" is decorated, so TypeScript emits undefined for its type. Fix: break the import circle ` +
      `(move a class to a module of its own), or inject it with @inject(new LazyServiceIdentifier(() => TheClass)), or with @inject and a symbol or string token`,
    service === undefined ? {} : { service },
  );
}

function describePlace(place: InjectionPlace): string {
  return 'parameter' in place ? `constructor parameter ${place.parameter + 1} (index ${place.parameter})` : `property ${String(place.property)}`;
}
