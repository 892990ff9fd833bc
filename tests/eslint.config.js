// Run as `eslint --config tests/eslint.config.js` (npm run lint); kept here so the top level stays small.
import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["build/**", "public/build/**", "node_modules/**", "data/**", ".cache/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: new URL("..", import.meta.url).pathname } },
  },
  {
    files: ["app/**/*.{ts,tsx}", "tests/**/*.tsx"],
    // In plain test files `use…` names vitest fixtures (useDisputesDatabase), not React hooks.
    ignores: ["**/*.test.ts"],
    ...reactHooks.configs.flat.recommended,
  },
  {
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": "error",
      // Remix answers a request early by throwing a Response (redirect, 404, 403); that is the framework's contract.
      "@typescript-eslint/only-throw-error": [
        "error",
        {
          allow: [
            { from: "lib", name: "Response" },
            { from: "package", package: "@remix-run/server-runtime", name: "TypedResponse" },
            // `throw data(...)`: Remix's way to answer early with a status and data for the error page.
            { from: "package", package: "@remix-run/router", name: "DataWithResponseInit" },
          ],
        },
      ],
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" },
      ],
      "@typescript-eslint/no-explicit-any": "off",
      "no-control-regex": "off",
    },
  },
  {
    // Plain Node scripts (TypeScript files get their globals from the type checker).
    files: ["**/*.{js,mjs}"],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      globals: { process: "readonly", console: "readonly", URL: "readonly" },
    },
  },
  {
    // Domain rules stay pure: no framework, database, network, file system or environment.
    files: ["app/domain/**/*.ts"],
    ignores: ["app/domain/**/*.test.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["@remix-run/*", "react", "react-dom", "kysely", "better-sqlite3", "msw", "express"],
              message: "app/domain is pure: no framework or database imports.",
            },
            {
              group: ["node:*", "fs", "path", "http", "https", "net", "child_process", "crypto", "os"],
              message: "app/domain is pure: no I/O.",
            },
            {
              group: ["~/models/*", "~/services/*", "~/utils/*", "*.server", "../*/**"],
              message: "app/domain may import only other domain modules and pure libraries.",
            },
          ],
        },
      ],
      "no-restricted-globals": [
        "error",
        { name: "fetch", message: "app/domain does no I/O." },
        { name: "process", message: "app/domain reads no environment." },
      ],
      "no-restricted-syntax": [
        "error",
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: "Take `now` as an argument instead of reading the clock.",
        },
        {
          selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
          message: "Take `now` as an argument instead of reading the clock.",
        },
      ],
    },
  },
  {
    // The server gets the app from the Remix build (its entry module); importing an app module here
    // would load a second copy of it in the same process. Types are fine: they are erased.
    files: ["app/server.ts"],
    rules: {
      "no-restricted-imports": "off",
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["./*", "../*", "~/*"],
              allowTypeImports: true,
              message: "app/server.ts takes the app from build/index.js (export it from app/entry.server.tsx).",
            },
          ],
        },
      ],
    },
  },
  {
    // Browser code must never pull in server modules (the classic compiler would not warn).
    files: ["app/components/**/*.tsx", "app/forms/**/*.ts", "app/i18n/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            // A service's view types sit beside it in a module without `.server` (e.g. services/disputes/case-page.ts).
            { group: ["*.server", "*.server.*", "~/models/*"], message: "UI code must not import server modules." },
          ],
        },
      ],
    },
  },
  // Layers (README, Architecture): domain -> models -> services -> routes; nothing imports upwards.
  {
    files: ["app/models/**/*.ts"],
    ignores: ["app/models/**/*.test.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: [
                "~/services/*",
                "~/routes/*",
                "~/components/*",
                "~/jobs/*",
                "../services/*",
                "../routes/*",
                "../components/*",
                "../jobs/*",
              ],
              message: "Models sit below services, routes, components and jobs.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ["app/services/**/*.ts"],
    ignores: ["app/services/**/*.test.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: [
                "~/routes/*",
                "~/components/*",
                "~/jobs/*",
                "../routes/*",
                "../components/*",
                "../jobs/*",
                "../../routes/*",
                "../../components/*",
                "../../jobs/*",
              ],
              message: "Services sit below routes, components and jobs.",
            },
          ],
        },
      ],
    },
  },
  {
    // Routes call services, never a model.
    files: ["app/routes/**/*.{ts,tsx}"],
    ignores: ["app/routes/**/*.test.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [{ group: ["~/models/*", "../models/*"], message: "Routes call a service, not a model." }] },
      ],
    },
  },
);
