/**
 * Resolves once `condition()` holds: checked now, then whenever the owner of `watchers` calls them (after every
 * change that may make it true; a watcher removes itself, which is fine while a Set is iterated). Rejects with the
 * signal's reason when `signal` aborts first; nothing is left registered either way.
 */
export async function untilTrue(condition: () => boolean, watchers: Set<() => void>, signal: AbortSignal): Promise<void> {
  signal.throwIfAborted();
  if (condition()) return;
  await new Promise<void>((resolve, reject) => {
    const check = () => {
      if (condition()) finish(resolve);
    };
    const abort = () => finish(() => reject(signal.reason as Error));
    const finish = (settle: () => void) => {
      watchers.delete(check);
      signal.removeEventListener('abort', abort);
      settle();
    };
    watchers.add(check);
    signal.addEventListener('abort', abort, { once: true });
  });
}
