/**
 * `sso …`: the plan's single sign-on connection from the shell (README "Single sign-on"),
 * the same use cases as Security & Controls › Single sign-on. The OIDC client secret never
 * comes from argv (shell history, `ps`): the first line of stdin, or a prompt without echo.
 */
import { readFileSync } from "node:fs";
import type { Command } from "commander";
import { AppError } from "@/lib/errors";
import { certificateExpiryText } from "@/lib/sso/describe-certificate";
import { checkSsoConnection } from "@/lib/sso/check-sso-connection";
import { getSsoSettings } from "@/lib/sso/get-sso-settings";
import { saveOidcConnection } from "@/lib/sso/save-oidc-connection";
import { saveSamlConnection } from "@/lib/sso/save-saml-connection";
import { setSsoEnabled } from "@/lib/sso/set-sso-enabled";
import { setSsoOptions } from "@/lib/sso/set-sso-options";
import { ACTOR, type CliContext } from "../context";
import { numberArgument, onOff, run, showTime } from "../output";

function readFile(path: string, what: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new AppError("invalid", `cannot read the ${what} file ${path}${code === "ENOENT" ? ": no such file" : code ? ` (${code})` : ""}`);
  }
}

function onOffArgument(raw: unknown, what: string): boolean | undefined {
  if (raw === undefined) return undefined;
  if (raw === "on") return true;
  if (raw === "off") return false;
  throw new AppError("invalid", `${what} must be on or off, not ${JSON.stringify(raw)}`);
}

function secretBoxKey(context: CliContext) {
  if (!context.secretBoxKey) throw new AppError("unavailable", "this CLI was started without the server's secret (AUTH_SECRET or data/auth-secret)");
  return context.secretBoxKey();
}

function origin(context: CliContext): string {
  return context.publicOrigin?.() ?? "http://localhost:3000";
}

/** `sso show` as text: what is connected, our values for the IdP, the certificates with their expiry. */
function showText(view: Awaited<ReturnType<typeof getSsoSettings>>): string {
  const lines: string[] = [];
  const c = view.connection;
  if (!c) {
    lines.push("No SSO connection yet: `sso set-saml --metadata FILE` or `sso set-oidc --issuer URL --client-id ID`");
  } else {
    lines.push(`Single sign-on: ${onOff(c.enabled)} (${c.protocol === "saml" ? "SAML 2.0" : "OpenID Connect"}, IdP "${c.idpName}")`);
    if (c.missing.length > 0) lines.push(`  missing before it can be turned on: ${c.missing.join(", ")}`);
    if (c.protocol === "saml") {
      lines.push(`  IdP entity ID:   ${c.saml.entityId ?? "-"}`, `  IdP SSO URL:     ${c.saml.ssoUrl ?? "-"}`);
      c.saml.certificates.forEach((cert, i) => {
        lines.push(`  certificate ${i + 1}:   ${cert.subject}, ${certificateExpiryText(cert)}${cert.status === "valid" ? "" : ` [${cert.status}]`}`, `                   SHA-256 ${cert.fingerprint256}`);
      });
      lines.push(`  IdP-initiated:   ${onOff(c.saml.allowIdpInitiated)}`);
    } else {
      lines.push(
        `  issuer:          ${c.oidc.issuer ?? "-"}`,
        `  client ID:       ${c.oidc.clientId ?? "-"}`,
        `  client secret:   ${c.oidc.secretSaved ? `saved${c.oidc.secretSavedAt ? ` on ${showTime(c.oidc.secretSavedAt)}` : ""} (never shown)` : "not saved"}`,
      );
    }
    lines.push(`  clock skew:      ${c.clockSkewSeconds} s`, `  changed:         ${showTime(c.updatedAt)} by ${c.updatedBy}`);
  }
  const ours: [string, string][] = [
    ["SAML entity ID (Audience URI)", view.sp.entityId],
    ["SAML ACS URL (Single sign-on URL)", view.sp.acsUrl],
    ["NameID format", view.sp.nameIdFormat],
    ["SP metadata", view.sp.metadataUrl],
    ["OIDC redirect URI", view.sp.oidcRedirectUri],
    ["sign-in URL", view.sp.signInUrl],
  ];
  const width = Math.max(...ours.map(([label]) => label.length)) + 2;
  lines.push("Our values for the IdP:", ...ours.map(([label, value]) => `  ${`${label}:`.padEnd(width)}${value}`));
  if (view.validatedDomains.length === 0) lines.push("Note: no validated domain yet: plan users are sent to the IdP by their email's validated domain (`domain add`).");
  return lines.join("\n");
}

