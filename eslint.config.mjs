import coreWebVitals from "eslint-config-next/core-web-vitals";
import typescript from "eslint-config-next/typescript";
import drizzle from "eslint-plugin-drizzle";

// Drizzle's handles as the code names them: db, ctx.db, tx.db, tx.
const drizzleObjectName = ["db", "tx"];

const config = [
  {
    ignores: [
      ".next/**",
      ".next-*/**",
      "node_modules/**",
      ".data/**",
      "db/migrations/**",
      "test-results/**",
      "playwright-report/**",
      "next-env.d.ts",
    ],
  },
  ...coreWebVitals,
  ...typescript,
  {
    plugins: { drizzle },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "drizzle/enforce-delete-with-where": ["error", { drizzleObjectName }],
      "drizzle/enforce-update-with-where": ["error", { drizzleObjectName }],
    },
  },
  {
    // Layers: pages and route handlers reach the database only through the services in lib/.
    files: ["app/**/*.{ts,tsx}", "components/**/*.{ts,tsx}"],
    ignores: ["**/*.test.ts"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["@/db", "@/db/*", "drizzle-orm", "drizzle-orm/*"],
              allowTypeImports: true,
              message: "app/ and components/ read and write through the services in lib/, not the database.",
            },
          ],
        },
      ],
    },
  },
  {
    // Services take their context as an argument and never read the request: only lib/next/, the
    // adapter between a page render and the services, may touch Next's request APIs.
    files: ["lib/**/*.ts"],
    ignores: ["lib/next/**"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          paths: ["next/headers", "next/navigation"].map((name) => ({
            name,
            message: "Services never read the request: pass what they need in the ServiceContext (lib/next/ adapts a page render).",
          })),
        },
      ],
    },
  },
];

export default config;
