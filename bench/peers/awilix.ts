import { asClass, createContainer, InjectionMode, Lifetime, type AwilixContainer } from 'awilix';
import { AwilixManager } from 'awilix-manager';
import { levelsOf } from '../dag/Dag.js';
import type { Peer } from './Peer.js';

/**
 * awilix with awilix-manager's `asyncInit` / `asyncDispose`. awilix-manager does not order by dependencies: it runs
 * the init methods one at a time sorted by priority, so the priority is the service's dependency level (and the
 * reverse for dispose). Dependencies are injected the awilix way, from the cradle in the constructor.
 */
export const awilixManager: Peer = {
  define(workload, probe) {
    const levels = levelsOf(workload.dag);
    const deepest = Math.max(0, ...levels);
    const classes = workload.dag.deps.map((deps, node) => {
      const names = deps.map((dep) => `s${dep}`);
      const type = class {
        public readonly dependencies: unknown[];
        public constructor(cradle: Record<string, unknown>) {
          this.dependencies = names.map((name) => cradle[name]);
        }
        public init(): Promise<void> {
          return probe.start(node);
        }
        public dispose(): Promise<void> {
          return probe.stop(node);
        }
      };
      Object.defineProperty(type, 'name', { value: `S${node}` });
      return type;
    });
    let container: AwilixContainer | undefined;
    let manager: AwilixManager | undefined;
    return {
      async boot() {
        const registering = createContainer({ injectionMode: InjectionMode.PROXY });
        classes.forEach((type, node) => {
          const level = levels[node] ?? 0;
          registering.register(
            `s${node}`,
            asClass(type, {
              lifetime: Lifetime.SINGLETON,
              asyncInit: 'init',
              asyncInitPriority: level,
              asyncDispose: 'dispose',
              asyncDisposePriority: deepest - level,
            }),
          );
        });
        container = registering;
        manager = new AwilixManager({ diContainer: container, asyncInit: true });
        await manager.executeInit();
      },
      async stop() {
        await manager?.executeDispose();
      },
    };
  },
};
