"use client";
// Keeps a page of a sending edition current: its server data is fetched again every few seconds. Without JavaScript
// the page stays as it is and the browser's reload does the same (a timed <meta refresh> would take that control
// from the operator, which WCAG 2.2.1 forbids).
import { useRouter } from "next/navigation";
import { useEffect } from "react";

export function LiveRefresh({ seconds }: { seconds: number }) {
  const router = useRouter();
  useEffect(() => {
    const timer = setInterval(() => router.refresh(), seconds * 1000);
    return () => clearInterval(timer);
  }, [router, seconds]);
  return <p className="muted">An edition is being sent: with JavaScript on, this page updates itself every {seconds} seconds.</p>;
}
