// The digest mail (daily or weekly). Rendered once per distinct paper list and shared by every subscriber who
// gets that list: the per-subscriber links (manage, unsubscribe, and each paper's feedback links) are placeholders
// filled in afterwards, so nothing here may depend on who the reader is.
import { Heading, Section, Text } from "@react-email/components";
import { Layout } from "./components/layout";
import { FEEDBACK_LABELS, feedbackLinksOf, upvotesText } from "../lib/digest/digest-paper-card";
import { PaperCard, type PaperCardProps } from "./components/paper-card";
import { cls, colours, headingStyle, mutedStyle, textStyle } from "./components/theme";
import type { Frequency } from "../lib/digest/frequency";

export interface DailyDigestProps {
  dateLabel: string;
  frequency: Frequency;
  papers: PaperCardProps[];
  /** From outside the reader's topics, close to what they liked ("You may also like"). */
  suggestions?: PaperCardProps[];
  alsoTrending: PaperCardProps[];
  viewInBrowserUrl: string;
  manageUrl: string;
  unsubscribeUrl: string;
  postalAddress: string;
}

const h1 = { ...headingStyle, margin: "0 0 4px" };
const h2 = { fontSize: "16px", lineHeight: "22px", margin: "24px 0 4px", color: colours.text };
const small = { ...mutedStyle, fontSize: "13px", margin: "0 0 12px" };

export function digestSubject(p: Pick<DailyDigestProps, "dateLabel" | "frequency" | "papers" | "alsoTrending">): string {
  const n = p.papers.length;
  const what = p.frequency === "WEEKLY" ? "This week" : "Today";
  return n > 0
    ? `${what} in your topics: ${n} trending paper${n === 1 ? "" : "s"} (${p.dateLabel})`
    : `${what} on Paperboy: nothing new in your topics (${p.dateLabel})`;
}

export default function DailyDigest(p: DailyDigestProps) {
  const first = p.papers[0] ?? p.alsoTrending[0];
  return (
    <Layout
      preview={first ? `${first.title}` : "Trending papers"}
      postalAddress={p.postalAddress}
      footerLinks={{ manageUrl: p.manageUrl, unsubscribeUrl: p.unsubscribeUrl }}
      viewInBrowserUrl={p.viewInBrowserUrl}
    >
      <Heading as="h1" style={h1} className={cls.text}>
        {p.frequency === "WEEKLY" ? "Your week in papers" : "Trending today in your topics"}
      </Heading>
      <Text style={small} className={cls.muted}>
        {p.dateLabel}
      </Text>
      {p.papers.length === 0 ? (
        <Text style={textStyle} className={cls.text}>
          Nothing new in your topics this time.
        </Text>
      ) : null}
      <Section>
        {p.papers.map((paper) => (
          <PaperCard key={paper.id} {...paper} />
        ))}
      </Section>
      {p.suggestions?.length ? (
        <>
          <Heading as="h2" style={h2} className={cls.text}>
            You may also like
          </Heading>
          <Section>
            {p.suggestions.map((paper) => (
              <PaperCard key={paper.id} {...paper} />
            ))}
          </Section>
        </>
      ) : null}
      {p.alsoTrending.length > 0 ? (
        <>
          <Heading as="h2" style={h2} className={cls.text}>
            Also trending
          </Heading>
          <Section>
            {p.alsoTrending.map((paper) => (
              <PaperCard key={paper.id} {...paper} />
            ))}
          </Section>
        </>
      ) : null}
    </Layout>
  );
}

const sample = (i: number, reason?: string): PaperCardProps => ({
  id: `2503.1062${i}`,
  title: `Sample paper ${i}: H₂O-aware speculative decoding at 100× speed`,
  authors: "Ada Lovelace, Alan Turing, Grace Hopper",
  summary: "We show that a small draft model proposes tokens that a large model verifies in parallel, which keeps the output distribution unchanged while cutting latency.",
  ...(reason ? { reason } : {}),
  upvotes: 120 - i * 7,
  url: `https://huggingface.co/papers/2503.1062${i}`,
  arxivUrl: `https://arxiv.org/abs/2503.1062${i}`,
  feedback: feedbackLinksOf(`http://localhost:3000/feedback/preview-${i}`),
});

DailyDigest.PreviewProps = {
  dateLabel: "Friday, 14 March 2025",
  frequency: "DAILY",
  papers: [1, 2, 3].map((i) => sample(i, "Efficient inference: mentions “speculative decoding”")),
  alsoTrending: [4, 5].map((i) => sample(i)),
  viewInBrowserUrl: "http://localhost:3000/editions/00000000-0000-4000-8000-000000000000",
  manageUrl: "http://localhost:3000/manage/preview",
  unsubscribeUrl: "http://localhost:3000/unsubscribe/preview",
  postalAddress: "Paperboy Reading Group, 1 Example Street, 12345 Exampleton",
} satisfies DailyDigestProps;

/**
 * The plain-text part, written from the same props rather than derived from the HTML: html-to-text on a rendered
 * digest costs about a third of a React render, and a hand-laid-out text reads better in text-only clients.
 */
export function digestText(p: DailyDigestProps): string {
  const card = (c: PaperCardProps, i: number) =>
    [
      `${i + 1}. ${c.title}`,
      `   ${c.authors} · ${upvotesText(c.upvotes)}`,
      ...(c.reason ? [`   Why: ${c.reason}`] : []),
      ...(c.summary ? [`   ${c.summary}`] : []),
      `   ${c.url}`,
      `   arXiv: ${c.arxivUrl}${c.githubUrl ? `  code: ${c.githubUrl}` : ""}`,
      ...(c.feedback
        ? [`   ${FEEDBACK_LABELS.more}: ${c.feedback.more}`, `   ${FEEDBACK_LABELS.less}: ${c.feedback.less}`, `   ${FEEDBACK_LABELS.save}: ${c.feedback.save}`]
        : []),
    ].join("\n");
  return [
    p.frequency === "WEEKLY" ? "YOUR WEEK IN PAPERS" : "TRENDING TODAY IN YOUR TOPICS",
    p.dateLabel,
    "",
    p.papers.length === 0 ? "Nothing new in your topics this time." : p.papers.map(card).join("\n\n"),
    ...(p.suggestions?.length ? ["", "YOU MAY ALSO LIKE", "", p.suggestions.map(card).join("\n\n")] : []),
    ...(p.alsoTrending.length ? ["", "ALSO TRENDING", "", p.alsoTrending.map(card).join("\n\n")] : []),
    "",
    "--",
    `View in browser: ${p.viewInBrowserUrl}`,
    "You receive this because you subscribed to Paperboy.",
    `Manage your topics: ${p.manageUrl}`,
    `Unsubscribe: ${p.unsubscribeUrl}`,
    p.postalAddress,
    "",
  ].join("\n");
}
