// ESLint for the online form's modules (src/ipforms/site/webform/*.js: plain scripts, no
// build step, joined by ipforms.site.webform into one file) and their Node tests (tests/js).
// `make lint` installs the pinned eslint here with `npm ci` and runs it with this file.
import js from "@eslint/js";
import globals from "globals";

// the modules' names: each module is a `var` the later ones use (in Node: require)
const MODULES = Object.fromEntries(["ipfValues", "ipfNumbers", "ipfSigning", "ipfRules", "ipfMessages", "ipfAppearance",
  "ipfPdf", "ipfFiles", "ipfHandover", "ipfDates", "ipfStore", "ipfSteps", "ipfSummary", "ipfShared"].map((n) => [n, "writable"]));

export default [
  js.configs.recommended,
  {
    files: ["src/ipforms/site/webform/*.js"],
    languageOptions: {
      ecmaVersion: 2017,
      sourceType: "script",
      globals: { ...globals.browser, ...MODULES, module: "readonly", require: "readonly" },
    },
    rules: {
      "no-unused-vars": ["error", { args: "none", vars: "local", caughtErrors: "none" }],
      "no-redeclare": ["error", { builtinGlobals: false }],
      eqeqeq: "error",
      "no-var": "off",
      strict: ["error", "function"],
    },
  },
  {
    files: ["tests/js/*.mjs"],
    languageOptions: { ecmaVersion: "latest", sourceType: "module", globals: { ...globals.node } },
  },
  {
    files: ["tests/js/*.js"],
    languageOptions: { ecmaVersion: "latest", sourceType: "commonjs", globals: { ...globals.node } },
  },
];
