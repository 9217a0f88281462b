// Topics in the order readers see them: reorder, open one to edit or retire it, add a new one (through the preview).
import { db } from "@/lib/db";
import { topicsInOrder } from "@/lib/admin/topic-admin";
import { requireOperator } from "../current-operator";
import { TopicForm } from "./topic-form";

const RESULT: Record<string, string> = {
  "moved=done": "The topic moved.",
  "moved=unchanged": "Nothing changed: the topic is already at that end of the list.",
  "moved=missing": "There is no such topic.",
};

export default async function TopicsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const operator = await requireOperator();
  const query = await searchParams;
  const topics = await topicsInOrder(db());
  const result = typeof query.moved === "string" ? RESULT[`moved=${query.moved}`] : undefined;
  return (
    <main>
      <h1>Topics</h1>
      {result ? (
        <div className="notice success" role="status">
          <p>{result}</p>
        </div>
      ) : null}
      <p className="muted">In the order the sign-up form and the digests list them. A retired topic is no longer offered and tags no paper; readers who chose it keep the choice.</p>
      <table>
        <thead>
          <tr>
            <th scope="col">Topic</th>
            <th scope="col">State</th>
            <th scope="col" className="num">Keywords</th>
            <th scope="col">arXiv categories</th>
            <th scope="col" className="num">Papers</th>
            <th scope="col">Order</th>
          </tr>
        </thead>
        <tbody>
          {topics.map((t, i) => (
            <tr key={t.slug}>
              <td>
                <a href={`/admin/topics/${t.slug}`}>{t.name}</a> <span className="muted">({t.slug})</span>
              </td>
              <td>{t.active ? "offered" : "retired"}</td>
              <td className="num">{t.keywords.length}</td>
              <td>{t.arxivCategories.join(", ")}</td>
              <td className="num">{t.papers}</td>
              <td>
                <div className="order-buttons">
                  {i > 0 ? (
                    <form method="post" action={`/admin/topics/${t.slug}/move`}>
                      <input type="hidden" name="csrf" value={operator.csrfToken} />
                      <input type="hidden" name="direction" value="up" />
                      <button type="submit" className="secondary" aria-label={`Move ${t.name} up`}>Up</button>
                    </form>
                  ) : null}
                  {i < topics.length - 1 ? (
                    <form method="post" action={`/admin/topics/${t.slug}/move`}>
                      <input type="hidden" name="csrf" value={operator.csrfToken} />
                      <input type="hidden" name="direction" value="down" />
                      <button type="submit" className="secondary" aria-label={`Move ${t.name} down`}>Down</button>
                    </form>
                  ) : null}
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2 id="add">Add a topic</h2>
      <p className="muted">You will see which of the last week&apos;s papers it would take before it is saved.</p>
      <TopicForm draft={{ mode: "add" }} csrf={operator.csrfToken} submitLabel="Preview the new topic" idPrefix="add" />
    </main>
  );
}
