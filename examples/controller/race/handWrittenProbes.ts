import type { FastifyInstance } from 'fastify';
import type { RuntimeStatus } from '../src/app/RuntimeStatus.js';

/**
 * The original controller's hand-written health checks, for the race demo's runtime (not a readygraph Lifecycle):
 * `/livez` always 200, `/readyz` 200 once the runtime is ready. No drain, no `/startupz`: what readygraph's probes add.
 */
export async function handWrittenProbes(server: FastifyInstance, options: { status: () => RuntimeStatus }): Promise<void> {
  server.get('/livez', async () => 'ok\n');
  server.get('/readyz', async (_request, reply) => {
    const ready = options.status().state === 'ready';
    return reply.code(ready ? 200 : 503).send(ready ? 'ok\n' : `readyz check failed: ${options.status().state}\n`);
  });
}
