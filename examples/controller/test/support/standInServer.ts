import { createServer, type Server } from 'node:http';
import type { TestContext } from 'node:test';

/**
 * A stand-in for another controller's endpoint on loopback, closed after the test; `answer` handles each request once
 * its body has arrived. Resolves with its `host:port`.
 */
export async function standInServer(t: TestContext, answer: Parameters<typeof createServer>[1]): Promise<string> {
  const server: Server = createServer((request, response) => {
    request.resume();
    request.once('end', () => answer?.(request, response));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => {
    server.closeAllConnections();
    server.close();
  });
  const address = server.address();
  return `127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
}
