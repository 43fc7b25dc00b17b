// First load of each role's main pages on an emulated slow-4G link (1.6 Mbps down, 750 kbps up, 150 ms
// round trip), each in a fresh browser context (empty cache): the bytes on the wire of JS + WASM + CSS (as
// served, compressed) and of the HTML, and the time from the start of navigation until the page is
// interactive (`<body data-hydrated>`: set by the page loader at once on a page without islands, else when
// every island is hydrated). Prints one line per route, the worst route last. Asserts nothing.
//   node bench/first_load.cjs http://127.0.0.1:3000   (demo data; CPU=4 also slows the CPU four times)
const path = require("path");
const { chromium } = require(path.resolve(__dirname, "../end2end/node_modules/@playwright/test"));

const base = process.argv[2] || "http://127.0.0.1:3000";
const password = "collabdesk-demo";
const routes = [
  { who: null, path: "/signin" },
  { who: "creator@demo.test", path: "/my-campaigns" },
  { who: "business@demo.test", path: "/creators" },
  { who: "business@demo.test", path: "/campaigns", label: "/campaigns" },
  { who: "business@demo.test", path: "CAMPAIGN", label: "/campaigns/:id" },
  { who: "business@demo.test", path: "/wallet" },
  { who: "admin@demo.test", path: "/requests" },
  { who: "admin@demo.test", path: "/dashboard" },
  { who: "advertiser@demo.test", path: "/response" },
];

async function session(browser, email) {
  const ctx = await browser.newContext({ baseURL: base });
  if (email) {
    const res = await ctx.request.post("/api/sign_in", {
      form: { email, password, next: "" },
      headers: { Origin: base, Accept: "application/json" },
    });
    if (res.status() >= 400) throw new Error(`sign-in as ${email}: ${res.status()}`);
  }
  let campaign = null;
  if (email === "business@demo.test") {
    const html = await (await ctx.request.get("/campaigns")).text();
    campaign = (html.match(/href="(\/campaigns\/[0-9a-f-]{36})"/) || [])[1];
  }
  const state = await ctx.storageState();
  await ctx.close();
  return { state, campaign };
}

async function measure(browser, route, login) {
  const ctx = await browser.newContext({ baseURL: base, storageState: login.state });
  const page = await ctx.newPage();
  const cdp = await ctx.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.emulateNetworkConditions", {
    offline: false,
    latency: 150,
    downloadThroughput: (1.6e6 / 8),
    uploadThroughput: (750e3 / 8),
  });
  if (process.env.CPU) await cdp.send("Emulation.setCPUThrottlingRate", { rate: Number(process.env.CPU) });
  const urls = new Map();
  const bytes = { html: 0, js: 0, wasm: 0, css: 0, other: 0 };
  cdp.on("Network.responseReceived", (e) => urls.set(e.requestId, { url: e.response.url, type: e.type }));
  cdp.on("Network.loadingFinished", (e) => {
    const r = urls.get(e.requestId);
    if (!r) return;
    const u = r.url.split("?")[0];
    const kind = r.type === "Document" ? "html" : u.endsWith(".wasm") ? "wasm" : u.endsWith(".js") ? "js" : u.endsWith(".css") ? "css" : "other";
    bytes[kind] += e.encodedDataLength;
  });
  // the moment <body data-hydrated> is set (the app's "interactive" mark; works for any build of the app)
  await page.addInitScript(() => {
    new MutationObserver((_, observer) => {
      if (document.body && document.body.getAttribute("data-hydrated") === "true" && !window.__interactive) {
        window.__interactive = performance.now();
        observer.disconnect();
      }
    }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ["data-hydrated"] });
  });
  const target = route.path === "CAMPAIGN" ? login.campaign : route.path;
  await page.goto(target, { waitUntil: "load" });
  await page.waitForSelector("body[data-hydrated=true]", { timeout: 60000 });
  await page.waitForLoadState("networkidle");
  const interactive = await page.evaluate(() => window.__interactive);
  const islands = await page.locator("leptos-island").count();
  await ctx.close();
  return { label: route.label || route.path, bytes, interactive, islands };
}

(async () => {
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
      "--disable-sync", "--no-first-run", "--disable-quic"],
  });
  const logins = new Map();
  const results = [];
  for (const route of routes) {
    if (!logins.has(route.who)) logins.set(route.who, await session(browser, route.who));
    results.push(await measure(browser, route, logins.get(route.who)));
  }
  await browser.close();
  const kb = (n) => (n / 1024).toFixed(1).padStart(6);
  const assets = (r) => r.bytes.js + r.bytes.wasm + r.bytes.css;
  results.sort((a, b) => assets(a) - assets(b) || a.interactive - b.interactive);
  console.log(`slow 4G (1.6 Mbps, 150 ms RTT)${process.env.CPU ? `, CPU ${process.env.CPU}x slower` : ""}; KB on the wire`);
  console.log("route             JS+WASM+CSS  (js / wasm / css)        HTML   islands  interactive");
  for (const r of results) {
    console.log(
      `${r.label.padEnd(18)}${kb(assets(r))} KB  (${kb(r.bytes.js)} /${kb(r.bytes.wasm)} /${kb(r.bytes.css)})  ${kb(r.bytes.html)} KB  ${String(r.islands).padStart(5)}  ${(r.interactive / 1000).toFixed(2).padStart(8)} s`,
    );
  }
  const worst = results.reduce((w, r) => (assets(r) > assets(w) || (assets(r) === assets(w) && r.interactive > w.interactive) ? r : w));
  const slowest = results.reduce((w, r) => (r.interactive > w.interactive ? r : w));
  console.log(`worst route by weight: ${worst.label} ${kb(assets(worst)).trim()} KB; slowest to interactive: ${slowest.label} ${(slowest.interactive / 1000).toFixed(2)} s`);
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
