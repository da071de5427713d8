import type * as OpenTelemetryApi from '@opentelemetry/api';
import type { Context, HrTime, Span, Tracer } from '@opentelemetry/api';
import { errorCodes } from '../errors/errorCodes.js';
import { describeValue } from '../errors/describeValue.js';
import { ReadyGraphError } from '../errors/ReadyGraphError.js';
import { spanAttributes, spanNames } from './spanNames.js';
import type { TracingOptions } from './TracingOptions.js';
import { messageOf } from '../errors/messageOf.js';
import { channelOf } from '../runtime/EventHub.js';
import type { LifecycleEventName, LifecycleEvents, ServiceEventBase } from '../runtime/LifecycleEvents.js';

type OpenTelemetry = typeof OpenTelemetryApi;

/** The spans open for one lifecycle. */
interface Run {
  /** The lifecycle's name, from its `starting` or `stopping` event. */
  name: string | undefined;
  start: Span | undefined;
  stop: Span | undefined;
  readonly hooks: Map<string, Span>;
  /** Open restart spans, by the restarting service's name, in the order they opened. */
  readonly restarts: Map<string, Span>;
  /**
   * The restart each service's hooks belong to, by service name: its own, or the one it was stopped in as a member of
   * the restart set; kept until the service is ready again, so a member's `onReady`, which comes after the restarted
   * service's, is still the restart's child.
   */
  readonly restartOf: Map<string, Span>;
}

/** What channel subscribers of event `E` get: the event's fields plus the emitting lifecycle. */
type Message<E extends LifecycleEventName> = LifecycleEvents[E] & { readonly lifecycle: object };

/** A message about one service. */
type ServiceMessage = ServiceEventBase & { readonly lifecycle: object };

/**
 * Turns every lifecycle's start and stop into OpenTelemetry spans: a `readygraph.start` span (a child of the context
 * active when `start()` is called) with one `onReady <service>` span per service, and a `readygraph.stop` span with one
 * `onStop <service>` span per service; attributes are in {@link spanAttributes}. Failed hooks record the exception and
 * set the span's status to error. After the start, each restart of a service is a `readygraph.restart` span (its
 * failure recorded as an exception event) holding the hook spans of the services that restart with it; it ends when the
 * service is ready again, or as an error when the restart's `onReady` fails. It listens on readygraph's `node:diagnostics_channel` channels, so it sees every
 * `Lifecycle` of the process, including ones made before it was called; call it once, at boot.
 *
 * `@opentelemetry/api` is an optional peer dependency, loaded here and nowhere else.
 *
 * @returns A function that stops tracing. Spans still open then never end, so call it once the lifecycles have stopped.
 * @throws ReadyGraphError `ERR_READYGRAPH_USAGE` (as a rejection) if `@opentelemetry/api` is not installed, or if
 *   `tracerProvider` has no `getTracer` method.
 */
