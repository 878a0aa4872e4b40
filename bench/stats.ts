/** Nearest-rank percentile (p in 0..100) of a non-empty list. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) throw new Error('percentile of nothing');
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

/** The middle value; the mean of the two middle values for an even count. */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of nothing');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** A deterministic PRNG (mulberry32), so that a run's confidence intervals can be reproduced from its samples. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * 95% bootstrap interval of a statistic of paired samples: the rounds are resampled with
 * replacement (a round keeps all its measurements together) 2,000 times, and the 2.5th and 97.5th
 * percentiles of the statistic are taken. How far the run's figure could move by chance alone.
 */
export function bootstrap95(rounds: number, statistic: (indices: number[]) => number): [number, number] {
  const next = random(rounds * 7919);
  const values: number[] = [];
  for (let iteration = 0; iteration < 2000; iteration += 1) {
    const indices = Array.from({ length: rounds }, () => Math.floor(next() * rounds));
    values.push(statistic(indices));
  }
  return [percentile(values, 2.5), percentile(values, 97.5)];
}
