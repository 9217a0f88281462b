// `npm run db:seed`: the topic taxonomy (idempotent). Papers come from `npm run ingest`.
import "dotenv/config";
import { db, disconnectDb } from "@/lib/db";
import { seedTopics } from "@/lib/topics/seed-topics";

const count = await seedTopics(db(), undefined, { overwrite: process.argv.includes("--overwrite") });
console.log(`seeded ${count} topics`);
await disconnectDb();
