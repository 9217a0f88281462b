// Type-aware lint rules that guard runtime behaviour (not style): a promise nobody awaits or catches becomes an
// unhandled rejection, which ends a Node process. `test/unit/lint/lint.test.ts` runs this over the code in the test suite.
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["lib/generated/**", ".next/**", "node_modules/**"] },
  {
    files: ["**/*.ts", "**/*.tsx"],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { "@typescript-eslint": tseslint.plugin },
    linterOptions: { reportUnusedDisableDirectives: "off" },
    rules: {
      "@typescript-eslint/no-floating-promises": ["error", { ignoreVoid: false }],
      "@typescript-eslint/no-misused-promises": ["error", { checksVoidReturn: { arguments: true, attributes: false } }],
    },
  },
);
