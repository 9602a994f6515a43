import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // PGlite ships WASM and data files that must be loaded from node_modules at run time.
  // pg-boss (with its pg driver) and nodemailer are plain Node packages, loaded as they are.
  serverExternalPackages: ["@electric-sql/pglite", "pg-boss", "nodemailer"],
  poweredByHeader: false,
  // A second build directory lets a developer build while tests run from .next.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  typedRoutes: false,
};

export default nextConfig;
