import type { FastifyInstance } from 'fastify';
import type { RaftGateway, ReplicatedServices } from '../consensus/RaftGateway.js';
import { maxCommandLength, serviceNameSchema, serviceValueSchema, type ServiceCommand } from '../consensus/serviceCommandSchema.js';

const base = '/edge/management/v1';

/**
 * The replicated part of the management API, answered by the Raft node through `gateway` (503 until it is attached):
 * - `GET /raft`: term, role, leader, commitIndex, peers (and matchIndex on the leader);
 * - `GET /services`, `GET /services/:name`: this controller's copy of the replicated services (a follower's may lag
 *   a little behind the leader: reads are local, not linearizable);
 * - `PUT /services/:name` (a JSON object, at most 2 KiB as JSON) and `DELETE /services/:name`: committed through
 *   Raft before the 200; a follower forwards the write to the leader; 503 when no leader is known or it did not commit
 *   in time.
 */
export function replicatedServicesRoutes(server: FastifyInstance, gateway: RaftGateway): void {
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
  const write = async (command: ServiceCommand, forwardedBy: string | string[] | undefined) => attached().write(command, forwardedBy !== undefined);

  server.get(`${base}/raft`, async () => {
    const { id, role, term, leader, commitIndex, lastApplied, lastLogIndex, peers, matchIndex } = attached().status();
    return { data: { id, role, term, leader, commitIndex, lastApplied, lastLogIndex, peers, matchIndex } };
  });

  server.get(`${base}/services`, async () => {
    const data = attached().list();
    return { data, meta: { count: data.length } };
  });

  server.get<{ Params: { name: string } }>(`${base}/services/:name`, async (request, reply) => {
    const name = nameOf(request.params);
    const value = attached().get(name);
    if (value === undefined) return reply.code(404).send({ error: `no service "${name}"` });
    return { data: { name, value } };
  });

  server.put<{ Params: { name: string } }>(`${base}/services/:name`, async (request, reply) => {
    const name = nameOf(request.params);
    const value = serviceValueSchema.safeParse(request.body);
    if (!value.success) return reply.code(400).send({ error: 'the body must be a JSON object (the service definition)' });
    const command: ServiceCommand = { op: 'put', name, value: value.data };
    if (JSON.stringify(command).length > maxCommandLength) return reply.code(413).send({ error: `a service definition is at most ${maxCommandLength} characters of JSON` });
    const answer = await write(command, request.headers['x-forwarded-by-controller']);
    return reply.code(answer.status).send(answer.body);
  });

  server.delete<{ Params: { name: string } }>(`${base}/services/:name`, async (request, reply) => {
    const answer = await write({ op: 'delete', name: nameOf(request.params) }, request.headers['x-forwarded-by-controller']);
    return reply.code(answer.status).send(answer.body);
  });
}
