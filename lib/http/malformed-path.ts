// A path whose percent-encoding does not decode (`%ZZ`, a cut-off or overlong UTF-8 sequence such as `%E0%A4%A` or
// `%C0%AE`) cannot name anything here. Next.js fails on such a path before any route runs, so it is answered
// earlier, by the proxy, with the page every bad link gets.
export function hasMalformedEncoding(pathname: string): boolean {
  for (const segment of pathname.split("/")) {
    try {
      decodeURIComponent(segment);
    } catch {
      return true;
    }
  }
  return false;
}
