import 'reflect-metadata';
import { Injectable, Module, type FactoryProvider, type INestApplicationContext, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { Peer, PeerApp } from './Peer.js';

/*
 * NestJS runs lifecycle hooks per module, and within a module by "hierarchy level" (its depth in the injection tree):
 * every `onModuleInit` of one level at once, the next level when they have all resolved. So it honours the order,
 * but level by level rather than as soon as each service's own dependencies are ready. `onModuleDestroy` runs the
 * levels in reverse. The whole graph is one module, as one would write an application's feature.
 */

/** Providers are classes with `onModuleInit` / `onModuleDestroy`, dependencies injected through constructors. */
export const nestHooks: Peer = {
  define(workload, probe) {
    const classes: Type[] = [];
    workload.dag.deps.forEach((deps, node) => {
      const type = class {
        public constructor(..._dependencies: unknown[]) {}
        public onModuleInit(): Promise<void> {
          return probe.start(node);
        }
        public onModuleDestroy(): Promise<void> {
          return probe.stop(node);
        }
      };
      Object.defineProperty(type, 'name', { value: `S${node}` });
      // What `emitDecoratorMetadata` writes for a constructor `(a: S3, b: S7)`.
      Reflect.defineMetadata('design:paramtypes', deps.map((dep) => classes[dep]), type);
      Injectable()(type);
      classes.push(type);
    });
    return nestApp(classes);
  },
};

/**
 * Providers are async factories (`useFactory` + `inject`): Nest awaits each factory's dependencies before calling
 * it, independent ones concurrently; the factory is the start hook. The object it returns has `onModuleDestroy`.
 */
export const nestFactory: Peer = {
  define(workload, probe) {
    const providers: FactoryProvider[] = workload.dag.deps.map((deps, node) => ({
      provide: `S${node}`,
      inject: deps.map((dep) => `S${dep}`),
      useFactory: async () => {
        await probe.start(node);
        return { onModuleDestroy: () => probe.stop(node) };
      },
    }));
    return nestApp(providers);
  },
};

function nestApp(providers: ReadonlyArray<Type | FactoryProvider>): PeerApp {
  class AppModule {}
  Module({ providers: [...providers] })(AppModule);
  let app: INestApplicationContext | undefined;
  return {
    async boot() {
      app = await NestFactory.createApplicationContext(AppModule, { logger: false, abortOnError: false });
    },
    async stop() {
      await app?.close();
    },
  };
}
