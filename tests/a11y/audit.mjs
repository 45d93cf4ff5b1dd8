// Accessibility audit of self-contained HTML pages: axe-core in Debian's headless Chromium.
//
//   node audit.mjs [--out DIR] [--json FILE] [--names A,B,...] [--chromium PATH] PAGE.html ...
//
// Each page is opened from a file:// URL with every other request aborted (the pages must be
// self-contained, and nothing may leave the machine), axe-core's axe.min.js is injected from
// node_modules, and axe.run checks the WCAG 2.0/2.1 A and AA rules. A full-page PNG of each
// page goes into --out (default: a11y-out), named NAME.png after --names (one name per page,
// in order) or else after the file's stem. The summary (violations with id, impact, help and
// each node's target) is printed on stdout as JSON, and written in full (with HTML snippets and
// axe's failure summaries) to --json when given. axe's best-practice rules run too: their
// findings are listed as advisories and do not fail the audit.
//
// Exit codes: 0 no violation and no outside request; 1 some violation, a request the page
// should not have made, or a page that could not be audited (timeout, crash); 2 usage error,
// missing page, or the browser could not be started.

import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";

const require = createRequire(import.meta.url);

// The WCAG 2.1 AA conformance target of issue 4, as axe-core tags.
const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

// The flags this machine's probe used: without the background-networking ones, Chromium keeps
// trying Google's hosts, and a closed network refuses them many at a time.
const CHROMIUM_FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  // Even with the flags above, Chromium 156 looks up update.googleapis.com and
  // accounts.google.com at start (seen with strace): no host name resolves, so no DNS query
  // leaves the machine either. The pages are file:// and every other request is aborted anyway.
  "--host-resolver-rules=MAP * ~NOTFOUND",
];

// Reported beside the violations, never failing the audit.
const ADVISORY_TAGS = ["best-practice"];

const VIEWPORT = { width: 1280, height: 900 };

function usage(message) {
  if (message) process.stderr.write(`audit.mjs: ${message}\n`);
  process.stderr.write(
    "usage: node audit.mjs [--out DIR] [--json FILE] [--names A,B,...] [--chromium PATH] PAGE.html ...\n",
  );
  process.exit(2);
}

function parseArgs(argv) {
  const opts = {
    out: "a11y-out",
    json: null,
    names: null,
    chromium: process.env.CHROMIUM || "/usr/bin/chromium",
    pages: [],
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) usage(`${arg} needs a value`);
      return argv[++i];
    };
    if (arg === "--out") opts.out = value();
    else if (arg === "--json") opts.json = value();
    else if (arg === "--chromium") opts.chromium = value();
    else if (arg === "--names") opts.names = value().split(",");
    else if (arg === "-h" || arg === "--help") usage();
    else if (arg.startsWith("--")) usage(`unknown option ${arg}`);
    else opts.pages.push(arg);
  }
  if (opts.pages.length === 0) usage("no page given");
  if (opts.names && opts.names.length !== opts.pages.length) {
    usage(`--names gives ${opts.names.length} names for ${opts.pages.length} pages`);
  }
  if (opts.names && opts.names.some((n) => !/^[\w.-]+$/.test(n))) {
    usage("--names: letters, digits, '.', '_' and '-' only");
  }
  return opts;
}

// One screenshot name per page: the file's stem, made unique when two pages share it.
function screenshotNames(pages) {
  const seen = new Map();
  return pages.map((page) => {
    const stem = path.basename(page).replace(/\.x?html?$/i, "");
    const n = (seen.get(stem) || 0) + 1;
    seen.set(stem, n);
    return n === 1 ? `${stem}.png` : `${stem}-${n}.png`;
  });
}

// axe's node target is a list of selectors (one per iframe or shadow root crossed): one string.
const target = (node) => node.target.map((t) => (Array.isArray(t) ? t.join(" >> ") : t)).join(" >>> ");

function describe(result) {
  return {
    id: result.id,
    impact: result.impact,
    help: result.help,
    helpUrl: result.helpUrl,
    tags: result.tags.filter((t) => t.startsWith("wcag") || t === "best-practice"),
    nodes: result.nodes.map((n) => ({
      target: target(n),
      html: n.html,
      failureSummary: n.failureSummary,
    })),
  };
}

