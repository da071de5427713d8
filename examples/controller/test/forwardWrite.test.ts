import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { forwardWrite } from '../src/consensus/forwardWrite.js';
import { freePorts } from '../src/machinery/cluster/freePorts.js';
import { standInServer as leaderServer } from './support/standInServer.js';

const command = { op: 'put', name: 'echo', value: { port: 8080 } } as const;

const forward = async (address: string) => forwardWrite({ leader: 'ctrl-2', address, from: 'ctrl-1', command, signal: AbortSignal.timeout(5_000) });

describe('forwarding a write to the leader', () => {
  void test("relays the leader's answer", async (t) => {
    const address = await leaderServer(t, (request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ data: { name: 'echo' }, forwardedBy: request.headers['x-forwarded-by-controller'] }));
    });
    assert.deepEqual(await forward(address), { status: 200, body: { data: { name: 'echo' }, forwardedBy: 'ctrl-1' } });
  });

  void test('a write whose answer was lost after it reached the leader says it may have been committed (was: "could not forward")', async (t) => {
    const address = await leaderServer(t, (request) => request.socket.destroy());
    const answer = await forward(address);
    assert.equal(answer.status, 503);
    assert.match((answer.body as { error: string }).error, /forwarded the write to the leader ctrl-2, but its answer was lost .*: it may have been committed; read it back \(GET \/edge\/management\/v1\/services\/echo\) before retrying/);
  });

  void test('a leader that refuses the connection never saw the write: it was not sent', async () => {
    const [closed = 0] = await freePorts(1);
    const answer = await forward(`127.0.0.1:${closed}`);
    assert.equal(answer.status, 503);
    assert.match((answer.body as { error: string }).error, /could not reach the leader ctrl-2 \(.*ECONNREFUSED\): the write was not sent/);
  });
});
