/** A source of uniform numbers in `[0, 1)`, like `Math.random`; injected so elections replay under a seed. */
export type Random = () => number;

/**
 * A deterministic {@link Random} (Marsaglia's xorshift32). Good enough to spread election timeouts and to drive a
 * simulation; not for anything secret.
 */
export function seededRandom(seed: number): Random {
  // xorshift never leaves the all-zero state, so a zero seed is replaced by an arbitrary non-zero constant.
  let state = seed >>> 0 || 0x9e3779b9;
  return () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 0x1_0000_0000;
  };
}
