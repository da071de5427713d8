import { errorCodes } from '../errors/errorCodes.js';
import { ReadyGraphError } from '../errors/ReadyGraphError.js';
import type { HookName } from './ownHookProperties.js';

/**
 * The error for an instance whose hooks are own properties (arrow-function fields) instead of methods: readygraph
 * finds hooks on the class, before anything is constructed, so such a hook would be silently skipped and the service
 * counted as ready at once.
 */
export function arrowHookError(serviceName: string, className: string, hooks: readonly HookName[]): ReadyGraphError {
  const list = hooks.join(', ');
  const example = hooks[0] ?? 'onReady';
  return new ReadyGraphError(
    errorCodes.usage,
    `"${serviceName}": ${className} has ${list} as ${hooks.length === 1 ? 'an own property' : 'own properties'} (an arrow-function field), ` +
      `not as ${hooks.length === 1 ? 'a method' : 'methods'}; readygraph reads hooks from the class before constructing anything, so it cannot ` +
      `see ${hooks.length === 1 ? 'it' : 'them'}. Write ${hooks.length === 1 ? 'it' : 'each'} as a method: \`async ${example}(ctx) { … }\` instead of \`${example} = async (ctx) => { … }\``,
  );
}
