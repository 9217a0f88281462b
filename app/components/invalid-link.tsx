// The one page every broken, expired or misused link gets: it never says which of those it was, and nothing changed.
export const INVALID_LINK_TITLE = "This link does not work";
export const INVALID_LINK_TEXT =
  "The link may be incomplete, out of date, or meant for another page. Nothing has been changed. " +
  "To stop receiving mail, use the unsubscribe link in the most recent mail from us; to subscribe, start again on the home page.";

export function InvalidLink() {
  return (
    <main>
      <div className="card">
        <h1>{INVALID_LINK_TITLE}</h1>
        <p>{INVALID_LINK_TEXT}</p>
        <p>
          <a href="/">Go to the home page</a>
        </p>
      </div>
    </main>
  );
}
