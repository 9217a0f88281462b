import { describe, expect, it } from "vitest";
import { ipBucket } from "@/lib/rate-limit/ip-bucket";

describe("ipBucket", () => {
  it("keeps an IPv4 address as it is, and maps IPv4-mapped IPv6 to it", () => {
    expect(ipBucket("203.0.113.7")).toBe("203.0.113.7");
    expect(ipBucket("::ffff:203.0.113.7")).toBe("203.0.113.7");
    expect(ipBucket("::FFFF:cb00:7107")).toBe("203.0.113.7");
  });

  it("puts every IPv6 address of one /64 in one bucket, in any spelling", () => {
    const b = ipBucket("2001:db8:1:2::1");
    for (const ip of ["2001:DB8:1:2:ffff:ffff:ffff:ffff", "2001:0db8:0001:0002:0:0:0:9", "[2001:db8:1:2::5]", "fe80::1%eth0".replace("fe80::1", "2001:db8:1:2::7")]) {
      expect(ipBucket(ip)).toBe(b);
    }
    expect(ipBucket("2001:db8:1:3::1")).not.toBe(b);
    expect(ipBucket("2001:db8::1.2.3.4")).toBe("2001:db8:0:0::/64");
  });

  it("puts anything that is not an IP address in one bucket", () => {
    expect(ipBucket("unknown")).toBe("unknown");
    expect(ipBucket("not an ip")).toBe("unknown");
    expect(ipBucket("1.2.3.4.5")).toBe("unknown");
  });
});
