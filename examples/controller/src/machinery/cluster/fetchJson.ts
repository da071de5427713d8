/** GETs `url` and parses its JSON body; rejects on a network error, a timeout, or a body that is not JSON. */
export async function fetchJson(url: string, timeoutMs = 2_000): Promise<{ status: number; body: unknown }> {
  const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  return { status: response.status, body: await response.json() };
}
