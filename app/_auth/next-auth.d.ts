import type { DefaultSession } from "next-auth";

declare module "next-auth" {
  interface Session {
    user: DefaultSession["user"] & { id: string };
  }
  interface User {
    /** The server-side session's secret (lib/admins/admin-sessions.ts), from authorize to the JWT. */
    sessionSecret?: string;
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    sessionSecret?: string;
  }
}
