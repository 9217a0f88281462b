// The cached page behind / (proxy.ts rewrites / here): rendered on the first request, then served from the cache and
// refreshed in the background once a minute (revalidate). Nothing is rendered at build time, when there may be no
// database. The one key is "latest".
import { notFound } from "next/navigation";
import { LandingPage } from "@/app/landing-page";

export const revalidate = 60;
export const dynamicParams = true;
export function generateStaticParams(): { key: string }[] {
  return [];
}

export default async function CachedHome({ params }: { params: Promise<{ key: string }> }) {
  if ((await params).key !== "latest") notFound();
  return <LandingPage />;
}
