/** A peer answered with an error status (it is up, but refused or could not take the message). */
export class PeerRefusedError extends Error {
  public override readonly name = 'PeerRefusedError';

  public constructor(
    public readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Sends one message to a peer's endpoint (`POST http://<address>/mesh/v1/<type>` with the cluster secret) and
 * returns its JSON reply. Rejects on a network error, a timeout or `signal`, or a non-2xx answer (PeerRefusedError).
 */
export async function sendToPeer(options: {
  address: string;
  type: string;
  body: unknown;
  secret: string;
  timeoutMs: number;
  signal?: AbortSignal;
}): Promise<unknown> {
  const signals = [AbortSignal.timeout(options.timeoutMs), ...(options.signal === undefined ? [] : [options.signal])];
  const response = await fetch(`http://${options.address}/mesh/v1/${encodeURIComponent(options.type)}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${options.secret}`, 'content-type': 'application/json' },
    body: JSON.stringify(options.body),
    signal: AbortSignal.any(signals),
  });
  const text = await response.text();
  if (!response.ok) throw new PeerRefusedError(response.status, `peer ${options.address} answered ${response.status}: ${text.slice(0, 200)}`);
  return text === '' ? undefined : (JSON.parse(text) as unknown);
}
