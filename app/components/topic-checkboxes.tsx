// The topic checkboxes shared by the signup form and the preferences page (same ids, so labels and tests agree).
// Each description is shown under its name, not hidden in a tooltip that touch screens and keyboards never see.
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
          <input
            type="checkbox"
            id={`topic-${t.slug}`}
            name="topics"
            value={t.slug}
            defaultChecked={chosen.has(t.slug)}
            aria-describedby={t.description ? `topic-${t.slug}-description` : undefined}
          />
          <div>
            <label htmlFor={`topic-${t.slug}`}>{t.name}</label>
            {t.description ? (
              <span className="topic-description" id={`topic-${t.slug}-description`}>
                {t.description}
              </span>
            ) : null}
          </div>
        </div>
      ))}
    </div>
  );
}
