/**
 * A token bucket per SCIM token (RFC 6585 §4: 429 with Retry-After). Generous by default;
 * it exists so one misconfigured IdP loop cannot starve every other client.
 */
export interface RateLimiter {
  /** Returns 0 when the request may go on, else the seconds to wait. */
  take(key: string, now: number): number;
}

export function createRateLimiter(perMinute: number): RateLimiter {
  const capacity = perMinute;
  const refillPerMs = perMinute / 60_000;
  const buckets = new Map<string, { tokens: number; at: number }>();
  return {
    take(key, now) {
      let bucket = buckets.get(key);
      if (!bucket) {
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