export async function enableTracing(options: TracingOptions = {}): Promise<() => void> {
  const provider = options.tracerProvider;
  if (provider !== undefined && typeof (provider as Partial<typeof provider> | null)?.getTracer !== 'function') {
    throw new ReadyGraphError(errorCodes.usage, `enableTracing(options): tracerProvider must have a getTracer method; got ${describeValue(provider)}`);
  }
  const otel = await loadOpenTelemetry();
  const tracer = (provider?.getTracer('readygraph') ?? otel.trace.getTracer('readygraph')) as Tracer;
  const runs = new WeakMap<object, Run>();
  const runOf = (lifecycle: object): Run => {
    let run = runs.get(lifecycle);
    if (run === undefined) {
      run = { name: undefined, start: undefined, stop: undefined, hooks: new Map(), restarts: new Map(), restartOf: new Map() };
      runs.set(lifecycle, run);
    }
    return run;
  };
  const under = (parent: Span | undefined): Context =>
    parent === undefined ? otel.context.active() : otel.trace.setSpan(otel.context.active(), parent);
  const fail = (span: Span, error: unknown): void => {
    if (error instanceof Error) span.recordException(error);
    else span.recordException(String(error));
    span.setStatus({ code: otel.SpanStatusCode.ERROR, message: messageOf(error) });
  };
  const openHook = (message: ServiceMessage, hook: 'onReady' | 'onStop', parent: Span | undefined): void => {
    const run = runOf(message.lifecycle);
    const attributes: Record<string, string> = { [spanAttributes.service]: message.name, [spanAttributes.hook]: hook };
    if (message.layer !== undefined) attributes[spanAttributes.layer] = message.layer;
    if (run.name !== undefined) attributes[spanAttributes.lifecycle] = run.name;
    run.hooks.set(message.name, tracer.startSpan(`${hook} ${message.name}`, { attributes, startTime: hrNow() }, under(parent)));
  };
  /** Where a hook span of `message`'s service goes: under its restart, if it is in one, else under `parent`. */
  const parentOf = (message: ServiceMessage, parent: Span | undefined): Span | undefined => runOf(message.lifecycle).restartOf.get(message.name) ?? parent;
  const openRestart = (message: Message<'service:restarting'>): void => {
    const run = runOf(message.lifecycle);
    endRestart(run, message.name, new Error('restarted again before it was back'));
    const attributes: Record<string, string | number> = {
      [spanAttributes.service]: message.name,
      [spanAttributes.restartAttempt]: message.attempt,
      [spanAttributes.restartDelayMs]: message.delayMs,
    };
    if (message.layer !== undefined) attributes[spanAttributes.layer] = message.layer;
    if (run.name !== undefined) attributes[spanAttributes.lifecycle] = run.name;
    const span = tracer.startSpan(spanNames.restart, { attributes, startTime: hrNow() }, otel.context.active());
    if (message.cause !== undefined) span.recordException(message.cause instanceof Error ? message.cause : messageOf(message.cause));
    run.restarts.set(message.name, span);
    run.restartOf.set(message.name, span);
  };
  const endRestart = (run: Run, service: string, error?: unknown): void => {
    const span = run.restarts.get(service);
    if (span === undefined) return;
    run.restarts.delete(service);
    if (error !== undefined) fail(span, error);
    span.end(hrNow());
  };
  const closeHook = (message: ServiceMessage, error?: unknown): void => {
    const hooks = runOf(message.lifecycle).hooks;
    const span = hooks.get(message.name);
    if (span === undefined) return;
    hooks.delete(message.name);
    if (error !== undefined) fail(span, error);
    span.end(hrNow());
  };

  const handlers: { readonly [E in LifecycleEventName]?: (message: Message<E>) => void } = {
    starting: (message) => {
      const run = runOf(message.lifecycle);
      run.name = message.name;
      run.start = tracer.startSpan(spanNames.start, { attributes: { [spanAttributes.lifecycle]: message.name }, startTime: hrNow() });
    },
    'service:starting': (message) => openHook(message, 'onReady', parentOf(message, runOf(message.lifecycle).start)),
    'service:ready': (message) => {
      closeHook(message);
      if (message.late === true) return;
      const run = runOf(message.lifecycle);
      endRestart(run, message.name);
      run.restartOf.delete(message.name);
    },
    'service:restarting': (message) => openRestart(message),
    'service:failed': (message) => {
      // 'stop': `service:stopped` follows with the same error and ends the span. 'run': a ready run failed, no hook
      // ran; its restart (if any) begins with `service:restarting`.
      if (message.phase !== 'start') return;
      const run = runOf(message.lifecycle);
      run.hooks.get(message.name)?.setAttribute(spanAttributes.aborted, message.aborted);
      closeHook(message, message.error);
      endRestart(run, message.name, message.error);
      run.restartOf.delete(message.name);
    },
    'service:stopping': (message) => {
      const run = runOf(message.lifecycle);
      // A member of a restart set is stopped while the restart that takes it down is open: the latest one.
      if (message.reason === 'restart' && !run.restartOf.has(message.name)) {
        const latest = [...run.restarts.values()].at(-1);
        if (latest !== undefined) run.restartOf.set(message.name, latest);
      }
      const parent = run.stop ?? run.start;
      openHook(message, 'onStop', message.reason === 'restart' ? parentOf(message, parent) : parent);
    },
    'service:stopped': (message) => {
      closeHook(message, message.error);
      // Stopped for good (giving up without escalating, or a stop): a later start of it is no part of that restart.
      if (message.reason !== 'restart') runOf(message.lifecycle).restartOf.delete(message.name);
    },
    ready: (message) => endStart(message),
    failed: (message) => endStart(message, message.error),
    stopping: (message) => {
      const run = runOf(message.lifecycle);
      // A stop during the start abandons it: the start span ends here, as an error.
      if (run.start !== undefined) endStart(message, new Error('the start was abandoned because stop() was called'));
      run.name = message.name;
      run.stop = tracer.startSpan(spanNames.stop, { attributes: { [spanAttributes.lifecycle]: message.name }, startTime: hrNow() });
    },
    stopped: (message) => {
      const run = runOf(message.lifecycle);
      const ended = hrNow();
      for (const span of run.hooks.values()) span.end(ended);
      run.hooks.clear();
      // A stop cancels the restarts still under way.
      for (const span of run.restarts.values()) span.setAttribute(spanAttributes.aborted, true).end(ended);
      run.restarts.clear();
      run.restartOf.clear();
      run.stop?.end(ended);
      run.stop = undefined;
    },
  };
  const endStart = (message: { readonly lifecycle: object }, error?: unknown): void => {
    const run = runOf(message.lifecycle);
    if (run.start === undefined) return;
    if (error !== undefined) fail(run.start, error);
    run.start.end(hrNow());
    run.start = undefined;
  };

  const subscriptions = Object.entries(handlers).map(([event, handle]) => {
    const listener = (message: unknown): void => {
      if (typeof message === 'object' && message !== null && typeof (message as { lifecycle?: unknown }).lifecycle === 'object') (handle as (message: unknown) => void)(message);
    };
    const channel = channelOf(event as LifecycleEventName);
    channel.subscribe(listener);
    return () => channel.unsubscribe(listener);
  });
  return () => {
    for (const unsubscribe of subscriptions.splice(0)) unsubscribe();
  };
}

const originSeconds = Math.trunc(performance.timeOrigin / 1000);
const originNanos = Math.round((performance.timeOrigin - originSeconds * 1000) * 1e6);

/**
 * Now, as an OpenTelemetry `HrTime`, from the process's monotonic clock. Every span readygraph makes is given its start
 * and end this way: left to itself, the SDK starts each span at `Date.now()`, whole milliseconds, so a hook that
 * started a fraction of a millisecond after its dependency ended could show as starting before it.
 */
function hrNow(): HrTime {
  const nanos = originNanos + Math.round(performance.now() * 1e6);
  return [originSeconds + Math.floor(nanos / 1e9), nanos % 1e9];
}

async function loadOpenTelemetry(): Promise<OpenTelemetry> {
  try {
    return await import('@opentelemetry/api');
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') {
      throw new ReadyGraphError(
        errorCodes.usage,
        'enableTracing() needs @opentelemetry/api, an optional peer dependency of readygraph that is not installed; ' +
          'install it (npm install @opentelemetry/api) along with an OpenTelemetry SDK, or do not call enableTracing()',
        { cause: error },
      );
    }
    throw error;
  }
}
