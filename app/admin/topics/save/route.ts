// POST: saves a previewed topic (added or changed), re-tags every paper, audited; then the topic's page.
import { db } from "@/lib/db";
import { InputError } from "@/lib/errors";
import { guardAction } from "@/lib/admin/guard-action";
import { readTopicDraft, saveTopicDraft, typedDraftQuery } from "@/lib/admin/topic-admin";

export async function POST(request: Request): Promise<Response> {
  return guardAction(request, db(), async ({ operator, client, form }) => {
    try {
      const draft = readTopicDraft((name) => form.get(name));
      await saveTopicDraft(db(), draft, operator, client);
      return `/admin/topics/${draft.slug}?saved=1`;
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      // Back to the preview, which says what is wrong with these values.
      return `/admin/topics/preview?${typedDraftQuery(form)}`;
    }
  });
}
