import type { NextRequest } from "next/server";
import type { z } from "zod";
import type { ActionResult } from "@/lib/action-result";
import type { AppErrorCode } from "@/lib/errors";
import { currentSession } from "@/app/_auth/require-admin";
import { actionFailure, failureCode, invalidInput, type AdminActionContext, type ActionOptions } from "./admin-action";
import { requestDb } from "./db";
import { openReadConnection } from "@/db/client";

const STATUS: Record<AppErrorCode | "bug", number> = {
  invalid: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  unavailable: 503,
  bug: 500,
};

function json<T>(body: ActionResult<T>, status: number): Response {
  // Each answer is the live state: the browser must never reuse it.
  return Response.json(body, { status, headers: { "Cache-Control": "no-store" } });
}

interface OpenedRoute<Q> {
  query: Q;
  ctx: AdminActionContext;
}

/** What every admin GET starts with: the session (401, not a redirect: the caller is fetch) and the zod parse of the query string (400). */
async function openRoute<S extends z.ZodType>(request: NextRequest, schema: S, options: ActionOptions): Promise<OpenedRoute<z.output<S>> | Response> {
  const session = await currentSession();
  if (session.status !== "open") {
    const error = session.status === "ended" ? "Your session has ended: reload the page to sign in again." : "Sign in as a System Admin first.";
    return json({ ok: false, error }, 401);
  }
  const { admin, sessionSecret } = session;
  const db = await requestDb();
  const parsed = schema.safeParse(Object.fromEntries(request.nextUrl.searchParams));
  if (!parsed.success) return json(invalidInput(parsed.error, options.invalid), 400);
  return { query: parsed.data, ctx: { admin, db, actor: admin.email, sessionSecret } };
}

/**
 * Every Admin Center GET route handler (the reads TanStack Query polls and pages; server
 * actions run one at a time, so reads do not go through them): checks the admin session
 * (401, not a redirect: the caller is fetch), parses the query string with `schema`, runs
 * `handler` (one lib call) and answers lib/action-result's ActionResult as JSON, with the
 * HTTP status of its failure.
 */
export function adminRoute<S extends z.ZodType, T>(
  schema: S,
  handler: (query: z.output<S>, ctx: AdminActionContext) => T | Promise<T>,
  options: ActionOptions = {},
): (request: NextRequest) => Promise<Response> {
  return async (request) => {
    const opened = await openRoute(request, schema, options);
    if (opened instanceof Response) return opened;
    try {
      return json({ ok: true, data: await handler(opened.query, opened.ctx) }, 200);
    } catch (error) {
      return json(actionFailure(error, options.failure), STATUS[failureCode(error)]);
    }
  };
}

/** What a streaming handler answers: a download, produced one chunk at a time. */
export interface StreamedDownload {
  filename: string;
  contentType: string;
  chunks: AsyncIterable<string>;
}

/**
 * adminRoute for a download too big to build in memory (the users CSV at 100,000 users): the
 * same session check and zod parse, then `handler` (one lib call) returns an iterator the
 * response reads as the client takes it. The handler gets a connection of its own, read-only
 * in effect, closed when the stream ends or the client goes: an open SQLite statement keeps
 * its connection from writing, and the shared one must keep taking SCIM and admin writes.
 * A failure before the first chunk answers JSON with its status, as adminRoute does; one
 * after it can only cut the download short (the status was sent).
 */
export function adminStreamRoute<S extends z.ZodType>(
  schema: S,
  handler: (query: z.output<S>, ctx: AdminActionContext) => StreamedDownload,
  options: ActionOptions = {},
): (request: NextRequest) => Promise<Response> {
  return async (request) => {
    const opened = await openRoute(request, schema, options);
    if (opened instanceof Response) return opened;
    const reader = await openReadConnection(opened.ctx.db);
    let closed = false;
    const close = () => {
      if (closed) return;
      closed = true;
      reader.close().catch((error: unknown) => console.error("Closing a download's connection failed:", error));
    };
    let download: StreamedDownload;
    let chunks: AsyncIterator<string>;
    let first: IteratorResult<string>;
    try {
      download = handler(opened.query, { ...opened.ctx, db: reader.db });
      chunks = download.chunks[Symbol.asyncIterator]();
      first = await chunks.next();
    } catch (error) {
      close();
      return json(actionFailure(error, options.failure), STATUS[failureCode(error)]);
    }
    const encoder = new TextEncoder();
    let pending: IteratorResult<string> | null = first;
    const body = new ReadableStream<Uint8Array>({
      // Each pull sends about 64 KB: few enough chunks to be quick, small enough to stay flat in memory.
      async pull(controller) {
        try {
          let text = "";
          while (text.length < 65_536) {
            const next = pending ?? (await chunks.next());
            pending = null;
            if (next.done) {
              if (text) controller.enqueue(encoder.encode(text));
              controller.close();
              close();
              return;
            }
            text += next.value;
          }
          controller.enqueue(encoder.encode(text));
        } catch (error) {
          console.error(`${options.failure ?? "A download"} failed while streaming:`, error);
          close();
          controller.error(error);
        }
      },
      async cancel() {
        await chunks.return?.();
        close();
      },
    });
    const filename = download.filename.replace(/[^\w.-]/g, "_");
    return new Response(body, {
      status: 200,
      headers: {
        "Content-Type": download.contentType,
        "Content-Disposition": `attachment; filename="${filename}"`,
        "Cache-Control": "no-store",
      },
    });
  };
}
