/**
 * For tests: runs `fn` and returns the error it throws, which must be a `type` (an
 * AppError, a ScimError…); anything else, or nothing thrown, fails the test.
 */
export function thrownBy<E extends Error>(type: abstract new (...args: never[]) => E, fn: () => unknown): E {
  try {
    fn();
  } catch (error) {
    if (error instanceof type) return error;
    throw error;
  }
  throw new Error(`expected ${type.name} to be thrown, but nothing was thrown`);
}

/** thrownBy for an async `fn`: the error it rejects with (or throws), which must be a `type`; anything else, or nothing, fails the test. */
export async function thrownByAsync<E extends Error>(type: abstract new (...args: never[]) => E, fn: () => Promise<unknown>): Promise<E> {
  try {
    await fn();
  } catch (error) {
    if (error instanceof type) return error;
    throw error;
  }
  throw new Error(`expected ${type.name} to be thrown, but nothing was thrown`);
}
