// The landing page: banner, signup form, and (below it) the trending list. Rendered per request: the topics come
// from the database and the form carries a fresh stamp for the minimum fill time.
import { connection } from "next/server";
import { CONSENT_TEXT } from "@/lib/consent/consent-text";
import { issueFormStamp } from "@/lib/subscribers/form-stamp";
import { listTopicChoices } from "@/lib/subscribers/topic-choices";
import { TopPapers } from "@/app/components/top-papers";
import { SignupForm } from "@/app/signup-form";

export default async function Home() {
  await connection();
  const topics = await listTopicChoices();
  return (
    <main>
      <header className="banner">
        <h1>Get trending papers in your email inbox!</h1>
        <p className="lede">The research papers trending today, in the topics you choose, daily or weekly. Unsubscribe with one click.</p>
      </header>

      <section aria-labelledby="subscribe-heading" className="card">
        <h2 id="subscribe-heading" className="visually-hidden">
          Subscribe
        </h2>
        <SignupForm topics={topics} stamp={issueFormStamp()} consentText={CONSENT_TEXT} />
      </section>

      <TopPapers limit={5} />
    </main>
  );
}
