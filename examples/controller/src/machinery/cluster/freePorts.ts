import { createServer, type Server } from 'node:net';

/**
 * `count` distinct TCP ports that are free on 127.0.0.1 right now: each is bound (port 0: the kernel picks) and
 * released. The servers are open together, so the ports differ. Another process could take one before it is used;
 * on a developer machine's loopback that is rare, and the controller then fails to start with EADDRINUSE, loudly.
 */
export async function freePorts(count: number): Promise<number[]> {
  const servers: Server[] = [];
  try {
    for (let index = 0; index < count; index++) {
      const server = createServer();
      servers.push(server);
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(0, '127.0.0.1', resolve);
      });
    }
    return servers.map((server) => {
      const address = server.address();
      if (address === null || typeof address === 'string') throw new Error('a TCP server has no port');
      return address.port;
    });
  } finally {
    await Promise.all(servers.map(async (server) => new Promise((resolve) => server.close(resolve))));
  }
}
