/**
 * The one way the runtime defers work past the current call. The rule it enforces: a change (a service ready, a
 * failure, `stop()`, `restart()`) takes effect inside the call that causes it — states, availability, events — and
 * the hooks that the change allows to start are started after the call, never inside it. So a caller (a listener,
 * an `onReady` calling `fail()`) never sees another hook run inside its own call.
 *
 * `afterTheCall(work)` runs `work` in a microtask; `await afterTheCall()` resumes an async function there.
 */
export function afterTheCall(work?: () => void): Promise<void> {
  const turn = Promise.resolve();
  if (work !== undefined) void turn.then(work);
  return turn;
}
