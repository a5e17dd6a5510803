import { describe, expect, it } from "vitest";
import { plainMessage } from "./message-text";

describe("plainMessage: a lib message as the Admin Center shows it", () => {
  it("drops the CLI command in parentheses: on the page the fix is a control", () => {
    expect(
      plainMessage(
        "acme.example is the last validated domain and user auto-provisioning (UAP) is on: turn UAP off first (`settings set uap off`), then remove the domain",
      ),
    ).toBe(
      "acme.example is the last validated domain and user auto-provisioning (UAP) is on: turn UAP off first, then remove the domain.",
    );
  });

  it("starts a sentence with a capital, but leaves a domain, email or quoted value as typed", () => {
    expect(plainMessage("the token name must not be empty")).toBe("The token name must not be empty.");
    expect(plainMessage('"https://x" is not a valid domain name: give a name like example.com')).toBe(
      '"https://x" is not a valid domain name: give a name like example.com.',
    );
    expect(plainMessage("it@acme.example is not on a validated domain.")).toBe("it@acme.example is not on a validated domain.");
  });

  it("keeps a parenthesis that is not only a command, without its backticks", () => {
    expect(plainMessage("Domain x.example has not been added: add it first (`domain add x.example` or Domains in the Admin Center)")).toBe(
      "Domain x.example has not been added: add it first (domain add x.example or Domains in the Admin Center).",
    );
  });
});
