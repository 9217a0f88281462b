// @ts-check
/** @type {import('next').NextConfig} */
const nextConfig = {
  // Server-only packages that must not be bundled (native-ish or dynamic requires).
  serverExternalPackages: ["pino", "bullmq", "ioredis", "pg", "@prisma/adapter-pg", "nodemailer",
    // bull-board finds its prebuilt UI and templates on disk at run time (require.resolve, ejs files).
    "@bull-board/api", "@bull-board/hono", "@bull-board/ui", "hono", "@hono/node-server", "ejs"],
  poweredByHeader: false,
  typedRoutes: false,
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "X-Frame-Options", value: "DENY" },
          { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
        ],
      },
      // Pages behind a token link (confirm, manage, unsubscribe, feedback, the personal feed): the token must not leak
      // through Referer, and no cache may keep a page that acts for one subscriber. Listed after the catch-all so these
      // values win.
      ...["/confirm/:path*", "/manage/:path*", "/unsubscribe/:path*", "/feedback/:path*", "/feeds/personal/:path*"].map((source) => ({
        source,
        headers: [
          { key: "Referrer-Policy", value: "no-referrer" },
          { key: "Cache-Control", value: "no-store" },
        ],
      })),
      // The operator console: nothing cached, and no Referer to other sites (the sign-in link's token is in its
      // path). Not "no-referrer": with it, Chromium sends "Origin: null" on the console's own forms, which the
      // console's Origin check must refuse.
      ...["/admin", "/admin/:path*"].map((source) => ({
        source,
        headers: [
          { key: "Referrer-Policy", value: "same-origin" },
          { key: "Cache-Control", value: "no-store" },
        ],
      })),
    ];
  },
};

export default nextConfig;
