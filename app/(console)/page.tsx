import { redirect } from "next/navigation";
import { pageContext } from "@/lib/next/session";

export const dynamic = "force-dynamic";

/** Where signing in lands: the review queue for superadmins, the organization page for its members. */
export default async function Home() {
  const { principal } = await pageContext();
  if (principal.isSuperadmin) redirect("/registrations");
  if (principal.agencies.length === 0 && principal.organizations.length > 0) redirect(`/organizations/${principal.organizations[0].id}`);
  redirect("/organizations");
}
