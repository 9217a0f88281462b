// The answer to a sign-up turned away because the site is busy. Without JavaScript the browser shows this page; its
// Back button returns to the form with what the person typed still in it.

export const BUSY_RETRY_AFTER_SECONDS = 5;

export const BUSY_PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Busy right now - Paperboy</title></head>
<body>
<main>
<h1>Busy right now</h1>
<p>Many people are signing up at this moment and your sign-up was not taken. Nothing was saved.</p>
<p>Please go back (your browser keeps what you typed in the form) and press Subscribe again in a few seconds.</p>
<p><a href="/">Back to the sign-up form</a></p>
</main>
</body>
</html>
`;
