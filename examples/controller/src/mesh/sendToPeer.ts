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
 * Sends one message to a peer's endpoint (`POST http://<address>/mesh/v1/<type>` with the cluster secret, signed
 * with `sign`) and returns its JSON reply. Rejects on a network error, a timeout or `signal`, or a non-2xx answer
 * (PeerRefusedError).
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
}): Promise<unknown> {
  const signals = [AbortSignal.timeout(options.timeoutMs), ...(options.signal === undefined ? [] : [options.signal])];
  const text = JSON.stringify(options.body);
  const response = await fetch(`http://${options.address}/mesh/v1/${encodeURIComponent(options.type)}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${options.secret}`, 'content-type': 'application/json', ...options.sign(text) },
    body: text,
    signal: AbortSignal.any(signals),
  });
  const reply = await response.text();
  if (!response.ok) throw new PeerRefusedError(response.status, `peer ${options.address} answered ${response.status}: ${reply.slice(0, 200)}`);
  return reply === '' ? undefined : (JSON.parse(reply) as unknown);
}
