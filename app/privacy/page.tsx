// The privacy notice: what a subscription stores, why, for how long, and how a subscriber downloads or erases it.
// It describes lib/subscribers (export-data.ts, erase.ts), lib/consent, lib/feedback and lib/rate-limit; keep them in
// step.
import { operatorLine } from "@/app/components/site-chrome";

export const metadata = { title: "Privacy · Paperboy" };

export default function Privacy() {
  return (
    <main>
      <div className="card">
        <h1>Privacy</h1>
        <p>{operatorLine()} It keeps only what it needs to send you the papers you asked for.</p>

        <h2>What is stored</h2>
        <ul>
          <li>Your e-mail address, the topics you chose, daily or weekly, and whether your digests are paused.</li>
          <li>
            A consent record: when you signed up and confirmed, the wording you agreed to, and the IP address and
            browser of those requests; later changes and unsubscribes are added to it.
          </li>
          <li>Which digests were sent to you, when, and which papers they held (so you never get a paper twice).</li>
          <li>
            What you told us through the links under each paper (more like this, less like this, saved), and the
            reading profile built from it to order your digests. It is rebuilt from your votes whenever one changes.
          </li>
        </ul>
        <p>
          Nothing else: no tracking pixels, no click tracking, no third-party scripts. Rate limits keep a keyed
          fingerprint of addresses for an hour, never the address itself. An address that signs up but never confirms
          is deleted.
        </p>

        <h2>Download or erase your data</h2>
        <p>
          Every mail we send has a link to your preferences page. There, <strong>Download my data</strong> gives you
          everything above as a JSON file, and <strong>Delete me</strong> erases your subscription and its history at
          once. We then keep only a one-way fingerprint of your address, so that it is never mailed again.
        </p>
        <p>
          To stop the mail without deleting anything, use the unsubscribe link at the bottom of any digest: it works
          with one click and does not expire.
        </p>
      </div>
    </main>
  );
}