export function registerSsoCommands(program: Command, context: CliContext): void {
  const sso = program.command("sso").description("single sign-on (SAML 2.0 or OpenID Connect) for plan users and System Admins");

  sso
    .command("show")
    .description("the SSO connection, our values for the IdP and the certificates' expiry (never the client secret)")
    .action(
      run(async () => {
        const view = await getSsoSettings((await context.db()), { origin: origin(context), now: Date.now() });
        // --json: the certificates without their PEM text, which scripts rarely want and people never read.
        const json = view.connection
          ? { ...view, connection: { ...view.connection, saml: { ...view.connection.saml, certificates: view.connection.saml.certificates.map(({ pem: _pem, ...rest }) => rest) } } }
          : view;
        return { json, text: showText(view) };
      }),
    );

  sso
    .command("set-saml")
    .description("connect a SAML 2.0 IdP from its metadata XML, or from its entity ID, SSO URL and certificate(s); makes SAML the active protocol")
    .option("--metadata <file>", "the IdP's metadata XML (Okta: Identity Provider metadata; Entra: Federation Metadata XML)")
    .option("--entity-id <id>", "the IdP's entity ID (Okta: Identity Provider Issuer; Entra: Microsoft Entra Identifier)")
    .option("--sso-url <url>", "the IdP's single sign-on URL, HTTP-Redirect (Okta: Identity Provider Single Sign-On URL; Entra: Login URL)")
    .option("--certificate <file>", "a PEM signing certificate file; give it twice during a rotation", (value: string, previous: string[] = []) => [...previous, value])
    .option("--idp-name <name>", "what plan users see the IdP called, e.g. Okta")
    .action(
      run(async (_args, options) => {
        const metadata = options.metadata as string | undefined;
        const fields = options.entityId !== undefined || options.ssoUrl !== undefined || options.certificate !== undefined;
        if (metadata !== undefined && fields) throw new AppError("invalid", "give either --metadata FILE or --entity-id, --sso-url and --certificate, not both");
        if (metadata === undefined && !fields) throw new AppError("invalid", "give --metadata FILE, or --entity-id ID --sso-url URL --certificate FILE");
        const idpName = options.idpName as string | undefined;
        const row = await saveSamlConnection(
          (await context.db()),
          metadata !== undefined
            ? { metadataXml: readFile(metadata, "metadata"), ...(idpName === undefined ? {} : { idpName }) }
            : {
                entityId: (options.entityId as string | undefined) ?? "",
                ssoUrl: (options.ssoUrl as string | undefined) ?? "",
                certificates: ((options.certificate as string[] | undefined) ?? []).map((file) => readFile(file, "certificate")),
                ...(idpName === undefined ? {} : { idpName }),
              },
          ACTOR,
        );
        return {
          json: { protocol: row.protocol, enabled: row.enabled, idpName: row.idpName, entityId: row.samlIdpEntityId, ssoUrl: row.samlSsoUrl, certificates: row.samlCertificates.length },
          text: `Saved the SAML connection to ${row.samlIdpEntityId} (${row.samlCertificates.length} certificate${row.samlCertificates.length === 1 ? "" : "s"}); SAML is the active protocol. Single sign-on is ${onOff(row.enabled)}${row.enabled ? "" : ": run `sso test`, then `sso on`"}`,
        };
      }),
    );

  sso
    .command("set-oidc")
    .description("connect an OpenID Provider (checked by discovery); the client secret is read from stdin's first line or a prompt; makes OIDC the active protocol")
    .requiredOption("--issuer <url>", "the issuer (Okta: https://<org>.okta.com; Entra: https://login.microsoftonline.com/<tenant ID>/v2.0)")
    .requiredOption("--client-id <id>", "the app's client ID")
    .option("--keep-secret", "keep the saved client secret (do not read a new one)")
    .option("--idp-name <name>", "what plan users see the IdP called, e.g. Microsoft Entra ID")
    .action(
      run(async (_args, options) => {
        const clientSecret = options.keepSecret === true ? "" : await context.readPassword("Client secret (not shown): ");
        const idpName = options.idpName as string | undefined;
        const row = await saveOidcConnection(
          (await context.db()),
          { issuer: options.issuer as string, clientId: options.clientId as string, clientSecret, ...(idpName === undefined ? {} : { idpName }) },
          ACTOR,
          { secretBoxKey: secretBoxKey(context) },
        );
        return {
          json: { protocol: row.protocol, enabled: row.enabled, idpName: row.idpName, issuer: row.oidcIssuer, clientId: row.oidcClientId, secretSaved: row.oidcClientSecretEnc !== null },
          text: `Saved the OpenID Connect connection to ${row.oidcIssuer} (client ${row.oidcClientId}, secret ${clientSecret === "" ? "kept" : "saved encrypted"}); OIDC is the active protocol. Single sign-on is ${onOff(row.enabled)}${row.enabled ? "" : ": run `sso test`, then `sso on`"}`,
        };
      }),
    );

  sso
    .command("options")
    .description("IdP-initiated sign-in (SAML), the clock skew and the IdP's display name")
    .option("--idp-initiated <on|off>", "accept SAML responses the IdP sends unasked (Okta dashboard, My Apps); off by default")
    .option("--clock-skew <seconds>", "leeway on the IdP's times, 0 to 300")
    .option("--idp-name <name>", "what plan users see the IdP called")
    .action(
      run(async (_args, options) => {
        const allowIdpInitiated = onOffArgument(options.idpInitiated, "--idp-initiated");
        const change = {
          ...(allowIdpInitiated === undefined ? {} : { allowIdpInitiated }),
          ...(options.clockSkew === undefined ? {} : { clockSkewSeconds: numberArgument(options.clockSkew) }),
          ...(options.idpName === undefined ? {} : { idpName: options.idpName as string }),
        };
        if (Object.keys(change).length === 0) throw new AppError("invalid", "give at least one of --idp-initiated, --clock-skew, --idp-name");
        const row = await setSsoOptions((await context.db()), change, ACTOR);
        return {
          json: { allowIdpInitiated: row.samlAllowIdpInitiated, clockSkewSeconds: row.clockSkewSeconds, idpName: row.idpName },
          text: `IdP-initiated sign-in ${onOff(row.samlAllowIdpInitiated)}, clock skew ${row.clockSkewSeconds} s, IdP "${row.idpName}"`,
        };
      }),
    );

  sso
    .command("test")
    .description("check the connection without a browser: certificates valid and not expiring within 30 days, the IdP reachable, the clocks agree; exits 1 when a check fails")
    .action(
      run(async () => {
        const result = await checkSsoConnection((await context.db()), { now: Date.now(), secretBoxKey: context.secretBoxKey?.() });
        const failed = result.checks.filter((c) => !c.ok);
        if (failed.length > 0) {
          throw new AppError("conflict", `${failed.length} of ${result.checks.length} checks failed: ${failed.map((c) => `${c.name}: ${c.detail}`).join(" | ")}`);
        }
        return {
          json: result,
          text: [...result.checks.map((c) => `✓ ${c.name}: ${c.detail}`), "All checks passed. A Test sign-in (Security & Controls › Single sign-on) also checks the IdP's signature and your attributes."].join("\n"),
        };
      }),
    );

  for (const [name, on] of [["on", true], ["off", false]] as const) {
    sso
      .command(name)
      .description(on ? "send plan users to the IdP to sign in (needs a complete connection)" : "stop single sign-on: nobody can start a new sign-in through the IdP; the settings stay")
      .action(
        run(async () => {
          const row = await setSsoEnabled((await context.db()), on, ACTOR);
          return {
            json: { enabled: row.enabled, protocol: row.protocol },
            text: on
              ? `Single sign-on is on (${row.protocol === "saml" ? "SAML 2.0" : "OpenID Connect"}, ${row.idpName})`
              : "Single sign-on is off: plan users cannot start a sign-in through the IdP; sessions already open continue until they end",
          };
        }),
      );
  }
}
