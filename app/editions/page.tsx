// The archive: every digest that went out, newest first, each linking to its web copy.
import type { Metadata } from "next";
import { db } from "@/lib/db";
import { listPublicEditions } from "@/lib/digest/edition-view";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Past digests · Paperboy" };

export default async function EditionsArchive() {
  const editions = await listPublicEditions(db());
  return (
    <main>
      <h1>Past digests</h1>
      <p className="lede">Every digest Paperboy has sent, newest first. Each shows the day&apos;s top papers.</p>
      <div className="card">
        {editions.length === 0 ? (
          <p>No digest has been sent yet. The first one goes out after the next scheduled run.</p>
        ) : (
          <ul className="archive-list">
            {editions.map((e) => (
              <li key={e.id}>
                <a href={`/editions/${e.id}`}>{e.dateLabel}</a> <span>{e.frequency === "WEEKLY" ? "· weekly digest" : "· daily digest"}</span>
              </li>
            ))}
          </ul>
        )}
      </div>
      <p>
        <a className="button-link" href="/">
          Subscribe to get the next one
        </a>
      </p>
    </main>
  );
}
