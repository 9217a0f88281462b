// Where the sign-up form without JavaScript lands once a sign-up is accepted (POST-redirect-GET): a small page with no
// data of its own, so a crowd of sign-ups costs no render of the landing page, and a reload posts nothing again.
import type { Metadata } from "next";
import { CheckYourInbox } from "@/app/components/check-your-inbox";

export const metadata: Metadata = { title: "Check your inbox · Paperboy" };

export default function CheckYourInboxPage() {
  return (
    <main>
      <div className="card">
        <CheckYourInbox heading="h1" />
        <p>
          <a href="/">Back to the home page</a>
        </p>
      </div>
    </main>
  );
}
