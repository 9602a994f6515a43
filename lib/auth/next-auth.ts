// next-auth (v4) for the console: credentials sign-in, JWT sessions. The password check, lock-out and
// audit are the same service the API uses (verifySignIn).
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { getDb } from "@/db";
import { CLIENT_IP_HEADER, REQUEST_ID_HEADER, requestIdFrom } from "@/lib/api/request-meta";
import { anonymous } from "@/lib/auth/principal";
import { authSecret } from "@/lib/config";
import { ServiceError } from "@/lib/errors";
import { log } from "@/lib/log";
import { verifySignIn } from "./sign-in";

const SESSION_MAX_AGE_SECONDS = 8 * 60 * 60;

function header(headers: Record<string, unknown> | undefined, name: string): string | null {
  const value = headers?.[name];
  return typeof value === "string" ? value : null;
}

export function authOptions(): NextAuthOptions {
  return {
    secret: authSecret(),
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
    pages: { signIn: "/login", error: "/login" },
    providers: [
      CredentialsProvider({
        name: "Email and password",
        credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
        async authorize(credentials, req) {
          const headers = req.headers as Record<string, unknown> | undefined;
          const ctx = {
            principal: anonymous,
            db: await getDb(),
            requestId: requestIdFrom(header(headers, REQUEST_ID_HEADER)),
            ip: header(headers, CLIENT_IP_HEADER),
            userAgent: header(headers, "user-agent"),
          };
          try {
            const user = await verifySignIn(ctx, { email: credentials?.email ?? "", password: credentials?.password ?? "" });
            return { id: String(user.id), email: user.email, name: user.name };
          } catch (err) {
            // next-auth shows the thrown message to the sign-in form; only our own messages are safe to show.
            if (err instanceof ServiceError) throw new Error(err.message);
            log.error("sign-in failed unexpectedly", { request_id: ctx.requestId, error: err });
            throw new Error("Sign-in is unavailable right now. Try again in a moment.");
          }
        },
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        if (user) token.sub = user.id;
        return token;
      },
      session({ session, token }) {
        if (session.user) (session.user as { id?: string }).id = token.sub;
        return session;
      },
    },
    logger: {
      error: (code, metadata) => log.error("next-auth", { code, metadata: metadata instanceof Error ? metadata.message : undefined }),
      warn: (code) => log.warn("next-auth", { code }),
      debug: () => {},
    },
  };
}
