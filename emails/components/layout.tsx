// Shared frame of every mail: Body > Preview first (inbox preview text), then content, then the footer with the
// postal address and, for subscribed readers, the manage and unsubscribe links.
import { Body, Container, Head, Hr, Html, Link, Preview, Section, Text } from "@react-email/components";
import type { ReactNode } from "react";

export interface FooterLinks {
  manageUrl: string;
  unsubscribeUrl: string;
}

export interface LayoutProps {
  preview: string;
  postalAddress: string;
  /** Omitted in the confirmation mail: the reader has not subscribed yet. */
  footerLinks?: FooterLinks;
  children: ReactNode;
}

const body = { backgroundColor: "#f6f7f9", fontFamily: "-apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif", margin: 0 };
const container = { backgroundColor: "#ffffff", margin: "0 auto", padding: "24px", maxWidth: "640px" };
const footer = { color: "#4b5563", fontSize: "12px", lineHeight: "18px" };

export function Layout({ preview, postalAddress, footerLinks, children }: LayoutProps) {
  return (
    <Html lang="en">
      <Head />
      <Body style={body}>
        <Preview>{preview}</Preview>
        <Container style={container}>
          {children}
          <Hr />
          <Section>
            {footerLinks ? (
              <Text style={footer}>
                You receive this because you subscribed to Paperboy.{" "}
                <Link href={footerLinks.manageUrl}>Manage your topics</Link> ·{" "}
                <Link href={footerLinks.unsubscribeUrl}>Unsubscribe</Link>
              </Text>
            ) : null}
            <Text style={footer}>{postalAddress}</Text>
          </Section>
        </Container>
      </Body>
    </Html>
  );
}
