import { Argument, type Command } from "commander";
import { createAdmin } from "@/lib/admins/create-admin";
import { toAdminView } from "@/lib/admins/admin-view";
import { findAdmin } from "@/lib/admins/get-admin";
import { listAdmins } from "@/lib/admins/list-admins";
import { resetAdminPassword } from "@/lib/admins/reset-admin-password";
import { revokeAdminSessions } from "@/lib/admins/revoke-admin-sessions";
import { getPasswordSignIn } from "@/lib/admins/get-password-sign-in";
import { setAdminBreakGlass } from "@/lib/admins/set-admin-break-glass";
import { setAdminDisabled } from "@/lib/admins/set-admin-disabled";
import { setRequireSso } from "@/lib/admins/set-require-sso";
import { unlockAdmin } from "@/lib/admins/unlock-admin";
import { AppError } from "@/lib/errors";
import { ACTOR, type CliContext } from "../context";
import { run, showTime, table } from "../output";

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** `admin …` (README "Operator CLI"): the operator's recovery when no System Admin can sign in. */
export function registerAdminCommands(program: Command, context: CliContext): void {
  const admin = program.command("admin").description("System Admins of the Admin Center");

  admin
    .command("create")
    .description("create a System Admin; the password is prompted for (or read from stdin's first line)")
    .requiredOption("--email <email>", "sign-in email")
    .option("--name <name>", "display name (default: the email's local part)")
    .action(
      run(async (_args, options) => {
        const password = await context.readPassword("Password for the new admin (at least 12 characters): ");
        const created = await createAdmin(
          (await context.db()),
          { email: options.email as string, password, ...(options.name === undefined ? {} : { name: options.name as string }) },
          ACTOR,
          { passwordCost: context.passwordCost },
        );
        const view = toAdminView(created);
        return { json: view, text: `Created System Admin ${view.email} (${view.name}, id ${view.id})` };
      }),
    );

  admin
    .command("list")
    .description("every System Admin: status, last sign-in, open sessions, sign-in waits")
    .action(
      run(async () => {
        const now = Date.now();
        const rows = await listAdmins((await context.db()), { now, idleTimeoutMs: context.sessionIdleMs() });
        return {
          json: rows,
          text:
            rows.length === 0
              ? "No System Admins yet: create one with `admin create --email E`."
              : table(
                  ["EMAIL", "NAME", "STATUS", "BREAK-GLASS", "LAST SIGN-IN", "FROM", "SESSIONS"],
                  rows.map((r) => [
                    r.email,
                    r.name,
                    r.disabledAt !== null ? "disabled" : r.signInWaitEndsAt !== null ? `sign-in waits until ${showTime(r.signInWaitEndsAt)}` : "active",
                    r.breakGlass ? "yes" : "no",
                    showTime(r.lastSignInAt),
                    r.lastSignInAddress ?? "-",
                    String(r.openSessions),
                  ]),
                ),
        };
      }),
    );

  for (const disabled of [true, false]) {
    admin
      .command(`${disabled ? "disable" : "enable"} <email>`)
      .description(disabled ? "stop an admin signing in and end their sessions at once" : "let a disabled admin sign in again")
      .action(
        run(async ([email]) => {
          const result = await setAdminDisabled((await context.db()), { admin: { email: email! }, disabled, actor: ACTOR, now: Date.now() });
          const state = disabled ? "disabled" : "enabled";
          return {
            json: result,
            text: !result.changed
              ? `${result.admin.email} was already ${state}: nothing changed`
              : `${result.admin.email} is ${state}${disabled ? `; ${plural(result.sessionsEnded, "open session")} ended` : ""}`,
          };
        }),
      );
  }

  admin
    .command("reset-password <email>")
    .description("set an admin's password (prompted for, or stdin's first line) and end their sessions")
    .action(
      run(async ([email]) => {
        const db = (await context.db());
        // Name the admin before asking for a password: a typo in the email fails first.
        const target = await findAdmin(db, { email: email! });
        const password = await context.readPassword(`New password for ${target.email} (at least 12 characters): `);
        const result = await resetAdminPassword(db, { admin: { id: target.id }, password, actor: ACTOR, now: Date.now() }, { passwordCost: context.passwordCost });
        return {
          json: { email: target.email, ...result },
          text: `Password of ${target.email} changed; ${plural(result.sessionsEnded, "open session")} ended and sign-in waits cleared`,
        };
      }),
    );

  admin
    .command("unlock <email>")
    .description("clear the sign-in waits on an admin's account (after failed attempts)")
    .action(
      run(async ([email]) => {
        const result = await unlockAdmin((await context.db()), { admin: { email: email! }, actor: ACTOR, now: Date.now() });
        return {
          json: { email, ...result },
          text: result.cleared > 0 ? `Sign-in waits on ${email} cleared` : `${email} had no sign-in wait: nothing changed`,
        };
      }),
    );
  const onOffArgument = () => new Argument("<state>", "on or off").choices(["on", "off"]);

  admin
    .command("break-glass")
    .description("mark an admin as break-glass (may sign in with a password while single sign-on is required) or unmark them")
    .argument("<email>", "the admin's email")
    .addArgument(onOffArgument())
    .action(
      run(async ([email, state]) => {
        const result = await setAdminBreakGlass((await context.db()), { admin: { email: email! }, on: state === "on", actor: ACTOR, now: Date.now() });
        const what = state === "on" ? "a break-glass admin" : "not a break-glass admin";
        return {
          json: result,
          text: !result.changed
            ? `${result.admin.email} was already ${what}: nothing changed`
            : `${result.admin.email} is now ${what}${result.sessionsEnded > 0 ? `; ${plural(result.sessionsEnded, "open password session")} ended` : ""}`,
        };
      }),
    );

  admin
    .command("require-sso")
    .description("require single sign-on for System Admins: only break-glass admins may then sign in with a password")
    .addArgument(onOffArgument())
    .action(
      run(async ([state]) => {
        const db = (await context.db());
        const result = await setRequireSso(db, { on: state === "on", actor: ACTOR, now: Date.now() });
        const policy = await getPasswordSignIn(db);
        const text = result.requireSso
          ? `Single sign-on is required for System Admins: only the ${plural(policy.breakGlassAdmins, "break-glass admin")} may sign in with a password`
          : "Every System Admin may sign in with a password";
        return {
          json: { ...result, breakGlassAdmins: policy.breakGlassAdmins },
          text: `${result.changed ? "" : "Nothing changed: "}${text}${result.sessionsEnded > 0 ? `; ${plural(result.sessionsEnded, "password session")} of other admins ended` : ""}`,
        };
      }),
    );
}

/** `sessions revoke`: end admin sessions at once (a lost laptop, a leaver, a suspected theft). */
export function registerSessionCommands(program: Command, context: CliContext): void {
  const sessions = program.command("sessions").description("System Admins' sessions in the Admin Center");
  sessions
    .command("revoke")
    .description("end open admin sessions at once: one admin's (--admin E) or everyone's (--all)")
    .option("--admin <email>", "the admin whose sessions end")
    .option("--all", "every admin's sessions")
    .action(
      run(async (_args, options) => {
        const email = options.admin as string | undefined;
        const all = options.all === true;
        if ((email === undefined) === !all) throw new AppError("invalid", "give either --admin <email> or --all");
        const result = await revokeAdminSessions((await context.db()), { scope: all ? { all: true } : { admin: { email: email! } }, actor: ACTOR, now: Date.now() });
        return { json: result, text: `${plural(result.ended, "open session")} ended${all ? "" : ` for ${email}`}` };
      }),
    );
}
