// A topic's fields (add, edit, or edit again on the preview page). It posts to the preview, never straight to save.
import type { TopicDraft } from "@/lib/admin/topic-admin";

export function TopicForm({ draft, csrf, submitLabel, idPrefix }: { draft: Partial<TopicDraft> & { mode: "add" | "edit" }; csrf: string; submitLabel: string; idPrefix: string }) {
  const id = (name: string) => `${idPrefix}-${name}`;
  return (
    <form method="post" action="/admin/topics/propose" className="topic-form">
      <input type="hidden" name="csrf" value={csrf} />
      <input type="hidden" name="mode" value={draft.mode} />
      {draft.mode === "edit" ? (
        <input type="hidden" name="slug" value={draft.slug ?? ""} />
      ) : (
        <div className="field">
          <label htmlFor={id("slug")}>Short name (in links; lower-case words joined by hyphens)</label>
          <input id={id("slug")} name="slug" type="text" required maxLength={60} pattern="[a-z0-9]+(-[a-z0-9]+)*" defaultValue={draft.slug ?? ""} />
        </div>
      )}
      <div className="field">
        <label htmlFor={id("name")}>Name</label>
        <input id={id("name")} name="name" type="text" required maxLength={80} defaultValue={draft.name ?? ""} />
      </div>
      <div className="field">
        <label htmlFor={id("description")}>Description (shown at sign-up)</label>
        <textarea id={id("description")} name="description" rows={2} maxLength={500} defaultValue={draft.description ?? ""} />
      </div>
      <div className="field">
        <label htmlFor={id("keywords")}>Keywords (one per line or separated by commas)</label>
        <textarea id={id("keywords")} name="keywords" rows={6} required defaultValue={(draft.keywords ?? []).join("\n")} />
      </div>
      <div className="field">
        <label htmlFor={id("categories")}>arXiv categories (e.g. cs.CL, stat.ML)</label>
        <input id={id("categories")} name="categories" type="text" maxLength={400} defaultValue={(draft.arxivCategories ?? []).join(", ")} />
      </div>
      <button type="submit">{submitLabel}</button>
    </form>
  );
}
