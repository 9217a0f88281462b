// The console's frame: navigation and the sign-out button for a signed-in operator, nothing for anyone else.
import type { Metadata } from "next";
import type { ReactNode } from "react";
import { currentOperator } from "./current-operator";
import "./admin.css";

export const metadata: Metadata = { title: "Paperboy console", robots: { index: false, follow: false } };

export default async function AdminLayout({ children }: { children: ReactNode }) {
  const operator = await currentOperator();
  return (
    <div className="admin">
      {operator ? (
        <nav className="admin-nav" aria-label="Console">
          <a href="/admin">Dashboard</a>
          <a href="/admin/editions">Editions</a>
          <a href="/admin/subscribers">Subscribers</a>
          <a href="/admin/suppressions">Suppressions</a>
          <a href="/admin/topics">Topics</a>
          <a href="/admin/ingest">Ingest</a>
          <a href="/admin/queues">Queues</a>
          <a href="/admin/audit">Audit log</a>
          <span className="who">Signed in as {operator.email}</span>
          <form method="post" action="/admin/sign-out">
            <input type="hidden" name="csrf" value={operator.csrfToken} />
            <button type="submit">Sign out</button>
          </form>
        </nav>
      ) : null}
      {children}
    </div>
  );
}