async function auditPage(browser, axePath, file, screenshot) {
  const url = pathToFileURL(path.resolve(file)).href;
  // bypassCSP: a page's own Content-Security-Policy must not stop axe from being injected.
  const context = await browser.newContext({ viewport: VIEWPORT, bypassCSP: true });
  const blocked = [];
  const consoleErrors = [];
  try {
    // Abort everything but the page itself and inline data: a self-contained page asks for
    // nothing else, and if it does, that is reported (and fails the audit) rather than fetched.
    await context.route("**/*", (route) => {
      const requested = route.request().url();
      if (requested === url || requested.startsWith("data:") || requested.startsWith("blob:")) {
        return route.continue();
      }
      blocked.push(requested);
      return route.abort("blockedbyclient");
    });
    const page = await context.newPage();
    page.on("console", (msg) => {
      if (msg.type() === "error") consoleErrors.push(msg.text());
    });
    await page.goto(url, { waitUntil: "load", timeout: 30_000 });
    await page.evaluate(() => document.fonts.ready);
    await page.addScriptTag({ path: axePath });
    // One run over the WCAG rules and axe's best practices: a result tagged with a WCAG 2.0/2.1
    // A or AA tag is a violation (it fails the audit); a best-practice-only one (region,
    // landmark-one-main, page-has-heading-one...) is an advisory, reported but not failing.
    const results = await page.evaluate(
      (tags) =>
        // eslint-disable-next-line no-undef
        axe.run(document, {
          runOnly: { type: "tag", values: tags },
          resultTypes: ["violations", "incomplete"],
        }),
      [...WCAG_TAGS, ...ADVISORY_TAGS],
    );
    await page.screenshot({ path: screenshot, fullPage: true });
    const isWcag = (v) => v.tags.some((t) => WCAG_TAGS.includes(t));
    return {
      page: file,
      url,
      screenshot,
      violations: results.violations.filter(isWcag).map(describe),
      advisories: results.violations.filter((v) => !isWcag(v)).map(describe),
      // axe's "needs review": it could not decide (text over an image, say). Listed, not failing.
      incomplete: results.incomplete.filter(isWcag).map(describe),
      blockedRequests: [...new Set(blocked)],
      consoleErrors,
    };
  } finally {
    await context.close();
  }
}

// The short form printed on stdout: enough to act on without the HTML snippets.
const brief = (v) => ({
  id: v.id,
  impact: v.impact,
  help: v.help,
  targets: v.nodes.map((n) => n.target),
});

function summarise(report) {
  return {
    ...report,
    pages: report.pages.map((p) => ({
      page: p.page,
      screenshot: p.screenshot,
      violationCount: p.violations.length,
      violations: p.violations.map(brief),
      advisories: (p.advisories || []).map(brief),
      incomplete: (p.incomplete || []).map(brief),
      blockedRequests: p.blockedRequests || [],
      error: p.error,
    })),
  };
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const missing = opts.pages.filter((p) => !existsSync(p));
  if (missing.length) usage(`no such page: ${missing.join(", ")}`);
  if (!existsSync(opts.chromium)) {
    process.stderr.write(
      `audit.mjs: no Chromium at ${opts.chromium} (Debian: apt-get install chromium; ` +
        "or set CHROMIUM / --chromium)\n",
    );
    process.exit(2);
  }

  let chromium;
  let axePath;
  try {
    ({ chromium } = await import("playwright-core"));
    axePath = require.resolve("axe-core/axe.min.js");
  } catch (err) {
    process.stderr.write(`audit.mjs: ${err.message}\n(run \`npm ci\` in tests/a11y first)\n`);
    process.exit(2);
  }
  const axeVersion = JSON.parse(
    readFileSync(path.join(path.dirname(axePath), "package.json"), "utf8"),
  ).version;

  mkdirSync(opts.out, { recursive: true });
  const names = opts.names ? opts.names.map((n) => `${n}.png`) : screenshotNames(opts.pages);
  // playwright-core refuses --user-data-dir in launch(): it gives Chromium a new, empty
  // profile of its own in the temporary folder and removes it on close, as the probe did by hand.
  let browser;
  try {
    browser = await chromium.launch({
      executablePath: opts.chromium,
      headless: true,
      args: CHROMIUM_FLAGS,
    });
  } catch (err) {
    process.stderr.write(`audit.mjs: could not start ${opts.chromium}: ${err.message}\n`);
    process.exit(2);
  }

  const report = {
    tool: "podium tests/a11y/audit.mjs",
    browser: `Chromium ${browser.version()}`,
    axe: axeVersion,
    tags: WCAG_TAGS,
    advisoryTags: ADVISORY_TAGS,
    pages: [],
  };
  let failed = false;
  try {
    for (const [i, file] of opts.pages.entries()) {
      const screenshot = path.join(opts.out, names[i]);
      let result;
      try {
        result = await auditPage(browser, axePath, file, screenshot);
      } catch (err) {
        result = { page: file, screenshot: null, violations: [], error: err.message };
        process.stderr.write(`audit.mjs: ${file}: ${err.message}\n`);
      }
      if (result.error || result.violations.length || result.blockedRequests?.length) {
        failed = true;
      }
      report.pages.push(result);
    }
  } finally {
    await browser.close();
  }

  if (opts.json) writeFileSync(opts.json, JSON.stringify(report, null, 2) + "\n");
  process.stdout.write(JSON.stringify(summarise(report), null, 2) + "\n");
  process.exit(failed ? 1 : 0);
}

main().catch((err) => {
  process.stderr.write(`audit.mjs: ${err.stack || err}\n`);
  process.exit(2);
});
