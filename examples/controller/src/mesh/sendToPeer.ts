import { maxBodyBytes } from '../consensus/replicationLimits.js';

/**
 * The largest answer read from a peer: as large as the largest request body a controller accepts (the web server's
 * 64 KiB limit). A legitimate answer (a hello's, or the raft replies to one message) is far smaller; a larger one is
 * refused without being read to its end, so a peer cannot make this node buffer without bound.
 */
export const maxAnswerBytes = maxBodyBytes;

/** A peer's answer as it arrived: its status, headers and text (checked by OutboundLink). */
export interface PeerAnswer {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
}

/** Posts one signed message (its type, exact text and signature headers) to a peer; the transport of OutboundLink. */
export type PeerPost = (
  request: { readonly type: string; readonly text: string; readonly headers: Record<string, string> },
  signal?: AbortSignal,
  /** How long to wait for the answer, when not the transport's default. */
  timeoutMs?: number,
) => Promise<PeerAnswer>;

/**
 * Posts one message to a peer's endpoint (`POST http://<address>/mesh/v1/<type>` with the cluster secret and the
 * signature headers) and returns its answer, whatever its status. Rejects on a network error, a timeout or `signal`,
 * or an answer over `maxAnswerBytes`.
 */
export async function sendToPeer(options: {
  address: string;
  type: string;
  text: string;
  secret: string;
  headers: Record<string, string>;
  timeoutMs: number;
  signal?: AbortSignal | undefined;
  /** Default {@link maxAnswerBytes}. */
  maxAnswerBytes?: number;
}): Promise<PeerAnswer> {
  const signals = [AbortSignal.timeout(options.timeoutMs), ...(options.signal === undefined ? [] : [options.signal])];
  const response = await fetch(`http://${options.address}/mesh/v1/${encodeURIComponent(options.type)}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${options.secret}`, 'content-type': 'application/json', ...options.headers },
    body: options.text,
    signal: AbortSignal.any(signals),
  });
  const text = await readAnswer(response, options.address, options.maxAnswerBytes ?? maxAnswerBytes);
  return { status: response.status, headers: response.headers, text };
}

/** The answer's text, read only up to `limit` bytes (by its declared length, then by what arrives). */
async function readAnswer(response: Response, address: string, limit: number): Promise<string> {
  const tooLarge = (size: string): Error =>
    new Error(`peer ${address} answered with ${size}, over the ${limit}-byte limit of an answer; the answer was dropped unread`);
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (declared > limit) {
    await response.body?.cancel();
    throw tooLarge(`${declared} bytes`);
  }
  if (response.body === null) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of response.body) {
    size += chunk.byteLength;
    if (size > limit) {
      await response.body.cancel().catch(() => undefined);
      throw tooLarge(`more than ${limit} bytes`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}
