// Sent once, right after a subscription is confirmed: what to expect and when, and where to change it or leave.
import { Button, Heading, Section, Text } from "@react-email/components";
import { Layout } from "./components/layout";
import { buttonStyle, cls, headingStyle, textStyle } from "./components/theme";
import type { FrequencyChoice } from "../lib/digest/frequency";

export interface WelcomeProps {
  topicNames: string[];
  frequency: FrequencyChoice;
  /** When the first digest goes out, e.g. "Tuesday, 2 December 2026, around 07:00 (UTC time)". */
  firstDigest: string;
  manageUrl: string;
  unsubscribeUrl: string;
  postalAddress: string;
}

export default function Welcome({ topicNames, frequency, firstDigest, manageUrl, unsubscribeUrl, postalAddress }: WelcomeProps) {
  return (
    <Layout preview={`Your first digest arrives ${firstDigest}`} postalAddress={postalAddress} footerLinks={{ manageUrl, unsubscribeUrl }}>
      <Heading style={headingStyle} className={cls.text}>
        Welcome to Paperboy
      </Heading>
      <Text style={textStyle} className={cls.text}>
        Your subscription is confirmed. You will get the papers trending {frequency === "daily" ? "each day" : "each week"} in:{" "}
        {topicNames.length ? topicNames.join(", ") : "the topics you chose"}.
      </Text>
      <Text style={textStyle} className={cls.text}>
        Your first digest arrives on <strong>{firstDigest}</strong>, if there are new papers in your topics by then.
      </Text>
      <Text style={textStyle} className={cls.text}>
        Change your topics, switch between daily and weekly, pause, download or delete your data at any time on your
        preferences page.
      </Text>
      <Section style={{ margin: "24px 0" }}>
        <Button href={manageUrl} style={buttonStyle}>
          Open my preferences
        </Button>
      </Section>
    </Layout>
  );
}

Welcome.PreviewProps = {
  topicNames: ["LLM inference and efficiency", "Reasoning"],
  frequency: "daily",
  firstDigest: "Tuesday, 2 December 2026, around 07:00 (UTC time)",
  manageUrl: "http://localhost:3000/manage/preview-token",
  unsubscribeUrl: "http://localhost:3000/unsubscribe/preview-token",
  postalAddress: "Paperboy Reading Group, 1 Example Street, 12345 Exampleton",
} satisfies WelcomeProps;
