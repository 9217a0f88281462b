import { describe, expect, it } from "vitest";
import { signToken, verifyToken } from "@/lib/tokens/tokens";

const keys = { current: "a".repeat(32), previous: [] as string[] };
const id = "0b6f1b2e-7a44-4a8e-9d1c-2f3e4a5b6c7d";
const edition = "1c6f1b2e-7a44-4a8e-9d1c-2f3e4a5b6c7d";

describe("tokens", () => {
  it("round-trips claims for the right purpose", () => {
    const t = signToken({ purpose: "unsubscribe", subscriberId: id, editionId: edition }, keys);
    expect(verifyToken(t, "unsubscribe", { keys })).toEqual({ purpose: "unsubscribe", subscriberId: id, editionId: edition });
    expect(t).not.toContain(id);
  });

  it("rejects a swapped purpose", () => {
    const t = signToken({ purpose: "manage", subscriberId: id }, keys);
    expect(verifyToken(t, "unsubscribe", { keys })).toBeNull();
    expect(verifyToken(t, "confirm", { keys })).toBeNull();
  });

  it("rejects tampering with the body or the signature", () => {
    const t = signToken({ purpose: "manage", subscriberId: id }, keys);
    const [body, sig] = t.split(".");
    const otherBody = Buffer.from(`m.${edition}..`).toString("base64url");
    expect(verifyToken(`${otherBody}.${sig}`, "manage", { keys })).toBeNull();
    expect(verifyToken(`${body}.${sig!.slice(0, -2)}AA`, "manage", { keys })).toBeNull();
    expect(verifyToken(`${body}`, "manage", { keys })).toBeNull();
    expect(verifyToken("", "manage", { keys })).toBeNull();
    expect(verifyToken("x".repeat(1000), "manage", { keys })).toBeNull();
  });

  it("expires confirm tokens", () => {
    const now = Date.UTC(2026, 0, 1);
    const t = signToken({ purpose: "confirm", subscriberId: id, expiresAt: now / 1000 + 3600 }, keys);
    expect(verifyToken(t, "confirm", { keys, now })).not.toBeNull();
    expect(verifyToken(t, "confirm", { keys, now: now + 3601_000 })).toBeNull();
  });

  it("accepts tokens signed with a previous key after rotation, and not with an unknown key", () => {
    const old = signToken({ purpose: "manage", subscriberId: id }, keys);
    const rotated = { current: "b".repeat(32), previous: ["a".repeat(32)] };
    expect(verifyToken(old, "manage", { keys: rotated })?.subscriberId).toBe(id);
    expect(verifyToken(old, "manage", { keys: { current: "c".repeat(32), previous: [] } })).toBeNull();
  });

  it("binds a feedback token to subscriber, edition and paper, and refuses one without them or moved to another purpose", () => {
    const t = signToken({ purpose: "feedback", subscriberId: id, editionId: edition, paperId: "2503.10622" }, keys);
    expect(verifyToken(t, "feedback", { keys })).toEqual({ purpose: "feedback", subscriberId: id, editionId: edition, paperId: "2503.10622" });
    // Opaque: neither the subscriber nor the paper can be read off the link.
    expect(t).not.toContain(id);
    expect(t).not.toContain("2503.10622");
    expect(verifyToken(signToken({ purpose: "feedback", subscriberId: id, paperId: "hep-th/9901001", editionId: edition }, keys), "feedback", { keys })?.paperId).toBe("hep-th/9901001");
    // A feedback link always names a paper and an edition.
    expect(verifyToken(signToken({ purpose: "feedback", subscriberId: id, editionId: edition }, keys), "feedback", { keys })).toBeNull();
    expect(verifyToken(signToken({ purpose: "feedback", subscriberId: id, paperId: "2503.10622" }, keys), "feedback", { keys })).toBeNull();
    // No other purpose accepts a paper, and a feedback token is no manage or unsubscribe token.
    expect(verifyToken(signToken({ purpose: "manage", subscriberId: id, paperId: "2503.10622" }, keys), "manage", { keys })).toBeNull();
    expect(verifyToken(t, "unsubscribe", { keys })).toBeNull();
    expect(verifyToken(t, "manage", { keys })).toBeNull();
    // The paper is signed: another paper in the same body shape does not verify.
    const [body, sig] = t.split(".");
    const decoded = Buffer.from(body!, "base64url").toString();
    const swapped = decoded.replace(Buffer.from("2503.10622").toString("base64url"), Buffer.from("2503.10623").toString("base64url"));
    expect(verifyToken(`${Buffer.from(swapped).toString("base64url")}.${sig}`, "feedback", { keys })).toBeNull();
  });
});

describe("VERP ids (signMailRef / verifyMailRef)", () => {
  it("round-trips a delivery and a transactional mail in 43 lower-case characters", async () => {
    const { signMailRef, verifyMailRef } = await import("@/lib/tokens/tokens");
    for (const kind of ["delivery", "transactional"] as const) {
      const t = signMailRef({ kind, id }, keys);
      expect(t).toMatch(/^[a-z2-7]{43}$/);
      expect(`bounces+${t}`.length).toBeLessThanOrEqual(64);
      expect(verifyMailRef(t, keys)).toEqual({ kind, id });
      // A relay that folds the local part to upper case changes nothing.
      expect(verifyMailRef(t.toUpperCase(), keys)).toEqual({ kind, id });
    }
  });

  it("refuses a forged, tampered or swapped id and accepts the previous secret", async () => {
    const { signMailRef, verifyMailRef } = await import("@/lib/tokens/tokens");
    const t = signMailRef({ kind: "delivery", id }, keys);
    const flip = (s: string, i: number) => s.slice(0, i) + (s[i] === "a" ? "b" : "a") + s.slice(i + 1);
    expect(verifyMailRef(flip(t, 5), keys)).toBeNull();
    expect(verifyMailRef(flip(t, 42), keys)).toBeNull();
    expect(verifyMailRef(`t${t.slice(1)}`, keys)).toBeNull();
    expect(verifyMailRef(t.slice(0, 42), keys)).toBeNull();
    expect(verifyMailRef("d" + "a".repeat(42), keys)).toBeNull();
    expect(verifyMailRef(t, { current: "b".repeat(32), previous: [] })).toBeNull();
    expect(verifyMailRef(t, { current: "b".repeat(32), previous: ["a".repeat(32)] })).toEqual({ kind: "delivery", id });
  });
});
