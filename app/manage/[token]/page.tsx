// The preferences page, reached through the signed manage link (no login): topics, frequency, pause, download my
// data, delete me, and last, unsubscribe (or, once unsubscribed, come back: then that comes first). Every control is a plain form, so it all works without JavaScript.
import { subscriberForToken } from "@/lib/subscribers/token-access";
import { listTopicChoices } from "@/lib/subscribers/topic-choices";
import { filtersFor } from "@/lib/feedback/filter-settings";
import { MAX_FILTER_ENTRIES } from "@/lib/feedback/reader-filters";
import { InvalidLink } from "@/app/components/invalid-link";
import { TopicCheckboxes } from "@/app/components/topic-checkboxes";
import { tokenPageMetadata } from "@/app/components/token-page-metadata";
import { db } from "@/lib/db";
import { personalFeedUrl } from "@/lib/feeds/feed-key";
import { savedPapersOf } from "@/lib/feedback/saved-papers";
import { MAX_KNOWN_IDS } from "@/lib/feedback/arxiv-ids";
import { MAX_BIBTEX_BYTES } from "@/lib/feedback/known-papers-form";

export const metadata = { ...tokenPageMetadata, title: "Your preferences · Paperboy" };

const DONE: Record<string, string> = {
  saved: "Your preferences are saved.",
  paused: "Your digests are paused.",
  resumed: "Your digests are running again.",
  unsubscribed: "You are unsubscribed. You will not receive any more digests.",
  resubscribed: "Welcome back: you are subscribed again.",
  feed: "Your feed has a new secret address. Any older address no longer works.",
  "feed-off": "Your feed is off. Its address no longer works.",
  "filters-saved": "Your muted words and authors and the authors you follow are saved.",
  "saved-removed": "The paper is no longer in your saved papers.",
};
const ERROR: Record<string, string> = {
  topics: "Please choose at least one topic from the list.",
  frequency: "Please choose daily or weekly.",
  "pause-date": "Please choose a day in the future, at most a year from now, as the day your digests start again.",
  "needs-confirmation": "This subscription was never confirmed: please sign up again on the home page.",
  "erase-unconfirmed": "To delete your data, tick the box that confirms it, then press the button.",
  "not-found": "This subscription no longer exists.",
  filters: `Please keep each list to at most ${MAX_FILTER_ENTRIES} entries of at most 100 characters each.`,
};

function pick(value: string | string[] | undefined, table: Record<string, string>): string | undefined {
  return typeof value === "string" && Object.hasOwn(table, value) ? table[value] : undefined;
}

