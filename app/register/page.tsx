import type { Metadata } from "next";
import Link from "next/link";
import { BrandedCardPage } from "@/components/branded-card-page";
import { RegisterForm } from "./register-form";

export const metadata: Metadata = { title: "Register your organization" };
export const dynamic = "force-dynamic";

export default async function RegisterPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? null;
  const utm = { utm_source: first(params.utm_source), utm_medium: first(params.utm_medium), utm_campaign: first(params.utm_campaign) };
  return (
    <BrandedCardPage
      wide
      title="Register your organization"
      description="Tell us who you are. An administrator reviews every registration."
      after={
        <p className="mt-6 text-center text-sm text-slate-500">
          Already have an account?{" "}
          <Link href="/login" className="font-medium text-brand hover:underline">
            Sign in
          </Link>
        </p>
      }
    >
      <RegisterForm utm={utm} />
    </BrandedCardPage>
  );
}
