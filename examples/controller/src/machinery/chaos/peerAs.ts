import { randomBytes } from 'node:crypto';
import { newSession, PeerKeys, peerHeaders } from '../../mesh/PeerKeys.js';

/** One raw peer request: its type, exact text and headers (without the cluster secret), to send or to replay. */
export interface RawPeerRequest {
  readonly type: string;
  readonly text: string;
  readonly headers: Record<string, string>;
}

/** How a test delivers a raw request: over HTTP to a controller process, or by `server.inject`. */
export type RawPost = (request: RawPeerRequest) => Promise<{ readonly status: number; readonly text: string; readonly signature: string | undefined }>;

/** What came back: the status, the JSON body (or the text), whether the answer is signed for the request, and the request. */
export interface PeerAnswerSeen {
  readonly status: number;
  readonly body: unknown;
  readonly signed: boolean;
  readonly request: RawPeerRequest;
}

/**
 * A test speaking as controller `from` to `to` with `from`'s own key, as an insider would: it opens a session the way a
 * controller does, numbers and signs every message, and keeps each raw request so that the test can replay it.
 */
export function peerAs(options: { readonly from: string; readonly privateKey: string; readonly to: string; readonly toPublicKey: string; readonly post: RawPost }) {
  const keys = new PeerKeys({ id: options.from, privateKey: options.privateKey, peers: [{ id: options.to, publicKey: options.toPublicKey }] });
  let session: { id: string; counter: number } | undefined;
  const deliver = async (request: RawPeerRequest, binding: { session: string; counter: string }): Promise<PeerAnswerSeen> => {
    const answer = await options.post(request);
    let body: unknown = answer.text;
    try {
      body = JSON.parse(answer.text);
    } catch {
      // plain text
    }
    let signed = false;
    try {
      keys.verifyAnswer(options.to, request.type, binding, answer.text, answer.signature ?? null);
      signed = true;
    } catch {
      signed = false;
    }
    return { status: answer.status, body, signed, request };
  };
  const api = {
    /** Asks `to` for a new session (every later message goes on it); resolves with the answer. */
    async openSession(): Promise<PeerAnswerSeen> {
      const binding = { session: newSession, counter: randomBytes(16).toString('base64url') };
      const text = '{}';
      const answer = await deliver({ type: 'session', text, headers: { 'content-type': 'application/json', ...keys.signRequest(options.to, 'session', binding, text) } }, binding);
      const id = (answer.body as { session?: unknown } | undefined)?.session;
      if (answer.status === 200 && typeof id === 'string') session = { id, counter: 0 };
      return answer;
    },
    /** Signs `body` (a value, or text sent as is) as the next message on the session, opening one first if needed; sends nothing. */
    async prepare(type: string, body: unknown, extraHeaders: Record<string, string> = {}): Promise<RawPeerRequest> {
      if (session === undefined) await api.openSession();
      const current = session ?? { id: 'none-none-none-none-no', counter: 0 };
      const binding = { session: current.id, counter: String(++current.counter) };
      const text = typeof body === 'string' ? body : JSON.stringify(body);
      return { type, text, headers: { 'content-type': 'application/json', ...keys.signRequest(options.to, type, binding, text), ...extraHeaders } };
    },
    /**
     * Sends `body` as the next message on the session (see prepare). The controller whose key this is runs too, and
     * its own session replaces this one: a message refused for that (401 `unknown-session`) is sent once more on a
     * new session, as a controller does.
     */
    async send(type: string, body: unknown, extraHeaders: Record<string, string> = {}): Promise<PeerAnswerSeen> {
      const answer = await api.replay(await api.prepare(type, body, extraHeaders));
      if (answer.status !== 401 || (answer.body as { code?: unknown } | undefined)?.code !== 'unknown-session') return answer;
      await api.openSession();
      return api.replay(await api.prepare(type, body, extraHeaders));
    },
    /** Sends a request exactly as it was sent before (the same bytes, the same signature). */
    async replay(request: RawPeerRequest): Promise<PeerAnswerSeen> {
      return deliver(request, { session: request.headers[peerHeaders.session] ?? '', counter: request.headers[peerHeaders.counter] ?? '' });
    },
  };
  return api;
}

/** A RawPost over HTTP to the controller at `url` (e.g. `http://127.0.0.1:41234`), with the cluster secret. */
export function httpPost(url: () => string, secret: string): RawPost {
  return async (request) => {
    const response = await fetch(`${url()}/mesh/v1/${request.type}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${secret}`, ...request.headers },
      body: request.text,
      signal: AbortSignal.timeout(10_000),
    });
    return { status: response.status, text: await response.text(), signature: response.headers.get(peerHeaders.signature) ?? undefined };
  };
}
