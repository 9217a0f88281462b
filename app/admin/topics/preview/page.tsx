// What a topic change would do before it is saved: the papers of the last week it would gain and lose, then a form
// that saves exactly these values (or the fields again, to change them and preview once more). Changes nothing.
import { db } from "@/lib/db";
import { InputError } from "@/lib/errors";
import { PREVIEW_DAYS, previewTopicChange, readTopicDraft, type PaperChange, type TopicPreview } from "@/lib/admin/topic-admin";
import { requireOperator } from "../../current-operator";
import { TopicForm } from "../topic-form";

function PaperList({ papers, caption }: { papers: PaperChange[]; caption: string }) {
  if (papers.length === 0) return <p>None.</p>;
  return (
    <table>
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Paper</th>
          <th scope="col">Why</th>
        </tr>
      </thead>
      <tbody>
        {papers.map((p) => (
          <tr key={p.id}>
            <td>
              {p.title} <span className="muted">({p.id})</span>
            </td>
            <td>{p.reason}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export default async function TopicPreviewPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const operator = await requireOperator();
  const query = await searchParams;
  const get = (name: string) => {
    const v = query[name];
    return Array.isArray(v) ? v[0] : v;
  };
  const mode: "add" | "edit" = get("mode") === "add" ? "add" : "edit";
  let preview: TopicPreview | null = null;
  let problem: string | null = null;
  try {
    preview = await previewTopicChange(db(), readTopicDraft(get));
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    problem = err.message;
  }
  if (!preview) {
    // The values as typed, so the operator can correct them.
    const typed = { mode, slug: get("slug") ?? "", name: get("name") ?? "", description: get("description") ?? "", keywords: [get("keywords") ?? ""], arxivCategories: [get("categories") ?? ""] };
    return (
      <main>
        <h1>Preview a topic change</h1>
        <div className="notice error" role="alert">
          <p>Not previewed: {problem}.</p>
        </div>
        <TopicForm draft={typed} csrf={operator.csrfToken} submitLabel="Preview again" idPrefix="fix" />
      </main>
    );
  }
  const d = preview.draft;
  return (
    <main>
      <h1>
        Preview: {d.mode === "add" ? "new topic" : "changes to"} {d.name}
      </h1>
      <p>
        Of the {preview.papersConsidered} papers first seen in the last {PREVIEW_DAYS} days, {d.name} would gain {preview.gains.length} and lose {preview.losses.length}.
        {preview.retired ? " The topic is retired, so it tags nothing until it is offered again." : ""}
      </p>
      <h2>Papers it would gain ({preview.gains.length})</h2>
      <PaperList papers={preview.gains} caption="Papers the topic would gain" />
      <h2>Papers it would lose ({preview.losses.length})</h2>
      <PaperList papers={preview.losses} caption="Papers the topic would lose" />
      <h2>Save</h2>
      <dl className="draft">
        <dt>Name</dt>
        <dd>{d.name}</dd>
        <dt>Description</dt>
        <dd>{d.description || "none"}</dd>
        <dt>Keywords</dt>
        <dd>{d.keywords.join(", ")}</dd>
        <dt>arXiv categories</dt>
        <dd>{d.arxivCategories.join(", ") || "none"}</dd>
      </dl>
      <form method="post" action="/admin/topics/save">
        <input type="hidden" name="csrf" value={operator.csrfToken} />
        <input type="hidden" name="mode" value={d.mode} />
        <input type="hidden" name="slug" value={d.slug} />
        <input type="hidden" name="name" value={d.name} />
        <input type="hidden" name="description" value={d.description} />
        <input type="hidden" name="keywords" value={d.keywords.join("\n")} />
        <input type="hidden" name="categories" value={d.arxivCategories.join(", ")} />
        <button type="submit">{d.mode === "add" ? "Save the new topic and tag papers" : "Save and tag papers again"}</button>
      </form>
      <h2>Change it again</h2>
      <TopicForm draft={d} csrf={operator.csrfToken} submitLabel="Preview again" idPrefix="again" />
    </main>
  );
}
