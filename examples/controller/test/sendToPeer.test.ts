import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { maxAnswerBytes, sendToPeer } from '../src/mesh/sendToPeer.js';
import { standInServer } from './support/standInServer.js';

const send = (address: string) =>
  sendToPeer({ address, type: 'raft', text: '{}', secret: 's', headers: {}, timeoutMs: 5_000 });

describe("sending to a peer: the peer's answer", () => {
  void test('an answer within the limit is read whole', async (t) => {
    const address = await standInServer(t, (_request, response) => response.writeHead(200, { 'content-type': 'application/json' }).end('{"replies":[]}'));
    assert.deepEqual((await send(address)).text, '{"replies":[]}');
  });

  void test('an answer that declares more than the limit is refused unread, naming the peer and the limit', async (t) => {
    const address = await standInServer(t, (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': String(maxAnswerBytes + 1) });
      response.end('x'.repeat(maxAnswerBytes + 1));
    });
    await assert.rejects(send(address), (error: Error) => {
      assert.ok(error.message.includes(address), error.message);
      assert.match(error.message, new RegExp(`answered with ${maxAnswerBytes + 1} bytes, over the ${maxAnswerBytes}-byte limit`));
      return true;
    });
  });

  void test('an answer streamed without a length is cut off once it passes the limit (the peer cannot make this node buffer without bound)', async (t) => {
    let written = 0;
    const address = await standInServer(t, (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      // 16 MiB in 64 KiB chunks, written only as fast as the reader takes them.
      const chunk = 'x'.repeat(64 * 1024);
      const more = (): void => {
        while (written < 256) {
          written += 1;
          if (!response.write(chunk)) return void response.once('drain', more);
        }
        response.end();
      };
      more();
    });
    await assert.rejects(send(address), new RegExp(`answered with more than ${maxAnswerBytes} bytes`));
    assert.ok(written < 256, `the reader stopped the stream early (${written} of 256 chunks written)`);
  });
});
