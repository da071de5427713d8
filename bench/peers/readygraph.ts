import 'reflect-metadata';
import { Container } from 'inversify';
import { dependsOn, Lifecycle } from 'readygraph';
import { defineClasses, type ServiceClass } from './defineClasses.js';
import type { Peer, PeerApp } from './Peer.js';

/**
 * readygraph as its users write it: singleton classes with `onReady` / `onStop`, bound to an Inversify container,
 * started by a `Lifecycle`. The readiness edges come from constructor injection (the default,
 * `implicitDependencies`), exactly the graph the InversifyJS peer resolves.
 */
export const readygraph: Peer = {
  define(workload, probe) {
    const classes = defineClasses(workload.dag, {
      inject: true,
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
    return lifecycleApp(classes);
  },
};

/** The same graph declared with `@dependsOn(...)` instead of injection: Inversify's own resolving is then trivial. */
export const readygraphDependsOn: Peer = {
  define(workload, probe) {
    const classes = defineClasses(workload.dag, {
      inject: false,
      body: (node) =>
        class {
          public onReady(): Promise<void> {
            return probe.start(node);
          }
          public onStop(): Promise<void> {
            return probe.stop(node);
          }
        },
      decorateClass: (type, dependencies) => {
        if (dependencies.length > 0) dependsOn(...dependencies)(type);
      },
    });
    return lifecycleApp(classes);
  },
};

function lifecycleApp(classes: readonly ServiceClass[]): PeerApp {
  let lifecycle: Lifecycle | undefined;
  return {
    async boot() {
      const container = new Container();
      for (const type of classes) container.bind(type).toSelf();
      lifecycle = new Lifecycle(container);
      await lifecycle.start();
    },
    async stop() {
      await lifecycle?.stop();
    },
  };
}
