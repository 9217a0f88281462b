// One paper in a digest: title (linked to its Hugging Face page), authors, why it was picked, a short abstract.
// Text arrives already made readable (readableText) and shortened; React escapes it.
import { Link, Section, Text } from "@react-email/components";

export interface PaperCardProps {
  id: string;
  title: string;
  authors: string;
  summary?: string;
  reason?: string;
  upvotes: number;
  url: string;
  arxivUrl: string;
  githubUrl?: string;
}

const card = { padding: "12px 0", borderBottom: "1px solid #e5e7eb" };
const title = { fontSize: "16px", lineHeight: "22px", fontWeight: 600, margin: "0 0 4px" };
const meta = { fontSize: "12px", lineHeight: "18px", color: "#6b7280", margin: "0 0 4px" };
const reason = { fontSize: "12px", lineHeight: "18px", color: "#1d4ed8", margin: "0 0 4px" };
const summary = { fontSize: "14px", lineHeight: "20px", color: "#374151", margin: "0 0 4px" };

export function PaperCard(p: PaperCardProps) {
  return (
    <Section style={card}>
      <Text style={title}>
        <Link href={p.url}>{p.title}</Link>
      </Text>
      <Text style={meta}>
        {`${p.authors} · ▲ ${p.upvotes} · `}
        <Link href={p.arxivUrl}>arXiv</Link>
        {p.githubUrl ? (
          <>
            {" "}
            · <Link href={p.githubUrl}>code</Link>
          </>
        ) : null}
      </Text>
      {p.reason ? <Text style={reason}>{`Why: ${p.reason}`}</Text> : null}
      {p.summary ? <Text style={summary}>{p.summary}</Text> : null}
    </Section>
  );
}
