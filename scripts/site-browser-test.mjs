// The reference site in a real browser (issue 39), run by scripts/site-browser-test.sh:
//
//   node scripts/site-browser-test.mjs BASE_URL CHROMIUM SHOTS_DIR TOOLS_DIR
//
// For each query, a fresh browser context (nothing cached) opens the site's index page, types
// the query into the search box and waits for the first result. It prints
// `QUERY -> FIRST RESULT'S PAGE (N bytes loaded, T ms)`: N is every byte the page and the search
// transferred until both the names and the full-text results were shown, T the time from the
// query typed to the first result shown. A wrong first result, N over 3 MB or T over 1 s fails.
// Then auth.cancelCode's page is opened and what a reader sees (the rendered text, not the
// Markdown) is checked for the seed page's items. Screenshots go to SHOTS_DIR.
import { createRequire } from "node:module";

const [base, executablePath, shots, tools] = process.argv.slice(2);
if (!base || !executablePath || !shots || !tools) {
  console.error("usage: node scripts/site-browser-test.mjs BASE_URL CHROMIUM SHOTS_DIR TOOLS_DIR");
  process.exit(2);
}
// playwright-core as scripts/site-tools.sh installed it (TOOLS_DIR/node_modules).
const { chromium } = createRequire(tools + "/")("playwright-core");
const MAX_BYTES = 3_000_000;
const MAX_MS = 1_000;
const QUERIES = [
  ["sendMessage", "methods/messages.sendMessage.html"],
  ["cancelCode", "methods/auth.cancelCode.html"],
  ["FLOOD_WAIT", "errors/FLOOD_WAIT_%d.html"],
  ["InputPeer", "types/InputPeer.html"],
  ["inputPeerUser", "constructors/inputPeerUser.html"],
  ["sendMes", "methods/messages.sendMessage.html"],
];
// What a reader of auth.cancelCode's page sees (issue 22's seed page).
const SEED_TEXT = [
  "auth.cancelCode",
  "Cancel the login verification code",
  "auth.cancelCode#1f040578 phone_number:string phone_code_hash:string = Bool;",
  "Parameters",
  "phone_number",
  "Phone number",
  "phone_code_hash",
  "Phone code hash from auth.sendCode",
  "Required",
  "Result",
  "Bool",
  "Possible errors",
  "400",
  "PHONE_CODE_EXPIRED",
  "The phone code you provided has expired.",
  "406",
  "PHONE_NUMBER_INVALID",
  "The phone number is invalid.",
  "Can bots use this method?",
  "Related pages",
];
const SEED_LINKS = ["auth.sendCode.html", "../types/Bool.html", "../errors/PHONE_CODE_EXPIRED.html", "../errors/PHONE_NUMBER_INVALID.html"];
// Markdown a reader must never see: table rows, link syntax, headings' hashes, escapes.
const MARKDOWN = ["| Name |", "|---|", "](", "## ", "\\_"];

const browser = await chromium.launch({ executablePath, args: ["--no-sandbox"] });
let failures = 0;
function fail(message) {
  console.error("error: " + message);
  failures += 1;
}

async function measuredPage() {
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
  const counter = { bytes: 0 };
  cdp.on("Network.loadingFinished", (event) => {
    counter.bytes += event.encodedDataLength;
  });
  page.on("pageerror", (error) => fail(`a page script failed on ${page.url()}: ${error.stack || error.message}`));
  return { context, page, counter };
}

function sitePath(href) {
  const path = href.startsWith(base) ? href.slice(base.length) : href;
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

for (const [query, expected] of QUERIES) {
  const { context, page, counter } = await measuredPage();
  await page.goto(base + "index.html", { waitUntil: "load" });
  const input = page.locator("#tl-search");
  await input.focus();
  const start = Date.now();
  await input.fill(query);
  const first = page.locator("#tl-search-results a.tl-result").first();
  await first.waitFor({ timeout: 10_000 });
  const ms = Date.now() - start;
  const found = sitePath(await first.evaluate((link) => link.href));
  // The full-text part done too (its heading counts the pages), so N includes Pagefind's index.
  await page.waitForFunction(
    () => [...document.querySelectorAll("#tl-search-results .tl-search-heading")].some((h) => h.textContent.startsWith("Full text:")),
    null,
    { timeout: 10_000 },
  );
  const bytes = counter.bytes;
  console.log(`${query} -> ${found} (${bytes} bytes loaded, ${ms} ms)`);
  if (found !== expected) {
    fail(`${query}: the first result is ${found}, not ${expected}`);
  }
  if (bytes > MAX_BYTES) {
    fail(`${query}: ${bytes} bytes loaded, over ${MAX_BYTES}`);
  }
  if (ms > MAX_MS) {
    fail(`${query}: the first result took ${ms} ms, over ${MAX_MS}`);
  }
  if (query === "sendMessage") {
    await page.screenshot({ path: `${shots}/search-sendMessage.png` });
  }
  // Enter opens the first result.
  await Promise.all([page.waitForURL((url) => sitePath(url.href) === expected), input.press("Enter")]);
  await context.close();
}

{
  const { context, page } = await measuredPage();
  await page.goto(base + "methods/auth.cancelCode.html", { waitUntil: "load" });
  const text = await page.locator("main").innerText();
  for (const item of SEED_TEXT) {
    if (!text.includes(item)) {
      fail(`auth.cancelCode's page does not show: ${item}`);
    }
  }
  for (const markdown of MARKDOWN) {
    if (text.includes(markdown)) {
      fail(`auth.cancelCode's page shows Markdown: ${markdown}`);
    }
  }
  for (const href of SEED_LINKS) {
    if ((await page.locator(`main a[href="${href}"]`).count()) === 0) {
      fail(`auth.cancelCode's page has no link to ${href}`);
    }
  }
  // The Required column says Yes for both parameters.
  const required = await page.locator("main table").first().locator("tbody tr td:last-child").allInnerTexts();
  if (required.join(",") !== "Yes,Yes") {
    fail(`auth.cancelCode's parameters are not both required: ${required.join(",")}`);
  }
  await page.screenshot({ path: `${shots}/auth.cancelCode.png`, fullPage: true });
  console.log(`auth.cancelCode's page shows its ${SEED_TEXT.length} items and ${SEED_LINKS.length} links, no Markdown`);
  await context.close();
}

await browser.close();
if (failures) {
  console.error(`${failures} check(s) failed`);
  process.exit(1);
}
