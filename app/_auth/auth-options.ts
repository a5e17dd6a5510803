/**
 * next-auth (v4) for System Admins: email + password checked by lib/admins, and a
 * server-side session (lib/admins/admin-sessions.ts) whose secret rides in next-auth's
 * encrypted JWT cookie. The cookie alone opens nothing: every request looks the session up
 * (app/_auth/require-admin.ts), so sign-out, a revoke or a password change ends it at once.
 * NEXTAUTH_SECRET and NEXTAUTH_URL are set by the server entry (server/index.ts,
 * exportLibraryEnv) before Next starts; next-auth reads them itself.
 */
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { SESSION_LIFETIME_MS } from "@/lib/admins/admin-sessions";
import { signInAdmin } from "@/lib/admins/sign-in-admin";
import { signOutAdmin } from "@/lib/admins/sign-out-admin";
import { CLIENT_ADDRESS_HEADER } from "@/server/client-address";
import { getDb } from "@/server/db";
import { sameOriginPath } from "./callback-url";
import { DISABLED_ERROR, SSO_REQUIRED_ERROR_PREFIX, THROTTLED_ERROR_PREFIX } from "./sign-in-errors";

const credentialsSchema = z.object({
  email: z.string().max(320),
  password: z.string().max(4096),
});

const header = (headers: Record<string, unknown> | undefined, name: string): string | undefined => {
  const value = headers?.[name];
  return typeof value === "string" ? value : undefined;
};

export const authOptions: NextAuthOptions = {
  // The cookie's own expiry; the session row's absolute end and idle timeout are what count.
  session: { strategy: "jwt", maxAge: SESSION_LIFETIME_MS / 1000 },
  pages: { signIn: "/sign-in", error: "/sign-in" },
  providers: [
    CredentialsProvider({
      id: "credentials",
      name: "Email and password",
      credentials: {
        email: { label: "Email", type: "email" },
        password: { label: "Password", type: "password" },
      },
      async authorize(credentials, req) {
        const parsed = credentialsSchema.safeParse(credentials);
        if (!parsed.success) return null;
        const result = await signInAdmin(await getDb(), {
          ...parsed.data,
          // Set by server/http-server.ts on every request it hands to Next.js.
          clientAddress: header(req.headers, CLIENT_ADDRESS_HEADER) ?? "unknown",
          userAgent: header(req.headers, "user-agent"),
          now: Date.now(),
        });
        if (result.ok) return { id: result.admin.id, email: result.admin.email, name: result.admin.name, sessionSecret: result.sessionSecret };
        if (result.reason === "throttled") throw new Error(`${THROTTLED_ERROR_PREFIX}${result.retryAfterSeconds}`);
        if (result.reason === "disabled") throw new Error(DISABLED_ERROR);
        if (result.reason === "sso-required") throw new Error(`${SSO_REQUIRED_ERROR_PREFIX}${result.idpName ?? ""}`);
        return null;
      },
    }),
  ],
  callbacks: {
    // next-auth's default prefixes any "/…" with the base URL as it stands, so `/\t/x` or
    // `/\n/x` reach the browser (or a Location header) as sent: only same-origin paths go.
    redirect({ url, baseUrl }) {
      return `${baseUrl}${sameOriginPath(url, baseUrl)}`;
    },
    jwt({ token, user }) {
      if (user?.sessionSecret) token.sessionSecret = user.sessionSecret;
      return token;
    },
    // The session secret stays in the encrypted cookie: /api/auth/session never shows it.
    session({ session, token }) {
      if (token.sub) session.user = { ...session.user, id: token.sub };
      return session;
    },
  },
  events: {
    async signOut({ token }) {
      if (typeof token.sessionSecret === "string") {
        await signOutAdmin(await getDb(), { sessionSecret: token.sessionSecret, adminId: token.sub, now: Date.now() });
      }
    },
  },
};
