// One topic: change its name, description, keywords and categories (through the preview), retire it or offer it again.
import { notFound } from "next/navigation";
import { db } from "@/lib/db";
import { topicBySlug } from "@/lib/admin/topic-admin";
import { requireOperator } from "../../current-operator";
import { TopicForm } from "../topic-form";

const RESULT: Record<string, string> = {
  "saved=1": "Saved. Every paper was tagged again with the new rules.",
  "retired=done": "The topic is retired: it is no longer offered at sign-up and tags no paper.",
  "retired=unchanged": "Nothing changed: the topic was already retired.",
  "restored=done": "The topic is offered again, and papers were tagged with it again.",
  "restored=unchanged": "Nothing changed: the topic was already offered.",
};

export default async function TopicPage({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const operator = await requireOperator();
  const { slug } = await params;
  const query = await searchParams;
  const topic = await topicBySlug(db(), slug);
  if (!topic) notFound();
  const result = ["saved", "retired", "restored"].map((k) => (typeof query[k] === "string" ? RESULT[`${k}=${query[k]}`] : undefined)).find(Boolean);
  return (
    <main>
      <h1>Topic: {topic.name}</h1>
      {result ? (
        <div className="notice success" role="status">
          <p>{result}</p>
        </div>
      ) : null}
      <p>
        Short name <code>{topic.slug}</code> · {topic.active ? "offered at sign-up" : "retired"} · {topic.papers} papers tagged.
      </p>
      <h2>Change it</h2>
      <TopicForm draft={{ mode: "edit", ...topic }} csrf={operator.csrfToken} submitLabel="Preview the change" idPrefix="edit" />
      <div className="danger-zone">
        <h2>{topic.active ? "Retire it" : "Offer it again"}</h2>
        {topic.active ? (
          <>
            <p>A retired topic is no longer offered at sign-up and tags no paper. Readers who chose it keep it, and simply get nothing from it.</p>
            <form method="post" action={`/admin/topics/${topic.slug}/retire`}>
              <input type="hidden" name="csrf" value={operator.csrfToken} />
              <button type="submit" className="danger">Retire {topic.name}</button>
            </form>
          </>
        ) : (
          <form method="post" action={`/admin/topics/${topic.slug}/restore`}>
            <input type="hidden" name="csrf" value={operator.csrfToken} />
            <button type="submit">Offer {topic.name} again</button>
          </form>
        )}
      </div>
    </main>
  );
}
