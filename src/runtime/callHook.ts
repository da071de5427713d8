import { propertyOf } from '../decorators/propertyOf.js';
import { errorCodes } from '../errors/errorCodes.js';
import { ReadyGraphError } from '../errors/ReadyGraphError.js';

/**
 * Calls `instance[method](context)`, the method read with {@link propertyOf}. When the resolved instance has no such
 * method (an activation handler that returned something else, say), that is `ERR_READYGRAPH_USAGE`, naming the service.
 */
export function callHook(instance: unknown, method: 'onReady' | 'onStop' | 'checkHealth', context: unknown, service: string): unknown {
  const hook: unknown = (typeof instance === 'object' && instance !== null) || typeof instance === 'function' ? propertyOf(instance, method) : undefined;
  if (typeof hook !== 'function') {
    throw new ReadyGraphError(
      errorCodes.usage,
      `"${service}" has ${method} on its class, but the instance the container resolved has no ${method} method ` +
        `(got ${typeof hook}); an activation handler (onActivation) must return the instance or an object with the same hooks`,
      { service },
    );
  }
  return (hook as (this: unknown, context: unknown) => unknown).call(instance, context);
}