export default async function ManagePage({
  params,
  searchParams,
}: {
  params: Promise<{ token: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { token } = await params;
  const query = await searchParams;
  const subscriber = await subscriberForToken(token, "manage");
  if (!subscriber) return <InvalidLink />;
  const [topics, filters, saved] = await Promise.all([listTopicChoices(), filtersFor(subscriber.id), savedPapersOf(db(), subscriber.id)]);
  const chosen = new Set(subscriber.topicSlugs);
  const done = pick(query.done, DONE);
  const error = pick(query.error, ERROR);
  const paused = subscriber.pausedUntil && subscriber.pausedUntil.getTime() > Date.now() ? subscriber.pausedUntil : null;
  const feedUrl = await personalFeedUrl(db(), subscriber.id);
  const tomorrow = new Date(Date.now() + 86400_000).toISOString().slice(0, 10);

  return (
    <main>
      <h1>Your Paperboy preferences</h1>
      {done ? (
        <div className="notice success" role="status">
          <p>{done}</p>
        </div>
      ) : null}
      {error ? (
        <div className="notice error" role="alert">
          <p>{error}</p>
        </div>
      ) : null}

      <section className="card" aria-labelledby="status-heading">
        <h2 id="status-heading">Subscription</h2>
        <p>
          Address: <strong>{subscriber.email}</strong>
        </p>
        <p id="subscription-status">
          Status:{" "}
          <strong>
            {subscriber.status === "active"
              ? paused
                ? `paused until ${paused.toISOString().slice(0, 10)}`
                : "subscribed"
              : subscriber.status === "pending"
                ? "waiting for confirmation"
                : "unsubscribed"}
          </strong>
        </p>
        {subscriber.status === "unsubscribed" ? (
          <form action={`/manage/${token}/resubscribe`} method="post">
            <button type="submit">Subscribe again</button>
          </form>
        ) : null}
      </section>

      <section className="card" aria-labelledby="topics-heading">
        <h2 id="topics-heading">Topics and frequency</h2>
        <form action={`/manage/${token}/preferences`} method="post">
          <fieldset className="topics">
            <legend>Topics</legend>
            <TopicCheckboxes topics={topics} chosen={chosen} />
          </fieldset>
          <fieldset className="frequency">
            <legend>How often</legend>
            <div className="check">
              <input type="radio" id="frequency-daily" name="frequency" value="daily" defaultChecked={subscriber.frequency === "daily"} />
              <label htmlFor="frequency-daily">Daily</label>
            </div>
            <div className="check">
              <input type="radio" id="frequency-weekly" name="frequency" value="weekly" defaultChecked={subscriber.frequency === "weekly"} />
              <label htmlFor="frequency-weekly">Weekly</label>
            </div>
          </fieldset>
          <button type="submit">Save preferences</button>
        </form>
      </section>

      <section className="card" aria-labelledby="filters-heading">
        <h2 id="filters-heading">What your digest shows</h2>
        <p>One entry a line. A muted word or author keeps a paper out of your digest; papers by an author you follow come first.</p>
        <form action={`/manage/${token}/filters`} method="post">
          <div className="field">
            <label htmlFor="muted-words">Muted words</label>
            <textarea id="muted-words" name="muted-words" rows={3} defaultValue={filters.mutedWords.join("\n")} />
          </div>
          <div className="field">
            <label htmlFor="muted-authors">Muted authors</label>
            <textarea id="muted-authors" name="muted-authors" rows={3} defaultValue={filters.mutedAuthors.join("\n")} />
          </div>
          <div className="field">
            <label htmlFor="followed-authors">Authors you follow</label>
            <textarea id="followed-authors" name="followed-authors" rows={3} defaultValue={filters.followedAuthors.join("\n")} />
          </div>
          <button type="submit">Save these lists</button>{" "}
          <button type="submit" className="secondary" formAction={`/manage/${token}/preview`}>
            Preview
          </button>
        </form>
      </section>

      <section className="card" aria-labelledby="known-heading">
        <h2 id="known-heading">Start from papers I know</h2>
        <p>
          Name papers you know and like: your digest learns from them as from a &quot;More like this&quot;. Up to {MAX_KNOWN_IDS} papers at a
          time; a BibTeX file of at most {MAX_BIBTEX_BYTES / 1024} KB is read here and not kept.
        </p>
        <form action={`/manage/${token}/known-papers`} method="post" encType="multipart/form-data">
          <div className="field">
            <label htmlFor="known-ids">arXiv ids or links, one a line (for example 2503.08054, arXiv:2503.08054v2 or hep-th/9901001)</label>
            <textarea id="known-ids" name="ids" rows={4} />
          </div>
          <div className="field">
            <label htmlFor="known-bibtex">Or a BibTeX file (entries with an eprint, arxiv, url or doi field naming an arXiv paper)</label>
            <input id="known-bibtex" name="bibtex" type="file" accept=".bib,.bibtex,.txt,application/x-bibtex,text/plain" />
          </div>
          <button type="submit">Add these papers</button>
        </form>
      </section>

      <section className="card" aria-labelledby="saved-heading">
        <h2 id="saved-heading">Saved papers</h2>
        {saved.length ? (
          <>
            <ul id="saved-papers">
              {saved.map((p) => (
                <li key={p.id}>
                  <a href={p.url}>{p.title}</a> <small>saved {p.savedAt.toISOString().slice(0, 10)}</small>
                  <form action={`/manage/${token}/remove-saved`} method="post" className="inline">
                    <input type="hidden" name="paper" value={p.id} />
                    <button type="submit" className="secondary" aria-label={`Remove ${p.title}`}>
                      Remove
                    </button>
                  </form>
                </li>
              ))}
            </ul>
            <p>
              <a href={`/manage/${token}/saved-papers.bib`} download="paperboy-saved-papers.bib">
                Download my saved papers (BibTeX)
              </a>
            </p>
          </>
        ) : (
          <p>No saved papers yet: press &quot;Save&quot; beside a paper in your digest to keep it here.</p>
        )}
      </section>

      <section className="card" aria-labelledby="pause-heading">
        <h2 id="pause-heading">Pause</h2>
        {paused ? (
          <form action={`/manage/${token}/resume`} method="post">
            <p>Your digests are paused until {paused.toISOString().slice(0, 10)}.</p>
            <button type="submit">Resume now</button>
          </form>
        ) : (
          <form action={`/manage/${token}/pause`} method="post">
            <div className="field">
              <label htmlFor="pause-until">Pause my digests until</label>
              <input id="pause-until" name="until" type="date" min={tomorrow} required />
            </div>
            <button type="submit">Pause</button>
          </form>
        )}
      </section>

      <section className="card" aria-labelledby="feed-heading">
        <h2 id="feed-heading">Your feed</h2>
        <p>
          Prefer a feed reader? The papers your digest picks for you, with the reason for each, as an Atom feed at a secret
          address. Anyone who has the address can read it: keep it to yourself, and make a new one if it leaks.
        </p>
        {feedUrl ? (
          <>
            <div className="field">
              <label htmlFor="feed-url">Your feed&apos;s address</label>
              <input id="feed-url" type="url" readOnly value={feedUrl} />
            </div>
            <form action={`/manage/${token}/feed`} method="post">
              <button type="submit" className="secondary">
                Make a new address (the old one stops working)
              </button>
            </form>
            <form action={`/manage/${token}/feed-off`} method="post">
              <button type="submit" className="secondary">
                Turn my feed off
              </button>
            </form>
          </>
        ) : (
          <form action={`/manage/${token}/feed`} method="post">
            <button type="submit" className="secondary">
              Turn on my feed
            </button>
          </form>
        )}
        <p>
          Public feeds, for anyone: <a href="/feeds/papers">all trending papers</a>
          {topics.length ? ", or one topic: " : "."}
          {topics.map((t, i) => (
            <span key={t.slug}>
              <a href={`/feeds/topics/${t.slug}`}>{t.name}</a>
              {i < topics.length - 1 ? ", " : "."}
            </span>
          ))}
        </p>
      </section>

      <section className="card" aria-labelledby="data-heading">
        <h2 id="data-heading">Your data</h2>
        <p>Everything we keep about you: your address, choices, consent record and the digests we sent.</p>
        <form action={`/manage/${token}/export`} method="post">
          <button type="submit" className="secondary">
            Download my data (JSON)
          </button>
        </form>
        <form action={`/manage/${token}/erase`} method="post" className="danger-zone">
          <div className="check">
            <input type="checkbox" id="confirm-erase" name="confirm-erase" value="yes" required />
            <label htmlFor="confirm-erase">I understand that this deletes my subscription and all my data for good.</label>
          </div>
          <button type="submit" className="danger">
            Delete me
          </button>
        </form>
      </section>

      {subscriber.status !== "unsubscribed" ? (
        <section className="card" aria-labelledby="leave-heading">
          <h2 id="leave-heading">Stop your digests</h2>
          <p>No more mail from Paperboy, straight away. Your choices stay here in case you come back.</p>
          <form action={`/manage/${token}/unsubscribe`} method="post">
            <button type="submit" className="secondary">
              Unsubscribe
            </button>
          </form>
        </section>
      ) : null}
    </main>
  );
}
