import type { WriteAnswer } from './RaftGateway.js';
import type { ServiceCommand } from './serviceCommandSchema.js';

/**
 * Sends a write to the leader's management API (`http://<address>`) and relays its answer. When no answer comes back,
 * the 503 says what is known: a refused connection means the write was never sent; any other failure (a reset, a
 * timeout, a garbled answer) came after the leader may have appended it, so it may have been committed, and the
 * client should read it back before writing again (a PUT or DELETE may simply be repeated: both are idempotent).
 */
export async function forwardWrite(options: { leader: string; address: string; from: string; command: ServiceCommand; signal: AbortSignal }): Promise<WriteAnswer> {
  const { leader, command } = options;
  const path = `/edge/management/v1/services/${encodeURIComponent(command.name)}`;
  try {
    const response = await fetch(`http://${options.address}${path}`, {
      method: command.op === 'put' ? 'PUT' : 'DELETE',
      headers: { 'x-forwarded-by-controller': options.from, ...(command.op === 'put' ? { 'content-type': 'application/json' } : {}) },
      ...(command.op === 'put' ? { body: JSON.stringify(command.value) } : {}),
      signal: options.signal,
    });
    const text = await response.text();
    return { status: response.status, body: text === '' ? undefined : (JSON.parse(text) as unknown) };
  } catch (error) {
    const reason = describe(error);
    if (reason.includes('ECONNREFUSED')) {
      return { status: 503, body: { error: `could not reach the leader ${leader} (${reason}): the write was not sent; retry it` } };
    }
    return {
      status: 503,
      body: { error: `forwarded the write to the leader ${leader}, but its answer was lost (${reason}): it may have been committed; read it back (GET ${path}) before retrying` },
    };
  }
}

/** The error's message and, for fetch's "fetch failed", its cause's (where the connection error is). */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${(error.cause as NodeJS.ErrnoException).code ?? error.cause.message}` : '';
  return `${error.message}${cause}`;
}
