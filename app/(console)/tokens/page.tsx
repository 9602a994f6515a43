import type { Metadata } from "next";
import { PageHeader } from "@/components/ui";
import { listApiTokens } from "@/lib/auth/api-tokens";
import { pageContext } from "@/lib/next/session";
import { TokensManager } from "./tokens-manager";

export const metadata: Metadata = { title: "API tokens" };
export const dynamic = "force-dynamic";

export default async function TokensPage() {
  const ctx = await pageContext();
  const initial = await listApiTokens(ctx, { limit: 200, offset: 0 });
  return (
    <>
      <PageHeader
        title="API tokens"
        description="Personal tokens for scripts and billing systems. They act with your rights; send them as Authorization: Bearer <token>."
      />
      <TokensManager initial={initial} />
    </>
  );
}
