import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { forwardWrite } from '../src/consensus/forwardWrite.js';
import { freePorts } from '../src/machinery/cluster/freePorts.js';
import { PeerRefusedError } from '../src/mesh/OutboundLink.js';

const command = { op: 'put', name: 'echo', value: { port: 8080 } } as const;

const forward = async (send: () => Promise<unknown>) => forwardWrite({ leader: 'ctrl-2', command, send });
const errorOf = (answer: { body: unknown }) => (answer.body as { error: string }).error;

describe('forwarding a write to the leader (a signed peer message)', () => {
  void test("relays the leader's answer", async () => {
    const sent: unknown[] = [];
    const answer = await forwardWrite({ leader: 'ctrl-2', command, send: async (write) => (sent.push(write), { status: 200, body: { data: { name: 'echo' } } }) });
    assert.deepEqual(answer, { status: 200, body: { data: { name: 'echo' } } });
    assert.deepEqual(sent, [command]);
  });

  void test('a write whose answer was lost after it reached the leader says it may have been committed', async () => {
    const reset = Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }) });
    const answer = await forward(async () => Promise.reject(reset));
    assert.equal(answer.status, 503);
    assert.match(errorOf(answer), /forwarded the write to the leader ctrl-2, but its answer was lost .*UND_ERR_SOCKET.*: it may have been committed; read it back \(GET \/edge\/management\/v1\/services\/echo\) before retrying/);
  });

  void test('an answer that is not a write answer may have been committed too', async () => {
    const answer = await forward(async () => ({ ok: true }));
    assert.match(errorOf(answer), /may have been committed/);
  });

  void test('a leader that refuses the connection, or refuses the message before handling it (409), never took the write', async () => {
    const [closed = 0] = await freePorts(1);
    const refused = await forward(async () => fetch(`http://127.0.0.1:${closed}/`));
    assert.equal(refused.status, 503);
    assert.match(errorOf(refused), /could not reach the leader ctrl-2 \(.*ECONNREFUSED\): the write was not sent/);
    const replayed = await forward(async () => Promise.reject(new PeerRefusedError(409, 'peer ctrl-2 answered 409: replayed')));
    assert.match(errorOf(replayed), /the write was not sent/);
    const crashed = await forward(async () => Promise.reject(new PeerRefusedError(500, 'peer ctrl-2 answered 500')));
    assert.match(errorOf(crashed), /may have been committed/, 'a 500 may come after the leader appended it');
  });
});
