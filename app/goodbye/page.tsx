// Where "delete me" lands: the subscriber is gone, so there is no token page to return to.
export const metadata = { title: "Your data has been deleted · Paperboy" };

export default function Goodbye() {
  return (
    <main>
      <div className="card">
        <h1>Your data has been deleted</h1>
        <p role="status">
          We removed your address, your choices and your history. We keep only a one-way fingerprint of the address so
          that we never mail it again.
        </p>
        <p>
          <a href="/">Go to the home page</a>
        </p>
      </div>
    </main>
  );
}
