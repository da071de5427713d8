import 'reflect-metadata';
import { Container, decorate, postConstruct, preDestroy } from 'inversify';
import { rootsOf } from '../dag/Dag.js';
import { defineClasses, type ServiceClass } from './defineClasses.js';
import type { Peer, PeerApp } from './Peer.js';

/**
 * InversifyJS 8 alone, at its best: every service an async `@postConstruct` (its start hook) and a `@preDestroy` (its
 * stop hook), dependencies injected through constructors, and `getAsync` on every root at once, so that Inversify
 * awaits each dependency's activation before constructing its dependents and runs independent ones concurrently.
 * Stop is `unbindAllAsync()`, which runs every `@preDestroy` at once: Inversify has no stop order.
 */
export const inversify: Peer = {
  define(workload, probe) {
    const classes = defineClasses(workload.dag, {
      inject: true,
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
        decorate(postConstruct(), type, 'init');
        decorate(preDestroy(), type, 'destroy');
      },
    });
    return containerApp(classes, rootsOf(workload.dag));
  },
};

/**
 * The same graph resolved with `getAsync` and no hooks at all: what Inversify alone spends creating the container,
 * binding and constructing. Subtracted from readygraph's boot, it leaves readygraph's own scheduling.
 */
export const inversifyResolveOnly: Peer = {
  define(workload) {
    const classes = defineClasses(workload.dag, {
      inject: true,
      body: () =>
        class {
          public constructor(..._dependencies: unknown[]) {}
        },
    });
    return containerApp(classes, rootsOf(workload.dag));
  },
};

function containerApp(classes: readonly ServiceClass[], roots: readonly number[]): PeerApp {
  let container: Container | undefined;
  return {
    async boot() {
      container = new Container();
      for (const type of classes) container.bind(type).toSelf();
      const resolving = container;
      await Promise.all(roots.map((root) => resolving.getAsync(classes[root] as ServiceClass)));
    },
    async stop() {
      await container?.unbindAllAsync();
    },
  };
}
