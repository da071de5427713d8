import { propertyOf } from '../decorators/propertyOf.js';

/**
 * Calls `instance[method](context)`, with a clear error when the resolved instance has no such method (an
 * activation handler that returned something else, say). The method is read with {@link propertyOf}.
 */
export function callHook(instance: unknown, method: 'onReady' | 'onStop', context: unknown, service: string): unknown {
  const hook: unknown = (typeof instance === 'object' && instance !== null) || typeof instance === 'function' ? propertyOf(instance, method) : undefined;
  if (typeof hook !== 'function') {
    throw new TypeError(
      `"${service}" has ${method} on its class, but the instance the container resolved has no ${method} method ` +
        `(got ${typeof hook}); an activation handler (onActivation) must return the instance or an object with the same hooks`,
    );
  }
  return (hook as (this: unknown, context: unknown) => unknown).call(instance, context);
}
