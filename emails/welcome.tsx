// Sent once, right after a subscription is confirmed: what to expect, and where to change it or leave.
import { Heading, Link, Text } from "@react-email/components";
import { Layout } from "./components/layout";

export interface WelcomeProps {
  topicNames: string[];
  frequency: "daily" | "weekly";
  manageUrl: string;
  unsubscribeUrl: string;
  postalAddress: string;
}

const heading = { fontSize: "22px", lineHeight: "30px", color: "#111827" };
const text = { fontSize: "15px", lineHeight: "24px", color: "#1f2937" };

export default function Welcome({ topicNames, frequency, manageUrl, unsubscribeUrl, postalAddress }: WelcomeProps) {
  return (
    <Layout preview="You're subscribed to Paperboy" postalAddress={postalAddress} footerLinks={{ manageUrl, unsubscribeUrl }}>
      <Heading style={heading}>Welcome to Paperboy</Heading>
      <Text style={text}>
        Your subscription is confirmed. You will get the papers trending {frequency === "daily" ? "each day" : "each week"} in:{" "}
        {topicNames.length ? topicNames.join(", ") : "the topics you chose"}.
      </Text>
      <Text style={text}>
        Change your topics, switch between daily and weekly, pause, download or delete your data at any time on your
        preferences page:
      </Text>
      <Text style={text}>
        <Link href={manageUrl}>Open my preferences</Link>
      </Text>
    </Layout>
  );
}

Welcome.PreviewProps = {
  topicNames: ["LLM inference and efficiency", "Reasoning"],
  frequency: "daily",
  manageUrl: "http://localhost:3000/manage/preview-token",
  unsubscribeUrl: "http://localhost:3000/unsubscribe/preview-token",
  postalAddress: "Paperboy Reading Group, 1 Example Street, 12345 Exampleton",
} satisfies WelcomeProps;
