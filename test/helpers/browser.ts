// Debian's Chromium for the browser tests (installed by scripts/ensure-chromium.sh), headless and quiet: as root it
// needs --no-sandbox, and it must not reach for the network on its own (there is none here).
import { chromium, type Browser } from "playwright-core";

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}
