// The double opt-in mail. It carries nothing a visitor typed (only our own text and a signed link), so the signup
// form cannot be used to send someone else a message of the visitor's choosing.
import { Button, Heading, Link, Section, Text } from "@react-email/components";
import { Layout } from "./components/layout";
import { breakableStyle, buttonStyle, cls, headingStyle, linkStyle, textStyle } from "./components/theme";

export interface ConfirmSubscriptionProps {
  confirmUrl: string;
  expiresInHours: number;
  postalAddress: string;
}

export default function ConfirmSubscription({ confirmUrl, expiresInHours, postalAddress }: ConfirmSubscriptionProps) {
  return (
    <Layout preview="Confirm your Paperboy subscription" postalAddress={postalAddress}>
      <Heading style={headingStyle} className={cls.text}>
        Confirm your subscription
      </Heading>
      <Text style={textStyle} className={cls.text}>
        Someone, hopefully you, asked to receive the research papers trending today from Paperboy at this address.
        Open the link below and press the button to start receiving them.
      </Text>
      <Section style={{ margin: "24px 0" }}>
        <Button href={confirmUrl} style={buttonStyle}>
          Confirm my subscription
        </Button>
      </Section>
      <Text style={textStyle} className={cls.text}>
        Or paste this link into your browser:
        <br />
        <Link href={confirmUrl} style={{ ...linkStyle, ...breakableStyle }} className={cls.link}>
          {confirmUrl}
        </Link>
      </Text>
      <Text style={textStyle} className={cls.text}>
        The link works for {expiresInHours} hours. If you did not ask for this, ignore this mail: without a confirmation
        you will not hear from us again.
      </Text>
    </Layout>
  );
}

ConfirmSubscription.PreviewProps = {
  confirmUrl: "http://localhost:3000/confirm/preview-token",
  expiresInHours: 72,
  postalAddress: "Paperboy Reading Group, 1 Example Street, 12345 Exampleton",
} satisfies ConfirmSubscriptionProps;
