/** An interval in milliseconds, measured on one clock. */
export interface Interval {
  readonly from: number;
  readonly to: number;
}

/**
 * The longest interval between `from` and `to` that holds none of `times` (sorted or not): the longest stretch
 * without an acknowledged write, counting from the start and up to the end. Times outside `[from, to]` are ignored.
 */
export function longestGap(times: readonly number[], from: number, to: number): Interval {
  const inside = times.filter((time) => time >= from && time <= to).sort((a, b) => a - b);
  let longest: Interval = { from, to: from };
  let previous = from;
  for (const time of [...inside, to]) {
    if (time - previous > longest.to - longest.from) longest = { from: previous, to: time };
    previous = time;
  }
  return longest;
}
