// The colours and button style shared by the mails and the site (app/components/site-style.ts), so a link looks
// the same in the inbox and in the browser. Each pair keeps at least 4.5:1 contrast on its own background, and the
// dark set is used where a mail client or browser reads prefers-color-scheme.
export const colours = {
  link: "#1d4ed8",
  linkDark: "#93c5fd",
  text: "#111827",
  textDark: "#f3f4f6",
  muted: "#4b5563",
  mutedDark: "#d1d5db",
  page: "#f6f7f9",
  pageDark: "#111827",
  surface: "#ffffff",
  surfaceDark: "#1f2937",
  border: "#e5e7eb",
  borderDark: "#374151",
  buttonText: "#ffffff",
} as const;

/** The one call-to-action button style, used by every mail that has one. */
export const buttonStyle = {
  backgroundColor: colours.link,
  color: colours.buttonText,
  padding: "12px 20px",
  borderRadius: "6px",
  fontSize: "15px",
  fontWeight: 600,
  textDecoration: "none",
  display: "inline-block",
} as const;

/** Text styles every mail uses; the class names let the dark-mode rules below take over where a client supports it. */
export const textStyle = { fontSize: "15px", lineHeight: "24px", color: colours.text } as const;
export const headingStyle = { fontSize: "22px", lineHeight: "30px", color: colours.text, margin: "8px 0 12px" } as const;
export const mutedStyle = { fontSize: "12px", lineHeight: "18px", color: colours.muted } as const;
export const linkStyle = { color: colours.link, textDecoration: "underline" } as const;
/** A URL printed for copying: it must wrap anywhere, or a narrow screen scrolls sideways. */
export const breakableStyle = { wordBreak: "break-all", overflowWrap: "anywhere" } as const;

export const cls = { page: "pb-page", surface: "pb-surface", text: "pb-text", muted: "pb-muted", link: "pb-link", rule: "pb-rule" } as const;

/**
 * Clients that honour prefers-color-scheme get a dark page with light text and a lighter link colour; the others keep
 * the light colours set inline, which read on their own white surface. `!important` beats the inline styles.
 */
export const darkModeCss = `
:root { color-scheme: light dark; supported-color-schemes: light dark; }
@media (prefers-color-scheme: dark) {
  .${cls.page} { background-color: ${colours.pageDark} !important; }
  .${cls.surface} { background-color: ${colours.surfaceDark} !important; }
  .${cls.text} { color: ${colours.textDark} !important; }
  .${cls.muted} { color: ${colours.mutedDark} !important; }
  .${cls.link} { color: ${colours.linkDark} !important; }
  .${cls.rule} { border-color: ${colours.borderDark} !important; }
}
`;
