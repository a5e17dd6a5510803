import { CommanderError } from "commander";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { EnvError } from "@/server/env";
import { describeFailure, toJson } from "./output";

describe("describeFailure", () => {
  it("gives each kind of error its --json code and a one-line message", () => {
    const zod = z.object({ page: z.number() }).safeParse({ page: "x" }).error;
    const busy = Object.assign(new Error("database is locked"), { code: "SQLITE_BUSY" });
    const corrupt = Object.assign(new Error("file is not a database"), { code: "SQLITE_NOTADB" });
    expect([
      describeFailure(new AppError("not_found", "No SCIM token has the id x:\n `token list` shows the ids")),
      describeFailure(zod),
      describeFailure(new CommanderError(1, "commander.unknownCommand", "error: unknown command 'domian'")),
      describeFailure(new EnvError("Invalid environment variable PORT: too big")),
      describeFailure(busy),
      describeFailure(corrupt),
      describeFailure(new TypeError("x is undefined")),
      describeFailure("thrown text"),
    ]).toEqual([
      { code: "not_found", message: "No SCIM token has the id x: `token list` shows the ids" },
      { code: "invalid_input", message: "page: Invalid input: expected number, received string" },
      { code: "usage", message: "unknown command 'domian'" },
      { code: "invalid_environment", message: "Invalid environment variable PORT: too big" },
      { code: "database_busy", message: "the database is busy (another process holds its write lock for too long): try again" },
      { code: "database_error", message: "database error (SQLITE_NOTADB): file is not a database; check DATABASE_PATH" },
      { code: "unexpected", message: "unexpected failure: x is undefined" },
      { code: "unexpected", message: "unexpected failure: thrown text" },
    ]);
  });
});

describe("toJson", () => {
  it("prints times under keys ending in At as ISO 8601, nested and in arrays", () => {
    expect(toJson({ createdAt: 0, count: 3, users: [{ lastUsedAt: 86_400_000, at: 5 }], revokedAt: null })).toEqual({
      createdAt: "1970-01-01T00:00:00.000Z",
      count: 3,
      users: [{ lastUsedAt: "1970-01-02T00:00:00.000Z", at: 5 }],
      revokedAt: null,
    });
  });
});
