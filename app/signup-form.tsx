"use client";
// The signup form. A plain <form> whose action is a server action: without JavaScript it is an ordinary POST and the
// server renders the result; with JavaScript the same action runs without a page load. Errors are tied to their
// fields (aria-describedby, aria-invalid) and summarised at the top of the form; after a failed submit with
// JavaScript, focus moves to that summary so a keyboard or screen-reader user lands on what went wrong.
import { useActionState, useEffect, useRef, useState } from "react";
import { signupAction } from "@/app/signup-action";
import { keepFormWhenNotAnswered, type SignupState } from "@/app/signup-state";
import { TopicCheckboxes, type TopicOption } from "@/app/components/topic-checkboxes";
import { CheckYourInbox } from "@/app/components/check-your-inbox";

export function SignupForm({ topics, stamp, consentText }: { topics: TopicOption[]; stamp: string; consentText: string }) {
  // The server action itself until the page is hydrated (the server renders the plain form's POST from it); then
  // the same action behind a catch, so that a sign-up the server turned away (503, busy) keeps what was typed.
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  const [state, formAction, pending] = useActionState<SignupState, FormData>(hydrated ? keepFormWhenNotAnswered(signupAction) : signupAction, {
    status: "idle",
    errors: {},
    values: null,
    stamp,
  });
  const summary = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (state.status !== "error" || !summary.current) return;
    summary.current.focus({ preventScroll: true });
    summary.current.scrollIntoView({ block: "center" });
  }, [state]);

  if (state.status === "accepted") return <CheckYourInbox />;

  const e = state.errors;
  const v = state.values;
  const chosen = new Set(v?.topics ?? []);
  const messages = [e.form, e.email, e.topics, e.frequency].filter(Boolean);

  return (
    <form action={formAction} className="signup" noValidate aria-describedby={messages.length ? "signup-errors" : undefined}>
      {messages.length ? (
        <div className="notice error" role="alert" id="signup-errors" tabIndex={-1} ref={summary}>
          <h2>Please check the form</h2>
          <ul>
            {messages.map((m) => (
              <li key={m}>{m}</li>
            ))}
          </ul>
        </div>
      ) : null}

      <div className="field">
        <label htmlFor="email">E-mail address</label>
        <input
          id="email"
          name="email"
          type="email"
          autoComplete="email"
          inputMode="email"
          required
          maxLength={254}
          placeholder="you@example.org"
          defaultValue={v?.email ?? ""}
          aria-invalid={e.email ? true : undefined}
          aria-describedby={e.email ? "email-error" : undefined}
        />
        {e.email ? (
          <p className="field-error" id="email-error">
            {e.email}
          </p>
        ) : null}
      </div>

      <fieldset className="topics" aria-invalid={e.topics ? true : undefined} aria-describedby={e.topics ? "topics-error" : undefined}>
        <legend>Topics</legend>
        {e.topics ? (
          <p className="field-error" id="topics-error">
            {e.topics}
          </p>
        ) : null}
        <TopicCheckboxes topics={topics} chosen={chosen} />
      </fieldset>

      <fieldset className="frequency" aria-describedby={e.frequency ? "frequency-error" : undefined}>
        <legend>How often</legend>
        {e.frequency ? (
          <p className="field-error" id="frequency-error">
            {e.frequency}
          </p>
        ) : null}
        <div className="check">
          <input type="radio" id="frequency-daily" name="frequency" value="daily" defaultChecked={(v?.frequency ?? "daily") === "daily"} />
          <label htmlFor="frequency-daily">Daily</label>
        </div>
        <div className="check">
          <input type="radio" id="frequency-weekly" name="frequency" value="weekly" defaultChecked={v?.frequency === "weekly"} />
          <label htmlFor="frequency-weekly">Weekly</label>
        </div>
      </fieldset>

      {/* Honeypot: hidden from people and assistive technology; bots that fill every field are dropped silently. */}
      <div className="honeypot" aria-hidden="true">
        <label htmlFor="website">Leave this field empty</label>
        <input id="website" name="website" type="text" tabIndex={-1} autoComplete="off" defaultValue="" />
      </div>
      <input type="hidden" name="stamp" value={state.stamp} />

      <p className="consent">{consentText}</p>
      <button type="submit" disabled={pending}>
        {pending ? "Subscribing…" : "Subscribe"}
      </button>
    </form>
  );
}
