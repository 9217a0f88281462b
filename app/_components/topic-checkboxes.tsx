// The topic checkboxes shared by the signup form and the preferences page (same ids, so labels and tests agree).
export interface TopicOption {
  slug: string;
  name: string;
  description: string;
}

export function TopicCheckboxes({ topics, chosen }: { topics: TopicOption[]; chosen: ReadonlySet<string> }) {
  return (
    <div className="topic-grid">
      {topics.map((t) => (
        <div className="check" key={t.slug}>
          <input type="checkbox" id={`topic-${t.slug}`} name="topics" value={t.slug} defaultChecked={chosen.has(t.slug)} />
          <label htmlFor={`topic-${t.slug}`} title={t.description}>
            {t.name}
          </label>
        </div>
      ))}
    </div>
  );
}
