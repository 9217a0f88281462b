// What an accepted sign-up is told, the same whatever the address (no enumeration): inline after the JavaScript
// action, and as its own page after the plain form's POST-redirect-GET.
export function CheckYourInbox({ heading: Heading = "h2" }: { heading?: "h1" | "h2" }) {
  return (
    <div className="notice success" role="status" aria-live="polite" id="signup-result">
      <Heading>Check your inbox</Heading>
      <p>
        If this address can receive our mail, a confirmation link is on its way. Open it and press the button to start
        receiving papers. Nothing else will be sent until you confirm.
      </p>
    </div>
  );
}
