import { checkSupervisionPolicy, type SupervisionPolicy } from './SupervisionPolicy.js';
import { updateOwnDeclarations } from './ownDeclarations.js';

/**
 * Gives the class its supervision policy: what happens when a run of it fails (restart with backoff, or give up),
 * whether it restarts with its dependencies, and its health check's timing. Fields left out come from the
 * Lifecycle's `supervise` option, then the defaults. Makes the class a lifecycle service, like `@inLayer`.
 *
 * @example @supervise({ restart: 'on-failure', backoff: { initialMs: 500 }, health: { intervalMs: 5_000 } })
 * @throws ReadyGraphError `ERR_READYGRAPH_USAGE` for a bad policy, quoting it (see {@link SupervisionPolicy}).
 */
export function supervise(policy: SupervisionPolicy): ClassDecorator {
  return (target) => {
    const checked = checkSupervisionPolicy(policy, `@supervise on "${target.name}"`);
    updateOwnDeclarations(target, (current) => ({ ...current, supervise: checked }));
  };
}
