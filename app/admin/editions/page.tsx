// Every recent edition with its progress.
import { sql } from "@/lib/digest/pg-pool";
import { listEditionProgress } from "@/lib/admin/dashboard";
import { requireOperator } from "../current-operator";
import { EditionTable } from "../edition-table";

export default async function EditionsPage() {
  await requireOperator();
  const editions = await listEditionProgress(sql());
  return (
    <main>
      <h1>Editions</h1>
      <EditionTable editions={editions} caption="Recent editions" />
    </main>
  );
}
