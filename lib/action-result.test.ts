import { describe, expect, it } from "vitest";
import { ActionError, fieldError, unwrapResult, type ActionResult } from "./action-result";

describe("unwrapResult", () => {
  it("returns the data of a successful result", () => {
    const result: ActionResult<{ n: number }> = { ok: true, data: { n: 1 } };
    expect(unwrapResult(result)).toEqual({ n: 1 });
  });

  it("throws a failure as an ActionError with its message and field errors", () => {
    const result: ActionResult<never> = { ok: false, error: "the name is required", fieldErrors: { name: ["the name is required"] } };
    let thrown: unknown;
    try {
      unwrapResult(result);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ActionError);
    expect((thrown as ActionError).message).toBe("the name is required");
    expect(fieldError(thrown, "name")).toBe("the name is required");
    expect(fieldError(thrown, "days")).toBeUndefined();
  });

  it("has no field error for an error that is not an ActionError", () => {
    expect(fieldError(new Error("boom"), "name")).toBeUndefined();
  });
});
