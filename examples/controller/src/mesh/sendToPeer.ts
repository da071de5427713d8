/** A peer answered with an error status (it is up, but refused or could not take the message). */
class PeerRefusedError extends Error {
  public override readonly name = 'PeerRefusedError';

  public constructor(
    public readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The largest answer read from a peer: as large as the largest request body a controller accepts (the web server's
 * 64 KiB limit). A legitimate answer (a hello's, or the raft replies to one message) is far smaller; a larger one is
 * refused without being read to its end, so a peer cannot make this node buffer without bound.
 */
export const maxAnswerBytes = 64 * 1024;

/**
 * Sends one message to a peer's endpoint (`POST http://<address>/mesh/v1/<type>` with the cluster secret, signed
 * with `sign`) and returns its JSON reply. Rejects on a network error, a timeout or `signal`, or a non-2xx answer
 * (PeerRefusedError), or an answer over `maxAnswerBytes`.
 */
export async function sendToPeer(options: {
  address: string;
  type: string;
  body: unknown;
  secret: string;
  /** The signature headers of the exact body text (PeerKeys.sign). */
  sign: (text: string) => Record<string, string>;
  timeoutMs: number;
  signal?: AbortSignal;
  /** Default {@link maxAnswerBytes}. */
  maxAnswerBytes?: number;
}): Promise<unknown> {
  const signals = [AbortSignal.timeout(options.timeoutMs), ...(options.signal === undefined ? [] : [options.signal])];
  const text = JSON.stringify(options.body);
  const response = await fetch(`http://${options.address}/mesh/v1/${encodeURIComponent(options.type)}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${options.secret}`, 'content-type': 'application/json', ...options.sign(text) },
    body: text,
    signal: AbortSignal.any(signals),
  });
  const reply = await readAnswer(response, options.address, options.maxAnswerBytes ?? maxAnswerBytes);
  if (!response.ok) throw new PeerRefusedError(response.status, `peer ${options.address} answered ${response.status}: ${reply.slice(0, 200)}`);
  return reply === '' ? undefined : (JSON.parse(reply) as unknown);
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
