export default function Home() {
  return (
    <main>
      <h1>Get trending papers in your email inbox!</h1>
    </main>
  );
}
