// One paper in a digest: title (linked to its Hugging Face page), authors, upvotes, why it was picked, a short
// abstract. Text arrives already made readable (readableText) and shortened; React escapes it.
import { Link, Section, Text } from "@react-email/components";
import { FEEDBACK_LABELS, upvotesText, type DigestPaperCard } from "../../lib/digest/digest-paper-card";
import { cls, colours, linkStyle } from "./theme";

/** Long words (titles, URLs in abstracts) break instead of widening the mail on a phone. */
const breakableText = { overflowWrap: "anywhere" as const, wordBreak: "break-word" as const };

export type PaperCardProps = DigestPaperCard;

const card = { padding: "12px 0", borderBottom: `1px solid ${colours.border}` };
const title = { fontSize: "16px", lineHeight: "22px", fontWeight: 600, margin: "0 0 4px", ...breakableText };
const meta = { fontSize: "13px", lineHeight: "20px", color: colours.muted, margin: "0 0 4px" };
const reason = { fontSize: "13px", lineHeight: "20px", color: colours.text, margin: "0 0 4px" };
const summary = { fontSize: "14px", lineHeight: "21px", color: colours.text, margin: "0 0 4px", ...breakableText };
const feedback = { fontSize: "13px", lineHeight: "20px", color: colours.muted, margin: "4px 0 0" };

export function PaperCard(p: PaperCardProps) {
  return (
    <Section style={card} className={cls.rule}>
      <Text style={title}>
        <Link href={p.url} style={linkStyle} className={cls.link}>
          {p.title}
        </Link>
      </Text>
      <Text style={meta} className={cls.muted}>
        {`${p.authors} · ▲ ${upvotesText(p.upvotes)} · `}
        <Link href={p.arxivUrl} style={linkStyle} className={cls.link}>
          arXiv
        </Link>
        {p.githubUrl ? (
          <>
            {" "}
            ·{" "}
            <Link href={p.githubUrl} style={linkStyle} className={cls.link}>
              code
            </Link>
          </>
        ) : null}
      </Text>
      {p.reason ? (
        <Text style={reason} className={cls.text}>
          {`Why: ${p.reason}`}
        </Text>
      ) : null}
      {p.summary ? (
        <Text style={summary} className={cls.text}>
          {p.summary}
        </Text>
      ) : null}
      {p.feedback ? (
        <Text style={feedback} className={cls.muted}>
          <Link href={p.feedback.more} style={linkStyle} className={cls.link}>
            {FEEDBACK_LABELS.more}
          </Link>
          {" · "}
          <Link href={p.feedback.less} style={linkStyle} className={cls.link}>
            {FEEDBACK_LABELS.less}
          </Link>
          {" · "}
          <Link href={p.feedback.save} style={linkStyle} className={cls.link}>
            {FEEDBACK_LABELS.save}
          </Link>
        </Text>
      ) : null}
    </Section>
  );
}
