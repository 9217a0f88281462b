// Creates the database named in DATABASE_URL when it does not exist yet (quickstart on a fresh machine).
import "dotenv/config";
import pg from "pg";
import { env } from "@/lib/env";

const target = new URL(env().DATABASE_URL);
const name = decodeURIComponent(target.pathname.slice(1));
if (!/^[A-Za-z0-9_]+$/.test(name)) throw new Error(`DATABASE_URL names an unusual database "${name}": create it yourself`);
const admin = new URL(target);
admin.pathname = "/postgres";
const client = new pg.Client({ connectionString: admin.toString() });
await client.connect();
const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
if (!rowCount) {
  await client.query(`CREATE DATABASE "${name}"`);
  console.log(`paperboy: created database ${name}`);
}
await client.end();
