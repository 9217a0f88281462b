// The landing page: banner, signup form, and (below it) the trending list. Served from the cache
// (app/cached/home/...); the form's stamp for the minimum fill time comes with the page's cookie (proxy.ts), since a
// cached page cannot carry one per visitor.
import { CONSENT_TEXT } from "@/lib/consent/consent-text";
import { TopPapersContent } from "@/app/components/top-papers";
import { cachedTopicChoices, cachedTopPapers } from "@/app/_data/landing-data";
import { SignupForm } from "./signup-form";

export async function LandingPage() {
  const topics = await cachedTopicChoices();
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
        <SignupForm topics={topics} stamp="" consentText={CONSENT_TEXT} />
      </section>

      <TopPapersContent limit={5} load={cachedTopPapers} />
    </main>
  );
}
