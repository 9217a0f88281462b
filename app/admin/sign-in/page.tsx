// The console's sign-in form. The answer after sending it is the same for every address.
import { redirect } from "next/navigation";
import { currentOperator } from "../current-operator";

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  if (await currentOperator()) redirect("/admin");
  const query = await searchParams;
  return (
    <main className="admin-sign-in">
      <h1>Sign in to the console</h1>
      {query.sent !== undefined ? (
        <div className="notice success" role="status">
          <p>If this address may sign in, a sign-in link is on its way to it. The link works once, for 15 minutes.</p>
        </div>
      ) : null}
      {query.expired !== undefined ? (
        <div className="notice error" role="alert">
          <p>That sign-in link has expired or was already used. Ask for a new one below.</p>
        </div>
      ) : null}
      <form method="post" action="/admin/sign-in/request">
        <div className="field">
          <label htmlFor="email">Operator e-mail address</label>
          <input id="email" name="email" type="email" autoComplete="email" required maxLength={254} />
        </div>
        <button type="submit">Send me a sign-in link</button>
      </form>
    </main>
  );
}
