/**
 * next-auth (v4) for System Admins: email + password checked by lib/admins, JWT sessions
 * in an encrypted cookie. NEXTAUTH_SECRET and NEXTAUTH_URL are set by the server entry
 * (server/index.ts, exportLibraryEnv) before Next starts; next-auth reads them itself.
 */
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { verifyAdminCredentials } from "@/lib/admins/verify-admin-credentials";
import { getDb } from "@/server/db";
import { sameOriginPath } from "./callback-url";
import { LOCKED_ERROR_PREFIX } from "./sign-in-errors";

const credentialsSchema = z.object({
  email: z.string().max(320),
  password: z.string().max(4096),
});

/** Admin sessions last a working day; signing out ends them at once. */
const SESSION_MAX_AGE_SECONDS = 12 * 60 * 60;

export const authOptions: NextAuthOptions = {
  session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
  pages: { signIn: "/sign-in", error: "/sign-in" },
  providers: [
    CredentialsProvider({
      id: "credentials",
      name: "Email and password",
      credentials: {
        email: { label: "Email", type: "email" },
        password: { label: "Password", type: "password" },
      },
      async authorize(credentials) {
        const parsed = credentialsSchema.safeParse(credentials);
        if (!parsed.success) return null;
        const result = await verifyAdminCredentials(getDb(), parsed.data.email, parsed.data.password, Date.now());
        if (result.ok) return { id: result.admin.id, email: result.admin.email, name: result.admin.name };
        if (result.reason === "locked") {
          throw new Error(`${LOCKED_ERROR_PREFIX}${result.retryAfterSeconds ?? 0}`);
        }
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
    session({ session, token }) {
      if (token.sub) session.user = { ...session.user, id: token.sub };
      return session;
    },
  },
};
