import type { FastifyInstance } from 'fastify';
import type { RuntimeStatus } from './RuntimeStatus.js';

/**
 * The seed's hand-written health checks, kept for the `--unordered` runtime (which is not a readygraph Lifecycle):
 * `/livez` always 200, `/readyz` 200 once the runtime is ready. No drain, no `/startupz`: what readygraph's probes add.
 */
export async function seedProbes(server: FastifyInstance, options: { status: () => RuntimeStatus }): Promise<void> {
  server.get('/livez', async () => 'ok\n');
  server.get('/readyz', async (_request, reply) => {
    const ready = options.status().state === 'ready';
    return reply.code(ready ? 200 : 503).send(ready ? 'ok\n' : `readyz check failed: ${options.status().state}\n`);
  });
}
