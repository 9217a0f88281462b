// The double opt-in mail. It carries nothing a visitor typed (only our own text and a signed link), so the signup
// form cannot be used to send someone else a message of the visitor's choosing.
import { Button, Heading, Section, Text } from "@react-email/components";
import { Layout } from "./components/layout";

export interface ConfirmSubscriptionProps {
  confirmUrl: string;
  expiresInHours: number;
  postalAddress: string;
}

const heading = { fontSize: "22px", lineHeight: "30px", color: "#111827" };
const text = { fontSize: "15px", lineHeight: "24px", color: "#1f2937" };
const button = { backgroundColor: "#1d4ed8", color: "#ffffff", padding: "12px 20px", borderRadius: "6px", fontSize: "15px", fontWeight: 600 };

export default function ConfirmSubscription({ confirmUrl, expiresInHours, postalAddress }: ConfirmSubscriptionProps) {
  return (
    <Layout preview="Confirm your Paperboy subscription" postalAddress={postalAddress}>
      <Heading style={heading}>Confirm your subscription</Heading>
      <Text style={text}>
        Someone, hopefully you, asked to receive the research papers trending today from Paperboy at this address.
        Open the link below and press the button to start receiving them.
      </Text>
      <Section style={{ margin: "24px 0" }}>
        <Button href={confirmUrl} style={button}>
          Confirm my subscription
        </Button>
      </Section>
      <Text style={text}>Or paste this link into your browser: {confirmUrl}</Text>
      <Text style={text}>
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
