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
