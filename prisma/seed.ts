// `npm run db:seed`: the topic taxonomy (idempotent). Papers come from `npm run ingest`.
import "dotenv/config";
import { db, disconnectDb } from "@/lib/db";
import { seedTopics } from "@/lib/topics/seed-topics";
import { printHelpIfAsked } from "@/lib/cli/command-line";

printHelpIfAsked(`usage: npm run db:seed [-- --overwrite]

Creates the topic taxonomy (idempotent: existing topics are kept as they are). --overwrite resets the seeded
topics' names, descriptions and keywords to the shipped ones. Papers come from \`npm run ingest\`.`);

const count = await seedTopics(db(), undefined, { overwrite: process.argv.includes("--overwrite") });
console.log(`seeded ${count} topics`);
await disconnectDb();
