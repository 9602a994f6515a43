import NextAuth from "next-auth";
import { authOptions } from "@/lib/auth/next-auth";

export const dynamic = "force-dynamic";

type Segment = { params: Promise<{ nextauth: string[] }> };

// GET|POST /api/auth/* - next-auth's sign-in, sign-out, session and csrf endpoints
async function handler(req: Request, segment: Segment) {
  return NextAuth(authOptions())(req, segment);
}

export { handler as GET, handler as POST };
