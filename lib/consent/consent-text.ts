// The words a visitor agrees to when subscribing. Each change of wording gets a new version, and every consent event
// records the version that was shown, so the log says what exactly was agreed to.
export const CONSENT_VERSION = "2026-11-28.1";

export const CONSENT_TEXT =
  "By subscribing you agree that Paperboy e-mails you the trending research papers in the topics you chose, " +
  "at the frequency you chose, until you unsubscribe. We keep your address, your choices and a record of this consent " +
  "(time, IP address and browser). Every mail has a one-click unsubscribe link, and the preferences page lets you " +
  "download or delete your data.";
