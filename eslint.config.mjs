// ESLint (flat config), check-only: run by scripts/check_js.sh, never with --fix.
// The browser JavaScript is classic scripts (no modules, no bundler: the
// offline build runs from file://), so each file gets the globals of the
// place it runs in.
import js from "@eslint/js"
import globals from "globals"

const script = {
  ecmaVersion: 2020,
  sourceType: "script"
}

export default [
  {
    ignores: [".venv/", "site/", "node_modules/", "test-artifacts/", "bench-results/"]
  },
  js.configs.recommended,
  {
    linterOptions: { reportUnusedDisableDirectives: "error" },
    rules: {
      eqeqeq: "error",
      "no-implied-eval": "error",
      "no-new-func": "error",
      "no-shadow": "error",
      strict: ["error", "function"]
    }
  },
  {
    // inlined into every page (overrides/main.html); the file:// worker shim and its frame
    files: [
      "overrides/assets/javascripts/page.js",
      "overrides/assets/javascripts/library.js",
      "overrides/assets/javascripts/handout.js",
      "overrides/assets/javascripts/reading.js",
      "overrides/assets/javascripts/share.js",
      "overrides/assets/javascripts/search/iframe-worker.js",
      "overrides/assets/javascripts/search/worker-frame.js",
      "tests/reading_measure.js"
    ],
    languageOptions: { ...script, globals: { ...globals.browser } }
  },
  {
    // an expression Playwright evaluates in the page (tests/reading.py): no place for a directive
    files: ["tests/reading_measure.js"],
    rules: { strict: "off" }
  },
  {
    // Material's search worker; also loaded into pages (SearchCore) and required by Node's tests
    files: ["overrides/assets/javascripts/search/search.js"],
    languageOptions: {
      ...script,
      globals: { ...globals.worker, window: "readonly", module: "readonly" }
    }
  },
  {
    // the library's search: loaded by that worker (or its file:// frame) after search.js, required by Node's tests
    files: ["overrides/assets/javascripts/search/library.js"],
    languageOptions: { ...script, globals: { module: "readonly", SearchCore: "readonly", AbortController: "readonly" } }
  },
  {
    files: ["tests/js/**/*.mjs", "eslint.config.mjs"],
    languageOptions: { ecmaVersion: "latest", sourceType: "module", globals: { ...globals.node } },
    rules: { strict: "off" }
  }
]
