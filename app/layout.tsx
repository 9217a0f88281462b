import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import { SiteFooter } from "@/app/components/site-footer";
import { SiteHeader } from "@/app/components/site-header";
import { SITE_BASE_CSS } from "@/app/components/site-style";
import "./globals.css";

export const metadata: Metadata = {
  title: "Paperboy: trending papers in your inbox",
  description: "Get the research papers trending today in the topics you chose, by e-mail.",
};

// Every page renders per request: its scripts carry the nonce of that request's Content-Security-Policy (proxy.ts),
// which a page prerendered at build time could not.
export const dynamic = "force-dynamic";

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <head>
        <style dangerouslySetInnerHTML={{ __html: SITE_BASE_CSS }} />
      </head>
      <body>
        <SiteHeader />
        {children}
        <SiteFooter />
      </body>
    </html>
  );
}
