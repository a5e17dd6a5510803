import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { parseInput } from "@/lib/parse-input";
import { AppError } from "@/lib/errors";
import { createTokenInputSchema } from "@/lib/tokens/create-token";
import { actionFailure, failureCode, invalidInput } from "./admin-action";

describe("actionFailure", () => {
  it("answers an AppError's message as the next step", () => {
    expect(actionFailure(new AppError("conflict", "revoke one first"))).toEqual({ ok: false, error: "revoke one first" });
    expect(failureCode(new AppError("conflict", "revoke one first"))).toBe("conflict");
  });

  it("keeps the field errors of input lib's parseInput refused", () => {
    let thrown: unknown;
    try {
      parseInput(createTokenInputSchema, { name: " ", expiresInDays: 0 });
    } catch (error) {
      thrown = error;
    }
    expect(actionFailure(thrown)).toEqual({
      ok: false,
      error: "the token name must not be empty; expires-in-days must be at least 1",
      fieldErrors: { name: ["the token name must not be empty"], expiresInDays: ["expires-in-days must be at least 1"] },
    });
  });

  it("answers a zod error a lib call threw as refused input", () => {
    const error = z.email({ error: "Give an email address" }).safeParse("nope").error!;
    expect(actionFailure(error)).toEqual({ ok: false, error: "Give an email address" });
    expect(failureCode(error)).toBe("invalid");
  });

  it("logs anything else as a bug and says nothing was changed", () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    expect(actionFailure(new Error("boom"), "Saving the seat")).toEqual({
      ok: false,
      error: "Saving the seat failed unexpectedly, and nothing was changed. Try again; if it keeps failing, the server log has the details.",
    });
    expect(log).toHaveBeenCalledWith("Saving the seat failed:", expect.any(Error));
    expect(failureCode(new Error("boom"))).toBe("bug");
    log.mockRestore();
  });
});

describe("invalidInput", () => {
  const schema = z.object({ name: z.string().min(1, "Enter a name."), days: z.number({ error: "Enter a number." }) });

  it("answers the first message and every field's messages", () => {
    expect(invalidInput(schema.safeParse({ name: "" }).error!)).toEqual({
      ok: false,
      error: "Enter a name.",
      fieldErrors: { name: ["Enter a name."], days: ["Enter a number."] },
    });
  });

  it("answers the action's own message when it has one", () => {
    expect(invalidInput(schema.safeParse({ name: "", days: 1 }).error!, "Some fields need a change: see below.")).toEqual({
      ok: false,
      error: "Some fields need a change: see below.",
      fieldErrors: { name: ["Enter a name."] },
    });
  });

  it("has no field errors for a refused value that is not an object", () => {
    expect(invalidInput(z.void().safeParse(1).error!)).toEqual({ ok: false, error: expect.any(String) });
  });
});
