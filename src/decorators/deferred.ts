import { updateOwnDeclarations } from './ownDeclarations.js';

/**
 * Marks a service that does not gate readiness: `start()` resolves (and the lifecycle is `ready`) without waiting for
 * it, and it starts right after, in graph order, with the same timeouts, signals and supervision as any service. A
 * deferred service may depend on anything; a service that is not deferred must not depend on a deferred one (by
 * `@dependsOn`, a layer or injection): `graph()` reports that edge as `ERR_READYGRAPH_USAGE`. Makes the class a
 * lifecycle service, like `@supervise` (it declares lifecycle behaviour); a subclass of a deferred class is deferred.
 * `layer(name, { deferred: true })` marks every member of a layer.
 *
 * @example @injectable('Singleton') @deferred() class CacheWarmup { async onReady() { … } }
 */
export function deferred(): ClassDecorator {
  return (target) => {
    updateOwnDeclarations(target, (current) => ({ ...current, deferred: true }));
  };
}
