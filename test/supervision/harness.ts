import 'reflect-metadata';
import { Container } from 'inversify';
import { Lifecycle, supervise, type HealthContext, type LifecycleEventName, type LifecycleEvents, type LifecycleOptions, type SupervisionPolicy } from 'readygraph';
import type { Contexts } from '../support/Contexts.js';
import { ManualClock } from '../support/ManualClock.js';
import { bindAll, defineService, type Journal, type ServiceSpec } from '../support/services.js';

/** How a supervised test service behaves: the hooks of {@link ServiceSpec}, a health check and a policy. */
export interface SupervisedSpec extends ServiceSpec {
  readonly checkHealth?: (context: HealthContext) => void | boolean | Promise<void | boolean>;
  readonly supervise?: SupervisionPolicy;
}

/** A lifecycle service class named `name`, with `@supervise(spec.supervise)` when given. */
export function defineSupervised(name: string, spec: SupervisedSpec = {}): new () => object {
  const made = defineService(name, spec);
  if (spec.checkHealth !== undefined) (made.prototype as Record<string, unknown>)['checkHealth'] = spec.checkHealth;
  if (spec.supervise !== undefined) supervise(spec.supervise)(made);
  return made;
}

/** A policy that restarts on failure with exact delays: `initialMs` 100, doubling, no jitter. */
export const restartExactly: SupervisionPolicy = { restart: 'on-failure', backoff: { initialMs: 100, factor: 2, jitter: 0 } };

/** One recorded event: its name and what it carried. */
export interface Recorded<E extends LifecycleEventName = LifecycleEventName> {
  readonly event: E;
  readonly payload: LifecycleEvents[E];
}

/** A started-or-not lifecycle on a manual clock, with every event recorded in order. */
export interface Harness {
  readonly lifecycle: Lifecycle;
  readonly clock: ManualClock;
  readonly events: Recorded[];
  /** The recorded payloads of one event. */
  of<E extends LifecycleEventName>(event: E): Array<LifecycleEvents[E]>;
  /** `event:name` for every service event (and the bare name of the lifecycle's), in order. */
  trail(): string[];
  /** The status of one service. */
  service(name: string): ReturnType<Lifecycle['status']>['services'][number];
}

const eventNames: readonly LifecycleEventName[] = [
  'service:starting',
  'service:ready',
  'service:unready',
  'service:restarting',
  'service:failed',
  'service:gave-up',
  'service:stopping',
  'service:stopped',
  'starting',
  'ready',
  'degraded',
  'failed',
  'stopping',
  'stopped',
];

/** Binds `services` in a fresh container and makes a lifecycle on a manual clock (not started). */
export function harness(services: ReadonlyArray<new () => object>, options: Omit<LifecycleOptions, 'clock'> = {}): Harness {
  const container = new Container();
  bindAll(container, ...services);
  const clock = new ManualClock();
  const lifecycle = new Lifecycle(container, { ...options, clock });
  const events: Recorded[] = [];
  for (const event of eventNames) {
    lifecycle.on(event, (payload: LifecycleEvents[typeof event]) => events.push({ event, payload }));
  }
  return {
    lifecycle,
    clock,
    events,
    of: <E extends LifecycleEventName>(event: E) => events.filter((recorded) => recorded.event === event).map((recorded) => recorded.payload as LifecycleEvents[E]),
    trail: () => events.map(({ event, payload }) => (event.startsWith('service:') ? `${event}:${(payload as { name: string }).name}` : event)),
    service: (name) => {
      const found = lifecycle.status().services.find((status) => status.name === name);
      if (found === undefined) throw new Error(`no service "${name}" in status()`);
      return found;
    },
  };
}

/**
 * Hooks that record `<name>:onReady` and `<name>:onStop:<reason>` in `journal`; given `contexts`, `onReady` also keeps
 * each run's context there (after recording).
 */
export function journaled(name: string, journal: Journal, contexts?: Contexts): Required<Pick<ServiceSpec, 'onReady' | 'onStop'>> {
  return {
    onReady: (context) => {
      journal.add(`${name}:onReady`);
      contexts?.onReady(context);
    },
    onStop: (context) => journal.add(`${name}:onStop:${context.reason}`),
  };
}

/** What a promise settled with, without letting a rejection go unhandled: `{ ok }` or `{ error }`. */
export function settled<T>(promise: Promise<T>): { readonly done: boolean; readonly error: unknown } {
  const state = { done: false, error: undefined as unknown };
  promise.then(
    () => {
      state.done = true;
    },
    (error: unknown) => {
      state.done = true;
      state.error = error;
    },
  );
  return state;
}
