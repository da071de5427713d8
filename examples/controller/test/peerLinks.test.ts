import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { OutboundLink, PeerRefusedError } from '../src/mesh/OutboundLink.js';
import { PeerGate } from '../src/mesh/PeerGate.js';
import { PeerKeys, peerHeaders } from '../src/mesh/PeerKeys.js';
import type { PeerAnswer, PeerPost } from '../src/mesh/sendToPeer.js';
import { testKeys } from './support/writeNodeConfig.js';

const keysOf = (id: string, peers: string[]) => new PeerKeys({ id, privateKey: testKeys(id).privateKey, peers: peers.map((peer) => ({ id: peer, publicKey: testKeys(peer).publicKey })) });

/**
 * ctrl-2's side of a link: a PeerGate that admits the message as the web server does and answers with `answer` (the
 * handler's result), signed; `tamper` may replace what goes back, as a listener in the middle would.
 */
function receiver(options: { answer?: (type: string, body: unknown) => unknown; tamper?: (answer: PeerAnswer, index: number) => PeerAnswer } = {}) {
  const gate = new PeerGate(keysOf('ctrl-2', ['ctrl-1', 'ctrl-3']));
  const answers: PeerAnswer[] = [];
  const handled: unknown[] = [];
  const post: PeerPost = async ({ type, text, headers }) => {
    let answer: PeerAnswer;
    try {
      const message = gate.admit(type, headers, text);
      const body = type === 'session' ? gate.open(message) : (handled.push(JSON.parse(text)), options.answer?.(type, JSON.parse(text)) ?? { ok: true });
      const answerText = JSON.stringify(body);
      answer = { status: 200, headers: new Headers({ [peerHeaders.signature]: gate.signAnswer(message, answerText) }), text: answerText };
    } catch (error) {
      const { status, code, message } = error as { status: number; code?: string; message: string };
      answer = { status, headers: new Headers(), text: JSON.stringify({ error: message, code }) };
    }
    answers.push(answer);
    return options.tamper?.(answer, answers.length - 1) ?? answer;
  };
  return { post, answers, handled, gate };
}

const linkFrom1 = (post: PeerPost) => new OutboundLink({ keys: keysOf('ctrl-1', ['ctrl-2', 'ctrl-3']), peer: 'ctrl-2', post });

describe('a link to a peer: answers are the peer’s, and only for the message they answer', () => {
  void test('a message goes on a session the peer issued and its signed answer is returned', async () => {
    const peer = receiver({ answer: (_type, body) => ({ echo: body }) });
    const link = linkFrom1(peer.post);
    assert.deepEqual(await link.send('hello', { n: 1 }), { echo: { n: 1 } });
    assert.deepEqual(await link.send('hello', { n: 2 }), { echo: { n: 2 } });
    assert.equal(peer.answers.length, 3, 'one session request, then two messages on it');
  });

  void test('an answer given to another message is refused: an answer is valid only for the request it answers', async () => {
    // The second message's answer is replaced by the (genuine, signed) answer to the first.
    const peer = receiver({ answer: () => ({ replies: [] }), tamper: (answer, index) => (index === 2 ? (peer.answers[1] ?? answer) : answer) });
    const link = linkFrom1(peer.post);
    await link.send('raft', { n: 1 });
    await assert.rejects(link.send('raft', { n: 2 }), /the answer to a raft message is not signed by ctrl-2 for that message/);
  });

  void test('an unsigned "success", as a listener at a peer’s old address would answer, is refused', async () => {
    const peer = receiver({ tamper: (answer, index) => (index === 0 ? answer : { status: 200, headers: new Headers(), text: '{"ok":true,"replies":[]}' }) });
    await assert.rejects(linkFrom1(peer.post).send('raft', {}), /not signed by ctrl-2/);
  });

  void test('an answer signed by another controller (ctrl-3 answering in ctrl-2’s place) is refused', async () => {
    const impostor = new PeerGate(keysOf('ctrl-3', ['ctrl-1']));
    const peer = receiver({
      tamper: (answer, index) => {
        if (index === 0) return answer;
        const message = { sender: 'ctrl-1', type: 'raft', binding: { session: '', counter: '' } };
        return { ...answer, headers: new Headers({ [peerHeaders.signature]: impostor.signAnswer(message, answer.text) }) };
      },
    });
    await assert.rejects(linkFrom1(peer.post).send('raft', {}), /not signed by ctrl-2/);
  });

  void test('a peer that no longer holds the session (it restarted) gets the message again on a new session, once', async () => {
    let peer = receiver();
    let current = peer.post;
    const link = linkFrom1(async (request, signal) => current(request, signal));
    await link.send('hello', { n: 1 });
    peer = receiver(); // a restarted peer: no sessions
    current = peer.post;
    assert.deepEqual(await link.send('hello', { n: 2 }), { ok: true });
    assert.deepEqual(peer.answers.map((answer) => answer.status), [401, 200, 200], 'refused, a new session, the message again');
    assert.deepEqual(peer.handled, [{ n: 2 }], 'handled once');
  });

  void test('a refusal is a PeerRefusedError with the status (a replay, a limit), not retried', async () => {
    const peer = receiver();
    const refusing: PeerPost = async (request, signal) => (request.type === 'session' ? peer.post(request, signal) : { status: 409, headers: new Headers(), text: '{"error":"replayed"}' });
    await assert.rejects(linkFrom1(refusing).send('raft', {}), (error: unknown) => error instanceof PeerRefusedError && error.status === 409);
  });
});
