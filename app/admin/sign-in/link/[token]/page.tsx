// Where a sign-in link leads. A GET changes nothing (mail scanners open links): the button signs in.
import { db } from "@/lib/db";
import { signInLinkUsable } from "@/lib/admin/sign-in";

export default async function SignInLinkPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const usable = await signInLinkUsable(db(), token);
  return (
    <main className="admin-sign-in">
      <h1>Sign in to the console</h1>
      {usable ? (
        <form method="post" action="/admin/sign-in/complete">
          <input type="hidden" name="token" value={token} />
          <button type="submit">Sign in</button>
        </form>
      ) : (
        <div className="notice error" role="alert">
          <p>
            This sign-in link has expired or was already used. <a href="/admin/sign-in">Ask for a new one</a>.
          </p>
        </div>
      )}
    </main>
  );
}
