// The signup form's stamp (minimum fill time) travels in a cookie set with the landing page, because that page is
// served from a cache and cannot carry one stamp per visitor in its HTML. A stamp in the form itself (handed back
// with an answer that shows the form again) wins over the cookie.
export const FORM_STAMP_COOKIE = "pb_form_stamp";
export const FORM_STAMP_COOKIE_MAX_AGE = 24 * 3600;

interface CookieReader {
  get(name: string): { value: string } | undefined;
}

export function stampFromFormOrCookie(formStamp: unknown, cookies: CookieReader): unknown {
  if (typeof formStamp === "string" && formStamp !== "") return formStamp;
  return cookies.get(FORM_STAMP_COOKIE)?.value ?? formStamp;
}
