import type { Metadata } from "next";
import { brandStyle } from "@/components/brand";
import { currentBranding } from "@/lib/next/current-branding";
import "./globals.css";
import { Providers } from "./providers";

// Every page wears the branding resolved for its request (host, then user, then platform).
export async function generateMetadata(): Promise<Metadata> {
  const { branding } = await currentBranding();
  return {
    title: { default: branding.app_name, template: `%s · ${branding.app_name}` },
    description: "Tenant control plane: organizations, agencies, registrations and API access.",
    ...(branding.favicon_url ? { icons: { icon: branding.favicon_url } } : {}),
  };
}

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const { branding } = await currentBranding();
  return (
    <html lang="en" style={brandStyle(branding)}>
      <body>
        <Providers>{children}</Providers>
      </body>
    </html>
  );
}
