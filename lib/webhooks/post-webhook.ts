/**
 * One HTTP attempt of a delivery: the only I/O of lib/webhooks, with `fetch` passed in (tests
 * and the adapters give the global one). Redirects are not followed: a signed body must reach
 * the URL the admin entered, not wherever a response points.
 */
export interface PostWebhookInput {
  url: string;
  body: string;
  headers: Record<string, string>;
  timeoutMs: number;
  fetch?: typeof fetch;
}

export interface WebhookAttemptResult {
  httpStatus: number | null;
  /** The first bytes of the response body, as text. */
  responseExcerpt: string | null;
  /** Why there was no usable answer (timeout, refused connection, redirect), in words. */
  error: string | null;
  durationMs: number;
}

export const RESPONSE_EXCERPT_BYTES = 1024;

async function readExcerpt(response: Response): Promise<string> {
  if (!response.body) return "";
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  while (size < RESPONSE_EXCERPT_BYTES) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.byteLength;
  }
  // The rest is not wanted: a receiver streaming a large page must not hold the worker.
  await reader.cancel().catch(() => undefined);
  return new TextDecoder().decode(Buffer.concat(chunks).subarray(0, RESPONSE_EXCERPT_BYTES));
}

function describeError(error: unknown, timedOut: boolean, timeoutMs: number): string {
  if (timedOut) return `No response within ${timeoutMs / 1000} s: the request was abandoned.`;
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  if (cause?.code) return `Could not reach the receiver (${cause.code}${cause.message ? `: ${cause.message}` : ""}).`;
  return `Could not reach the receiver (${error instanceof Error ? error.message : String(error)}).`;
}

export async function postWebhook({ url, body, headers, timeoutMs, fetch: fetchImpl = fetch }: PostWebhookInput): Promise<WebhookAttemptResult> {
  const started = performance.now();
  const controller = new AbortController();
  let timedOut = false;
  // One deadline for the answer and the excerpt: a receiver that sends headers then stalls is a timeout too.
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  const elapsed = () => Math.round(performance.now() - started);
  try {
    const response = await fetchImpl(url, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body,
      redirect: "manual",
      signal: controller.signal,
    });
    const excerpt = await readExcerpt(response);
    const redirect = response.status >= 300 && response.status < 400;
    return {
      httpStatus: response.status,
      responseExcerpt: excerpt,
      error: redirect
        ? `The receiver answered with a redirect (${response.status}${response.headers.get("location") ? ` to ${response.headers.get("location")}` : ""}), which is not followed: enter the final URL.`
        : null,
      durationMs: elapsed(),
    };
  } catch (error) {
    return { httpStatus: null, responseExcerpt: null, error: describeError(error, timedOut, timeoutMs), durationMs: elapsed() };
  } finally {
    clearTimeout(timer);
  }
}
