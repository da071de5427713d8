// Type-level tests of the public API: checked by tsc when the tests build (the `it`s only make them visible in the
// report). A `// @ts-expect-error` line that compiles is itself a build error, so misuse must stay a type error.
import 'reflect-metadata';
import { describe, it } from 'node:test';
import { expectTypeOf } from 'expect-type';
import type { Container, ServiceIdentifier } from 'inversify';
import {
  dependsOn,
  inLayer,
  layer,
  Lifecycle,
  type errorCodes,
  type Layer,
  type LifecycleEvents,
  type LifecycleOptions,
  type LifecycleStatus,
  type OnReady,
  type OnStop,
  type ReadinessGraph,
  type ReadyContext,
  type ReadyGraphError,
  type ReadyGraphErrorCode,
  type StartOptions,
  type StopContext,
} from 'readygraph';

type DocumentedCode =
  | 'ERR_READYGRAPH_CYCLE'
  | 'ERR_READYGRAPH_MISSING_DEPENDENCY'
  | 'ERR_READYGRAPH_SCOPE'
  | 'ERR_READYGRAPH_START_TIMEOUT'
  | 'ERR_READYGRAPH_STARTUP'
  | 'ERR_READYGRAPH_STOP_TIMEOUT'
  | 'ERR_READYGRAPH_STOP'
  | 'ERR_READYGRAPH_GAVE_UP'
  | 'ERR_READYGRAPH_USAGE';

