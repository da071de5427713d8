import 'reflect-metadata';
import { Container, decorate, inject, injectable, postConstruct, preDestroy } from 'inversify6';
import { Lifecycle } from 'readygraph';
import { rootsOf } from '../dag/Dag.js';
import { defineClasses, type Decorators, type ServiceClass } from './defineClasses.js';
import type { Peer, PeerApp } from './Peer.js';

/*
 * The 10,000-service boot on InversifyJS 6 (the pinned devDependency alias `inversify6`, 6.2.2), where most long-lived
 * InversifyJS applications are: readygraph reading the older container against InversifyJS 6's own `getAsync` boot
 * with an async `@postConstruct` per service, as bench/peers/inversify.ts and readygraph.ts do on 8. `@injectable()`
 * takes no scope on 6, so every binding is `.inSingletonScope()`.
 */

const inversify6: Decorators = {
  decorate,
  inject,
  injectable: () => injectable(),
};

function bindAll(container: Container, classes: readonly ServiceClass[]): void {
  for (const type of classes) container.bind(type).toSelf().inSingletonScope();
}

/** InversifyJS 6 alone: `getAsync` on every root at once, each service's start an async `@postConstruct`. */
export const inversify6GetAsync: Peer = {
  define(workload, probe) {
    const classes = defineClasses(workload.dag, {
      inject: true,
      decorators: inversify6,
      body: (node) =>
        class {
          public constructor(..._dependencies: unknown[]) {}
          public init(): Promise<void> {
            return probe.start(node);
          }
          public destroy(): Promise<void> {
            return probe.stop(node);
          }
        },
      decorateClass: (type) => {
        decorate(postConstruct(), type.prototype, 'init');
        decorate(preDestroy(), type.prototype, 'destroy');
      },
    });
    const roots = rootsOf(workload.dag);
    let container: Container | undefined;
    const app: PeerApp = {
      async boot() {
        container = new Container();
        bindAll(container, classes);
        const resolving = container;
        await Promise.all(roots.map((root) => resolving.getAsync(classes[root] as ServiceClass)));
      },
      async stop() {
        await container?.unbindAllAsync();
      },
    };
    return app;
  },
};

/** readygraph on InversifyJS 6: the same classes with `onReady` / `onStop`, edges from constructor injection. */
export const readygraphOnInversify6: Peer = {
  define(workload, probe) {
    const classes = defineClasses(workload.dag, {
      inject: true,
      decorators: inversify6,
      body: (node) =>
        class {
          public constructor(..._dependencies: unknown[]) {}
          public onReady(): Promise<void> {
            return probe.start(node);
          }
          public onStop(): Promise<void> {
            return probe.stop(node);
          }
        },
    });
    let lifecycle: Lifecycle | undefined;
    return {
      async boot() {
        const container = new Container();
        bindAll(container, classes);
        lifecycle = new Lifecycle(container);
        await lifecycle.start();
      },
      async stop() {
        await lifecycle?.stop();
      },
    };
  },
};
