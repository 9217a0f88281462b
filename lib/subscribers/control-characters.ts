// Visitors' text must never smuggle line breaks or other invisible characters into headers, logs or the database
// (header injection, log forging). C0 controls (incl. CR, LF, NUL, TAB), DEL, C1 controls and the Unicode line and
// paragraph separators are refused in every field, not stripped: silently editing what someone typed hides bugs.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

export function hasControlCharacters(value: string): boolean {
  return CONTROL.test(value);
}