describe('types of the public API', () => {
  it('layer(name, { dependsOn }) returns a Layer', () => {
    expectTypeOf(layer).toBeCallableWith('web');
    expectTypeOf(layer).toBeCallableWith('consensus', { dependsOn: [layer('web')] });
    expectTypeOf(layer).toBeCallableWith('consensus', {});
    expectTypeOf(layer).returns.toEqualTypeOf<Layer>();
    expectTypeOf<Layer['name']>().toEqualTypeOf<string>();
    expectTypeOf<Layer['dependsOn']>().toEqualTypeOf<readonly Layer[]>();
    function misuse(): void {
      // @ts-expect-error a layer needs a name
      layer();
      // @ts-expect-error a layer depends on layers, not on names
      layer('consensus', { dependsOn: ['web'] });
    }
    expectTypeOf(misuse).toBeFunction();
  });

  it('a Layer cannot be forged from a plain object', () => {
    expectTypeOf<{ name: string; dependsOn: Layer[] }>().not.toExtend<Layer>();
  });

  it('inLayer(layer) is a ClassDecorator', () => {
    expectTypeOf(inLayer).parameters.toEqualTypeOf<[layer: Layer]>();
    expectTypeOf(inLayer).returns.toEqualTypeOf<ClassDecorator>();
    function misuse(): void {
      // @ts-expect-error inLayer takes a Layer, not a name
      inLayer('web');
    }
    expectTypeOf(misuse).toBeFunction();
  });

  it('dependsOn(...targets) takes service identifiers and layers and is a ClassDecorator', () => {
    class Config {}
    expectTypeOf(dependsOn).toBeCallableWith(Config);
    expectTypeOf(dependsOn).toBeCallableWith(Symbol('config'));
    expectTypeOf(dependsOn).toBeCallableWith('config');
    expectTypeOf(dependsOn).toBeCallableWith(layer('web'));
    expectTypeOf(dependsOn).toBeCallableWith(Config, 'config', layer('web'));
    expectTypeOf(dependsOn).returns.toEqualTypeOf<ClassDecorator>();
    expectTypeOf<ServiceIdentifier>().toExtend<Parameters<typeof dependsOn>[number]>();
    expectTypeOf<Layer>().toExtend<Parameters<typeof dependsOn>[number]>();
    function misuse(): void {
      // @ts-expect-error a number is not a service identifier
      dependsOn(42);
    }
    expectTypeOf(misuse).toBeFunction();
  });

  it('new Lifecycle(container, options?) and its methods', () => {
    expectTypeOf(Lifecycle).toBeConstructibleWith({} as Container);
    expectTypeOf(Lifecycle).toBeConstructibleWith({} as Container, { startTimeoutMs: 30_000, stopTimeoutMs: 10_000 });
    expectTypeOf(Lifecycle).toBeConstructibleWith({} as Container, { implicitDependencies: false, concurrency: 4 });
    expectTypeOf<Lifecycle['graph']>().toEqualTypeOf<() => ReadinessGraph>();
    expectTypeOf<Lifecycle['start']>().toEqualTypeOf<(options?: StartOptions) => Promise<void>>();
    expectTypeOf<Lifecycle['start']>().toBeCallableWith({ only: [class Db {}, layer('web')] });
    expectTypeOf<ReadonlyArray<ServiceIdentifier | Layer>>().toExtend<NonNullable<StartOptions['only']>>();
    expectTypeOf<Lifecycle['stop']>().toEqualTypeOf<() => Promise<void>>();
    expectTypeOf<Lifecycle['status']>().toEqualTypeOf<() => LifecycleStatus>();
    expectTypeOf<Lifecycle['whenReady']>().returns.toEqualTypeOf<Promise<void>>();
    expectTypeOf<Lifecycle['whenReady']>().toBeCallableWith('config');
    expectTypeOf<Lifecycle['whenReady']>().toBeCallableWith(Symbol('config'));
    expectTypeOf<Lifecycle['whenReady']>().toBeCallableWith(class Config {});
    expectTypeOf<Lifecycle['whenReady']>().toBeCallableWith(layer('web'));
  });

  it('LifecycleOptions has the documented options, each optional', () => {
    expectTypeOf<LifecycleOptions['startTimeoutMs']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<LifecycleOptions['stopTimeoutMs']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<LifecycleOptions['implicitDependencies']>().toEqualTypeOf<boolean | undefined>();
    expectTypeOf<LifecycleOptions['concurrency']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<{}>().toExtend<LifecycleOptions>();
    expectTypeOf<{ startTimeoutMs: number; stopTimeoutMs: number; implicitDependencies: boolean; concurrency: number }>().toExtend<LifecycleOptions>();
  });

  it('misused options are type errors', () => {
    function misuse(container: Container): void {
      // @ts-expect-error a timeout is a number of milliseconds, not a string
      void new Lifecycle(container, { startTimeoutMs: '5s' });
      // @ts-expect-error implicitDependencies is a boolean
      void new Lifecycle(container, { implicitDependencies: 'no' });
      // @ts-expect-error an unknown option
      void new Lifecycle(container, { startTimeout: 5_000 });
      // @ts-expect-error a container is required
      void new Lifecycle();
    }
    expectTypeOf(misuse).toBeFunction();
  });

  it('status() is the documented snapshot', () => {
    expectTypeOf<LifecycleStatus['state']>().toEqualTypeOf<'idle' | 'starting' | 'ready' | 'degraded' | 'stopping' | 'stopped' | 'failed'>();
    type Service = LifecycleStatus['services'][number];
    expectTypeOf<Service['state']>().toEqualTypeOf<
      'idle' | 'deferred' | 'pending' | 'starting' | 'ready' | 'unready' | 'failed' | 'restarting' | 'skipped' | 'stopping' | 'stopped'
    >();
    expectTypeOf<Service['available']>().toEqualTypeOf<boolean>();
    expectTypeOf<Service['blockedBy']>().toExtend<readonly string[]>();
    expectTypeOf<Service['restarts']>().toEqualTypeOf<number>();
    expectTypeOf<Service['reason']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<Service['name']>().toEqualTypeOf<string>();
    expectTypeOf<Service['layer']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<Service['dependsOn']>().toExtend<readonly string[]>();
    expectTypeOf<Service['startedAt']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<Service['readyAt']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<Service['stoppedAt']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<Service>().toHaveProperty('error');
  });

  it('events carry name and their documented fields', () => {
    expectTypeOf<LifecycleEvents['service:starting']['name']>().toEqualTypeOf<string>();
    expectTypeOf<LifecycleEvents['service:ready']['durationMs']>().toEqualTypeOf<number>();
    expectTypeOf<LifecycleEvents['service:failed']['error']>().toEqualTypeOf<unknown>();
    expectTypeOf<LifecycleEvents['service:stopping']['name']>().toEqualTypeOf<string>();
    expectTypeOf<LifecycleEvents['service:stopped']['name']>().toEqualTypeOf<string>();
    expectTypeOf<LifecycleEvents['ready']['name']>().toEqualTypeOf<string>();
    expectTypeOf<LifecycleEvents['stopped']['name']>().toEqualTypeOf<string>();
    expectTypeOf<
      'service:starting' | 'service:ready' | 'service:failed' | 'service:stopping' | 'service:stopped' | 'ready' | 'stopped'
    >().toExtend<keyof LifecycleEvents>();
  });

  it('on()/off() type the listener by event name and reject unknown events', () => {
    function listen(lifecycle: Lifecycle): void {
      lifecycle.on('service:ready', (event) => {
        expectTypeOf(event.name).toEqualTypeOf<string>();
        expectTypeOf(event.durationMs).toEqualTypeOf<number>();
      });
      lifecycle.on('service:failed', (event) => {
        expectTypeOf(event.error).toEqualTypeOf<unknown>();
      });
      const onStopped = (event: LifecycleEvents['stopped']): void => {
        expectTypeOf(event.name).toEqualTypeOf<string>();
      };
      lifecycle.on('stopped', onStopped).off('stopped', onStopped);
      // @ts-expect-error not an event of a lifecycle
      lifecycle.on('service:exploded', () => {});
      // @ts-expect-error a service:starting event has no durationMs
      lifecycle.on('service:starting', (event) => event.durationMs);
    }
    expectTypeOf(listen).toBeFunction();
  });

  it('ReadyContext has name, signal, unready(), ready(), fail(); StopContext has name, signal and reason', () => {
    expectTypeOf<ReadyContext>().toEqualTypeOf<{
      readonly name: string;
      readonly signal: AbortSignal;
      unready(reason: string): void;
      ready(): void;
      fail(error: unknown): void;
    }>();
    expectTypeOf<StopContext>().toEqualTypeOf<{ readonly name: string; readonly signal: AbortSignal; readonly reason: 'stop' | 'restart' | 'rollback' }>();
  });

  it('OnReady and OnStop accept sync and async hooks, and reject a wrong signature', () => {
    class Sync implements OnReady, OnStop {
      public onReady(): void {}
      public onStop(): void {}
    }
    class Async implements OnReady, OnStop {
      public async onReady({ signal, name }: ReadyContext): Promise<void> {
        expectTypeOf(signal).toEqualTypeOf<AbortSignal>();
        expectTypeOf(name).toEqualTypeOf<string>();
      }
      public async onStop(_context: StopContext): Promise<void> {}
    }
    expectTypeOf<Sync>().toExtend<OnReady & OnStop>();
    expectTypeOf<Async>().toExtend<OnReady & OnStop>();
    expectTypeOf<OnReady['onReady']>().returns.toEqualTypeOf<void | Promise<void>>();
    expectTypeOf<OnStop['onStop']>().returns.toEqualTypeOf<void | Promise<void>>();
    expectTypeOf<{ onReady(context: ReadyContext): Promise<number> }>().not.toExtend<OnReady>();
    expectTypeOf<{ onReady(context: { port: number }): void }>().not.toExtend<OnReady>();
  });

  it('ReadinessGraph has nodes, levels(), toJSON(), toMermaid() and toDot()', () => {
    expectTypeOf<ReadinessGraph['nodes'][number]>().toExtend<{ name: string; layer?: string; dependsOn: readonly string[] }>();
    expectTypeOf<ReadinessGraph['nodes'][number]['layer']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<ReadinessGraph['nodes']>().toExtend<ReadonlyArray<unknown>>();
    // @ts-expect-error nodes is read-only
    expectTypeOf<ReadinessGraph['nodes']>().toExtend<unknown[]>();
    expectTypeOf<ReadinessGraph['levels']>().toEqualTypeOf<() => string[][]>();
    // The contract's toMermaid(): string and toDot(): string, callable without arguments (options are an extension).
    expectTypeOf<ReadinessGraph['toMermaid']>().toBeCallableWith();
    expectTypeOf<ReadinessGraph['toMermaid']>().returns.toEqualTypeOf<string>();
    expectTypeOf<ReadinessGraph['toDot']>().toBeCallableWith();
    expectTypeOf<ReadinessGraph['toDot']>().returns.toEqualTypeOf<string>();
    expectTypeOf<ReadinessGraph['toJSON']>().returns.toHaveProperty('nodes');
  });

  it('ReadyGraphError is an Error whose code is one of the documented codes', () => {
    expectTypeOf<ReadyGraphError>().toExtend<Error>();
    expectTypeOf<ReadyGraphError['code']>().toEqualTypeOf<DocumentedCode>();
    expectTypeOf<ReadyGraphErrorCode>().toEqualTypeOf<DocumentedCode>();
    expectTypeOf<(typeof errorCodes)[keyof typeof errorCodes]>().toEqualTypeOf<DocumentedCode>();
    expectTypeOf<ReadyGraphError['cycle']>().toEqualTypeOf<readonly string[] | undefined>();
    expectTypeOf<ReadyGraphError['service']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<ReadyGraphError['dependency']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<ReadyGraphError['timeoutMs']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<NonNullable<ReadyGraphError['failures']>[number]>().toMatchObjectType<{ readonly service: string; readonly error: unknown }>();
    expectTypeOf<ReadyGraphError['skipped']>().toEqualTypeOf<readonly string[] | undefined>();
  });
});
