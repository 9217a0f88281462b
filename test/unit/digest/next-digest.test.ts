// The welcome mail's promise: when the first digest arrives, from the frequency and the schedule.
import { describe, expect, it } from "vitest";
import { firstDigestDate, firstDigestLabel } from "@/lib/digest/next-digest";

const utc7 = { hour: 7, timeZone: "UTC", weekday: 1 };

describe("first digest", () => {
  it("daily: today's run if it has not started, otherwise tomorrow's", () => {
    expect(firstDigestDate("DAILY", new Date("2026-12-01T06:59:00Z"), utc7)).toBe("2026-12-01");
    expect(firstDigestDate("DAILY", new Date("2026-12-01T07:00:00Z"), utc7)).toBe("2026-12-02");
  });

  it("weekly: the next configured weekday (Monday here)", () => {
    // 2026-12-01 is a Tuesday.
    expect(firstDigestDate("WEEKLY", new Date("2026-12-01T06:00:00Z"), utc7)).toBe("2026-12-07");
    expect(firstDigestDate("WEEKLY", new Date("2026-12-07T06:00:00Z"), utc7)).toBe("2026-12-07");
    expect(firstDigestDate("WEEKLY", new Date("2026-12-07T08:00:00Z"), utc7)).toBe("2026-12-14");
  });

  it("counts in the schedule's time zone", () => {
    // 23:30 UTC on 1 December is 08:30 on 2 December in Tokyo: the 07:00 Tokyo run of the 2nd has passed.
    const tokyo = { hour: 7, timeZone: "Asia/Tokyo", weekday: 1 };
    expect(firstDigestDate("DAILY", new Date("2026-12-01T23:30:00Z"), tokyo)).toBe("2026-12-03");
    expect(firstDigestLabel("DAILY", new Date("2026-12-01T23:30:00Z"), tokyo)).toBe("Thursday, 3 December 2026, around 07:00 (Asia/Tokyo time)");
  });
});
