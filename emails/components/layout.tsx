// Shared frame of every mail: Body > Preview first (inbox preview text), the name as a header, the content, then the
// footer with "view in browser" when there is a web copy, the manage and unsubscribe links for subscribed readers,
// and the postal address. Colours come from theme.ts (shared with the site) and survive dark mode.
import { Body, Container, Head, Hr, Html, Link, Preview, Section, Text } from "@react-email/components";
import type { ReactNode } from "react";
import { cls, colours, darkModeCss, linkStyle, mutedStyle } from "./theme";

export interface FooterLinks {
  manageUrl: string;
  unsubscribeUrl: string;
}

export interface LayoutProps {
  preview: string;
  postalAddress: string;
  /** Omitted in the confirmation mail: the reader has not subscribed yet. */
  footerLinks?: FooterLinks;
  /** The same content as a web page, offered in the footer (not as the first thing read). */
  viewInBrowserUrl?: string;
  children: ReactNode;
}

const body = { backgroundColor: colours.page, fontFamily: "-apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif", margin: 0, padding: "12px 0" };
const container = { backgroundColor: colours.surface, margin: "0 auto", padding: "20px 24px", maxWidth: "640px", width: "100%", borderRadius: "8px", overflowWrap: "anywhere" as const, wordBreak: "break-word" as const };
const brand = { fontSize: "14px", lineHeight: "20px", fontWeight: 700, letterSpacing: "0.08em", textTransform: "uppercase" as const, color: colours.link, margin: "0 0 8px" };
const footer = { ...mutedStyle, margin: "8px 0" };
const rule = { borderColor: colours.border, margin: "24px 0 12px" };

export function Layout({ preview, postalAddress, footerLinks, viewInBrowserUrl, children }: LayoutProps) {
  return (
    <Html lang="en">
      <Head>
        <meta name="color-scheme" content="light dark" />
        <meta name="supported-color-schemes" content="light dark" />
        <style>{darkModeCss}</style>
      </Head>
      <Body style={body} className={cls.page}>
        <Preview>{preview}</Preview>
        <Container style={container} className={cls.surface}>
          <Text style={brand} className={cls.link}>
            Paperboy
          </Text>
          {children}
          <Hr style={rule} className={cls.rule} />
          <Section>
            {viewInBrowserUrl ? (
              <Text style={footer} className={cls.muted}>
                Easier to read on the web?{" "}
                <Link href={viewInBrowserUrl} style={linkStyle} className={cls.link}>
                  View this digest in your browser
                </Link>
              </Text>
            ) : null}
            {footerLinks ? (
              <Text style={footer} className={cls.muted}>
                You receive this because you subscribed to Paperboy.{" "}
                <Link href={footerLinks.manageUrl} style={linkStyle} className={cls.link}>
                  Manage your topics
                </Link>{" "}
                ·{" "}
                <Link href={footerLinks.unsubscribeUrl} style={linkStyle} className={cls.link}>
                  Unsubscribe
                </Link>
              </Text>
            ) : null}
            <Text style={footer} className={cls.muted}>
              {postalAddress}
            </Text>
          </Section>
        </Container>
      </Body>
    </Html>
  );
}
