// GET /confirm/TOKEN shows one button and changes nothing (mail scanners prefetch links); the button POSTs.
import { links } from "@/lib/tokens/tokens";
import { subscriberForToken } from "@/lib/subscribers/token-access";
import { InvalidLink } from "../../_components/invalid-link";
import { tokenPageMetadata } from "../../_components/token-page-metadata";
import { confirmAction } from "./actions";

export const metadata = { ...tokenPageMetadata, title: "Confirm your subscription · Paperboy" };

export default async function ConfirmPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const subscriber = await subscriberForToken(token, "confirm");
  if (!subscriber) return <InvalidLink />;

  if (subscriber.status === "active") {
    return (
      <main>
        <div className="card">
          <h1>You are subscribed</h1>
          <p role="status">Your subscription is confirmed. A welcome mail with your preferences link is on its way.</p>
          <p>
            <a href={links.manage(subscriber.id)}>Choose your topics and frequency</a>
          </p>
        </div>
      </main>
    );
  }

  return (
    <main>
      <div className="card">
        <h1>Confirm your subscription</h1>
        <p>Press the button to start receiving the trending papers in the topics you chose.</p>
        <form action={confirmAction}>
          <input type="hidden" name="token" value={token} />
          <button type="submit">Confirm my subscription</button>
        </form>
      </div>
    </main>
  );
}
