// Pages reached through a link with a token: no referrer (the token must not leak to other sites) and no indexing.
import type { Metadata } from "next";

export const tokenPageMetadata: Metadata = {
  referrer: "no-referrer",
  robots: { index: false, follow: false },
};
