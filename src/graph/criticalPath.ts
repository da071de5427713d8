/** Timing of one service for {@link criticalPath}: when it ended (ready or failed), if it did. */
export interface ServiceTiming {
  readonly endedAt?: number | undefined;
}

/**
 * The chain of services that decided the total start time, first to last (like `systemd-analyze critical-chain`):
 * begin at the service that ended last, and step back each time to the dependency that ended last before it
 * started, i.e. the one it was actually waiting for. Pure.
 *
 * @param timings per service index
 * @param dependenciesOf the services (indices) a service waits for, layers looked through
 */
export function criticalPath(timings: readonly ServiceTiming[], dependenciesOf: (service: number) => readonly number[]): number[] {
  let last = -1;
  timings.forEach((timing, index) => {
    if (timing.endedAt !== undefined && (last < 0 || timing.endedAt > (timings[last]?.endedAt ?? -Infinity))) last = index;
  });
  const path: number[] = [];
  const seen = new Set<number>();
  for (let current = last; current >= 0 && !seen.has(current); ) {
    seen.add(current);
    path.push(current);
    let next = -1;
    for (const dependency of dependenciesOf(current)) {
      const ended = timings[dependency]?.endedAt;
      if (ended !== undefined && (next < 0 || ended > (timings[next]?.endedAt ?? -Infinity))) next = dependency;
    }
    current = next;
  }
  return path.reverse();
}
