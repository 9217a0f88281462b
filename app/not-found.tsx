// Every unknown address (and an edition that does not exist) lands here, with the site around it and a way on.
export const metadata = { title: "Page not found · Paperboy" };

export default function NotFound() {
  return (
    <main>
      <div className="card">
        <h1>Page not found</h1>
        <p>There is nothing at this address. It may have been mistyped, or the page may have moved.</p>
        <ul>
          <li>
            <a href="/">Subscribe on the home page</a>
          </li>
          <li>
            <a href="/papers">See today&apos;s trending papers</a>
          </li>
          <li>
            <a href="/editions">Read past digests</a>
          </li>
        </ul>
      </div>
    </main>
  );
}
