import type { FastifyInstance, FastifyReply } from 'fastify';
import type { RaftGateway, ReplicatedServices } from '../consensus/RaftGateway.js';
import { maxServiceValueDepth, nestingExceeds } from '../consensus/replicationLimits.js';
import { maxCommandLength, serviceNameSchema, serviceValueSchema, type ServiceCommand } from '../consensus/serviceCommandSchema.js';

const base = '/edge/management/v1';

/**
 * The replicated part of the management API, answered by the Raft node through `gateway` (503 until it is attached):
 * - `GET /raft`: term, role, leader, commitIndex, peers (and matchIndex on the leader);
 * - `GET /services`, `GET /services/:name`: the replicated services, served once the Raft node is available (it may
 *   still be replaying its log, or know no leader: the read waits up to `readTimeoutMs`, then 503 with
 *   `Retry-After`). Linearizable by default: the copy read holds every write acknowledged before the request
 *   (see RaftNode.linearize); `?consistency=local` reads this controller's copy as it is, which may lag;
 * - `PUT /services/:name` (a JSON object, at most 2 KiB as JSON and `maxServiceValueDepth` levels deep: what always
 *   replicates) and `DELETE /services/:name`: committed through
 *   Raft before the 200; a follower forwards the write to the leader; 503 when no leader is known or it did not commit
 *   in time.
 */
export function replicatedServicesRoutes(server: FastifyInstance, gateway: RaftGateway, options: { readonly readTimeoutMs: number }): void {
  const attached = (): ReplicatedServices => {
    const services = gateway.current;
    if (services === undefined) throw Object.assign(new Error('the consensus layer is not running yet; retry shortly'), { statusCode: 503 });
    return services;
  };
  const nameOf = (params: { name: string }): string => {
    const parsed = serviceNameSchema.safeParse(params.name);
    if (!parsed.success) throw Object.assign(new Error(`service name: ${parsed.error.issues[0]?.message ?? 'invalid'}`), { statusCode: 400 });
    return parsed.data;
  };
  /** The Raft node, ready for a read of the requested consistency; or undefined once `reply` has been answered 503. */
  const readable = async (query: { consistency?: unknown }, reply: FastifyReply): Promise<ReplicatedServices | undefined> => {
    const consistency = query.consistency ?? 'linearizable';
    if (consistency !== 'linearizable' && consistency !== 'local') {
      throw Object.assign(new Error(`consistency: must be "linearizable" (the default) or "local"; got ${JSON.stringify(consistency)}`), { statusCode: 400 });
    }
    const signal = AbortSignal.timeout(options.readTimeoutMs);
    try {
      const services = await gateway.whenAvailable(signal);
      if (consistency === 'linearizable') await services.linearize(signal);
      return services;
    } catch (error) {
      const why = signal.aborted ? `not within ${options.readTimeoutMs} ms (raft.readTimeoutMs)` : error instanceof Error ? error.message : String(error);
      await reply
        .code(503)
        .header('retry-after', '1')
        .send({ error: `the replicated data cannot be read ${consistency === 'local' ? '' : 'linearizably '}yet: ${why}; retry after a second`, consistency });
      return undefined;
    }
  };
  const write = async (command: ServiceCommand) => attached().write(command, false);

  server.get(`${base}/raft`, async () => {
    const { id, role, term, leader, commitIndex, lastApplied, lastLogIndex, peers, matchIndex } = attached().status();
    return { data: { id, role, term, leader, commitIndex, lastApplied, lastLogIndex, peers, matchIndex } };
  });

  server.get<{ Querystring: { consistency?: unknown } }>(`${base}/services`, async (request, reply) => {
    const services = await readable(request.query, reply);
    if (services === undefined) return reply;
    const data = services.list();
    return { data, meta: { count: data.length } };
  });

  server.get<{ Params: { name: string }; Querystring: { consistency?: unknown } }>(`${base}/services/:name`, async (request, reply) => {
    const name = nameOf(request.params);
    const services = await readable(request.query, reply);
    if (services === undefined) return reply;
    const value = services.get(name);
    if (value === undefined) return reply.code(404).send({ error: `no service "${name}"` });
    return { data: { name, value } };
  });

  server.put<{ Params: { name: string } }>(`${base}/services/:name`, async (request, reply) => {
    const name = nameOf(request.params);
    const value = serviceValueSchema.safeParse(request.body);
    if (!value.success) return reply.code(400).send({ error: 'the body must be a JSON object (the service definition)' });
    const command: ServiceCommand = { op: 'put', name, value: value.data };
    if (nestingExceeds(JSON.stringify(value.data), maxServiceValueDepth)) {
      return reply.code(400).send({ error: `a service definition nests at most ${maxServiceValueDepth} levels (the Raft message that replicates it adds its own)` });
    }
    if (JSON.stringify(command).length > maxCommandLength) return reply.code(413).send({ error: `a service definition is at most ${maxCommandLength} characters of JSON` });
    const answer = await write(command);
    return reply.code(answer.status).send(answer.body);
  });

  server.delete<{ Params: { name: string } }>(`${base}/services/:name`, async (request, reply) => {
    const answer = await write({ op: 'delete', name: nameOf(request.params) });
    return reply.code(answer.status).send(answer.body);
  });
}
