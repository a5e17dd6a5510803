/**
 * A token bucket per key (RFC 6585 §4: 429 with Retry-After): per SCIM token, so one
 * misconfigured IdP loop cannot starve every other client, and per client address for
 * requests without a valid token, so an anonymous flood costs little and logs little.
 */
export interface RateLimiter {
  /** Returns 0 when the request may go on, else the seconds to wait. */
  take(key: string, now: number): number;
}

export interface RateLimiterOptions {
  /** Sustained rate. */
  perMinute: number;
  /** The burst a quiet key may spend at once; default a minute's worth. */
  burst?: number;
  /**
   * Keys kept at most. Client addresses are chosen by the caller, so the map must not grow
   * without bound; past this, keys whose bucket has refilled are forgotten (a forgotten
   * key starts full, which is what it would have been anyway).
   */
  maxKeys?: number;
}

export function createRateLimiter(options: RateLimiterOptions | number): RateLimiter {
  const { perMinute, burst, maxKeys = 10_000 } = typeof options === "number" ? { perMinute: options } : options;
  const capacity = burst ?? perMinute;
  const refillPerMs = perMinute / 60_000;
  const buckets = new Map<string, { tokens: number; at: number }>();

  const prune = (now: number) => {
    for (const [key, bucket] of buckets) {
      if (bucket.tokens + (now - bucket.at) * refillPerMs >= capacity) buckets.delete(key);
    }
    // Every bucket still draining (a spread attack): drop the oldest half rather than grow.
    if (buckets.size >= maxKeys) {
      let drop = Math.ceil(buckets.size / 2);
      for (const key of buckets.keys()) {
        if (drop-- <= 0) break;
        buckets.delete(key);
      }
    }
  };

  return {
    take(key, now) {
      let bucket = buckets.get(key);
      if (!bucket) {
        if (buckets.size >= maxKeys) prune(now);
        bucket = { tokens: capacity, at: now };
        buckets.set(key, bucket);
      }
      bucket.tokens = Math.min(capacity, bucket.tokens + (now - bucket.at) * refillPerMs);
      bucket.at = now;
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return 0;
      }
      return Math.max(1, Math.ceil((1 - bucket.tokens) / refillPerMs / 1000));
    },
  };
}
