// Before the README's probes fragment: `http` stands in for node:http, listening on a free loopback port rather than
// the fixed one the README shows (which anything else on the machine may hold); `app` is a fastify instance.
import * as nodeHttp from 'node:http';
import { fastify } from 'fastify';
import { createProbeHandler, readygraphProbes } from 'readygraph';

const probeServers: nodeHttp.Server[] = [];
const http = {
  createServer(handler: nodeHttp.RequestListener) {
    const server = nodeHttp.createServer(handler);
    probeServers.push(server);
    return { listen: (_port: number) => server.listen(0, '127.0.0.1') };
  },
};
const app = fastify();
