// Which per-IP bucket a client falls in. One IPv4 address is one client, but an IPv6 user (or attacker) is given a
// whole /64 and can pick any address in it, so IPv6 is counted per /64. IPv4-mapped IPv6 (::ffff:a.b.c.d, what a
// dual-stack socket reports) is the IPv4 address it carries.
import { isIPv4, isIPv6 } from "node:net";

/** Eight 16-bit groups of an IPv6 address (already checked with isIPv6, zone removed). */
function ipv6Groups(ip: string): number[] {
  // A trailing dotted IPv4 part (::ffff:1.2.3.4) becomes the two groups it stands for.
  const v4 = ip.match(/(\d+)\.(\d+)\.(\d+)\.(\d+)$/);
  const text = v4 ? ip.slice(0, -v4[0].length) + [((+v4[1]! << 8) | +v4[2]!).toString(16), ((+v4[3]! << 8) | +v4[4]!).toString(16)].join(":") : ip;
  const [head, tail] = text.split("::") as [string, string | undefined];
  const parse = (s: string | undefined) => (s ? s.split(":").map((g) => parseInt(g, 16)) : []);
  const front = parse(head);
  const back = parse(tail);
  return tail === undefined ? front : [...front, ...new Array<number>(8 - front.length - back.length).fill(0), ...back];
}

export function ipBucket(raw: string): string {
  const ip = raw.trim().replace(/^\[(.*)\]$/, "$1").replace(/%.*$/, "");
  if (isIPv4(ip)) return ip;
  if (!isIPv6(ip)) return "unknown";
  const g = ipv6Groups(ip);
  if (g.length !== 8) return "unknown";
  // ::ffff:0:0/96 is IPv4-mapped.
  if (g.slice(0, 5).every((x) => x === 0) && g[5] === 0xffff) return [g[6]! >> 8, g[6]! & 255, g[7]! >> 8, g[7]! & 255].join(".");
  return `${g.slice(0, 4).map((x) => x.toString(16)).join(":")}::/64`;
}
