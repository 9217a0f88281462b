// The console's sign-in link, sent only to an address listed in ADMIN_EMAILS. It carries nothing the requester typed.
import { Button, Heading, Link, Section, Text } from "@react-email/components";
import { Layout } from "./components/layout";
import { breakableStyle, buttonStyle, cls, headingStyle, linkStyle, textStyle } from "./components/theme";

export interface AdminSignInProps {
  signInUrl: string;
  validMinutes: number;
  postalAddress: string;
}

export default function AdminSignIn({ signInUrl, validMinutes, postalAddress }: AdminSignInProps) {
  return (
    <Layout preview="Your Paperboy console sign-in link" postalAddress={postalAddress}>
      <Heading style={headingStyle} className={cls.text}>
        Sign in to the Paperboy console
      </Heading>
      <Text style={textStyle} className={cls.text}>
        Someone, hopefully you, asked to sign in to the operator console with this address. Open the link below and
        press the button.
      </Text>
      <Section style={{ margin: "24px 0" }}>
        <Button href={signInUrl} style={buttonStyle}>
          Sign in
        </Button>
      </Section>
      <Text style={textStyle} className={cls.text}>
        Or paste this link into your browser:
        <br />
        <Link href={signInUrl} style={{ ...linkStyle, ...breakableStyle }} className={cls.link}>
          {signInUrl}
        </Link>
      </Text>
      <Text style={textStyle} className={cls.text}>
        The link works once, for {validMinutes} minutes. If you did not ask for it, ignore this mail.
      </Text>
    </Layout>
  );
}

AdminSignIn.PreviewProps = {
  signInUrl: "http://localhost:3000/admin/sign-in/link/preview-token",
  validMinutes: 15,
  postalAddress: "Paperboy Reading Group, 1 Example Street, 12345 Exampleton",
} satisfies AdminSignInProps;
