import avvio from 'avvio';
import type { Peer } from './Peer.js';

/**
 * avvio, fastify's boot loader: one plugin per service, registered in topological order (0..n-1 is one). avvio loads
 * plugins one after the other, so the order holds by construction and nothing runs concurrently. Each plugin
 * registers an `onClose` hook; avvio runs those in reverse registration order on `close()`.
 */
export const avvioPeer: Peer = {
  define(workload, probe) {
    type App = avvio.Avvio<null>;
    const plugins = workload.dag.deps.map((_deps, node) => {
      const plugin = async (app: App): Promise<void> => {
        await probe.start(node);
        // The callback form is the one avvio's types offer; avvio treats it like a promise-returning hook.
        app.onClose((_context, done) => {
          probe.stop(node).then(
            () => done(),
            (error: unknown) => done(error),
          );
        });
      };
      Object.defineProperty(plugin, 'name', { value: `S${node}` });
      return plugin;
    });
    let app: App | undefined;
    return {
      async boot() {
        const booting = avvio();
        for (const plugin of plugins) booting.use(plugin);
        app = booting;
        await booting.ready();
      },
      async stop() {
        const closing = app;
        if (closing === undefined) return;
        await new Promise<void>((resolve, reject) => {
          closing.close((error: Error | null) => (error ? reject(error) : resolve()));
        });
      },
    };
  },
};
