// A mail rendered once and filled per recipient must be, byte for byte, the mail a render per recipient gives.
import { describe, expect, it } from "vitest";
import { createElement } from "react";
import { renderEmail } from "@/lib/mail/render-email";
import { prerenderTemplate } from "@/lib/mail/prerendered-template";
import ConfirmSubscription from "@/emails/confirm-subscription";

const props = { expiresInHours: 72, postalAddress: "Paperboy Reading Group, 1 Example Street, 12345 Exampleton" };

describe("prerenderTemplate", () => {
  it("fills the confirmation mail exactly as rendering it with the link does, HTML and text", async () => {
    const template = await prerenderTemplate(["confirmUrl"], ({ confirmUrl }) => createElement(ConfirmSubscription, { confirmUrl, ...props }));
    const urls = [
      "https://paperboy.example/confirm/Yy5hYmM.ZGVm_-x",
      "http://localhost:3000/confirm/other-token",
      // Characters HTML escapes, in case a base address ever carries them.
      "https://paperboy.example/a?b=1&c='2'/confirm/<x>\"y\"",
    ];
    for (const confirmUrl of urls) {
      const direct = await renderEmail(createElement(ConfirmSubscription, { confirmUrl, ...props }));
      const filled = template.fill({ confirmUrl });
      expect(filled.html).toBe(direct.html);
      expect(filled.text).toBe(direct.text);
      expect(filled.text).toContain(confirmUrl);
    }
  });

  it("refuses a slot the template does not render", async () => {
    await expect(prerenderTemplate(["confirmUrl"], () => createElement(ConfirmSubscription, { confirmUrl: "https://fixed.example/x", ...props }))).rejects.toThrow(/confirmUrl/);
  });
});
