// The cached page behind /papers (proxy.ts rewrites /papers?date=&topic=&page= here). Rendered on the first request
// for a day, topic and page, then served from the cache and refreshed in the background once a minute (revalidate).
// Nothing is rendered at build time, when there may be no database.
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { papersQueryFromSegments } from "@/lib/papers/papers-url";
import { PapersView } from "@/app/papers/papers-view";

export const revalidate = 60;
export const dynamicParams = true;
export function generateStaticParams(): { date: string; topic: string; page: string }[] {
  return [];
}
export const metadata: Metadata = { title: "Trending papers · Paperboy" };

export default async function CachedPapersPage({ params }: { params: Promise<{ date: string; topic: string; page: string }> }) {
  const { date, topic, page } = await params;
  const query = papersQueryFromSegments(date, topic, page);
  if (!query) notFound();
  return <PapersView query={query} />;
}
