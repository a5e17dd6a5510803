import type { Metadata } from "next";
import { adminContext } from "@/app/_auth/require-admin";
import { Card } from "@/components/ui/card";
import { SESSION_LIFETIME_MS } from "@/lib/admins/admin-sessions";
import { getPasswordSignIn, PROTOCOL_NAMES } from "@/lib/admins/get-password-sign-in";
import { listAdmins } from "@/lib/admins/list-admins";
import { MAX_DELAY_MS, THROTTLE_RULES } from "@/lib/admins/sign-in-throttle";
import { env } from "@/server/env";
import { AdminsManager } from "./_components/admins-manager";
import { OwnAccountCard } from "./_components/own-account-card";
import { PasswordSignInCard } from "./_components/password-sign-in-card";

export const metadata: Metadata = { title: "Admins" };

export default async function AdminsPage() {
  const { admin, db } = await adminContext();
  const idleMinutes = env().SESSION_IDLE_MINUTES;
  const admins = await listAdmins(db, { now: Date.now(), idleTimeoutMs: idleMinutes * 60_000 });
  const signIn = await getPasswordSignIn(db);
  const connection = signIn.connection && { ...signIn.connection, protocolName: PROTOCOL_NAMES[signIn.connection.protocol] };

  return (
    <div className="flex flex-col gap-6">
      <div>
        <h1 className="text-2xl font-semibold text-slate-900">Admins</h1>
        <p className="mt-1 max-w-3xl text-sm text-slate-600">
          The System Admins who sign in to this Admin Center with an email and password (local admins). Plan users whose
          roles in the identity provider give System Admin rights sign in through it and are not listed here: the Users
          screen shows their System Admin roles. Disable someone who has left, end
          the sessions of a lost laptop, or reset a forgotten password; the operator can do the same from the command line
          (<code className="font-mono text-xs">admin list</code>, <code className="font-mono text-xs">sessions revoke</code>) when
          nobody can sign in.
        </p>
      </div>

      <PasswordSignInCard requireSso={signIn.requireSso} connection={connection} breakGlassAdmins={signIn.breakGlassAdmins} />

      <AdminsManager admins={admins} selfId={admin.via === "password" ? admin.id : ""} requireSso={signIn.requireSso} />

      {admin.via === "password" ? (
        <OwnAccountCard />
      ) : (
        <Card id="own-account" title="Your password">
          <p className="text-sm text-slate-700">
            You signed in through {admin.idpName ?? "the identity provider"}: you have no password in this Admin Center. Change
            your password, and your System Admin rights, at the identity provider.
          </p>
        </Card>
      )}

      <Card id="sessions-and-sign-in" title="Sessions and sign-in" description="How this Admin Center keeps sessions and slows down password guessing.">
        <ul className="flex list-disc flex-col gap-1.5 pl-5 text-sm text-slate-700">
          <li>
            A session lasts at most {SESSION_LIFETIME_MS / 3_600_000} hours, and ends after {idleMinutes} minutes without a
            request. Signing out, a password change, disabling the admin or ending their sessions here ends it at once, in
            every browser that holds it.
          </li>
          <li>
            Failed sign-ins slow down further attempts instead of locking the account: after {THROTTLE_RULES.pair.free} failures
            for one admin from one address, each attempt waits twice as long as the last (up to {MAX_DELAY_MS / 60_000}{" "}
            minutes); likewise after {THROTTLE_RULES.address.free} failures from one address to any accounts, and after{" "}
            {THROTTLE_RULES.account.free} failures for one admin from addresses they have never signed in from. An admin
            signing in from their usual address is not slowed by guesses from elsewhere.
          </li>
          <li>Every sign-in, failure and wait is in the Activity log with the address it came from.</li>
        </ul>
      </Card>
    </div>
  );
}
