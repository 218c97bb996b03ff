// Drives headless Chromium (Debian's, over the DevTools protocol) through exported timelines:
//   node check.mjs CONFIG.json
// CONFIG: { "out": DIR, "pages": [{ "name", "html", "events", "click": ID, "expect": [text...],
//           "note": text, "summary": text, "within": { "load": MS, "click": MS } }],
//           "mermaid": FILE }
// A page with "note" holds only some events and must say so in #limited (and "summary" in the
// line above the chart); "within" bounds, generously, how long opening it and a click may take.
// A page with "map": { "located": N, "countries": [name...], "other": ID } has N events with a
// place: the map beside the timeline draws one mark each over the outline (which names the
// countries), a click on either side highlights the event on both, and moving the timeline's
// window away from the events hides their marks. With "located": 0 the map says no event has a
// place.
// For each page: every exported event has one drawn mark ([data-event-id]), no console error,
// no page error, no request leaves the file, clicking an event shows its details, the zoom buttons
// and the mouse wheel move the marks; times are measured and a screenshot saved. The Mermaid
// export is rendered by Mermaid itself, loaded from node_modules into the same browser.
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import puppeteer from "puppeteer-core";

const here = dirname(fileURLToPath(import.meta.url));
const config = JSON.parse(readFileSync(process.argv[2], "utf8"));
let passed = 0;
let failed = 0;
function check(ok, what) {
  if (ok) passed++;
  else failed++;
  console.log(`${ok ? "ok  " : "FAIL"} ${what}`);
}

const profile = mkdtempSync(join(tmpdir(), "annals-chromium-"));
const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  args: [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    // No network: every host name resolves to nothing (the DevTools connection is a local pipe).
    "--host-resolver-rules=MAP * ~NOTFOUND",
    `--user-data-dir=${profile}`,
  ],
  pipe: true,
  defaultViewport: { width: 1400, height: 820 },
});

/** A page that records console errors, page errors and any request that is not the file. */
async function watchedPage() {
  const page = await browser.newPage();
  const problems = [];
  page.on("console", (m) => { if (m.type() === "error") problems.push("console: " + m.text()); });
  page.on("pageerror", (e) => problems.push("page error: " + e.message));
  page.on("request", (r) => {
    const url = r.url();
    if (!url.startsWith("file:") && !url.startsWith("data:") && url !== "about:blank") problems.push("request: " + url);
  });
  return { page, problems };
}

/** Milliseconds that `action` (run in the page) takes until the next frame is painted. */
async function frameTime(page, action) {
  return page.evaluate(async (src) => {
    const t0 = performance.now();
    (0, eval)(src)();
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    return performance.now() - t0;
  }, `(${action})`);
}

/** Whether a timeline mark is drawn inside the chart's visible box (run in the page). */
function inChart(mark) {
  const r = mark.getBoundingClientRect(), c = document.getElementById("chart").getBoundingClientRect();
  return mark.closest("g").style.display !== "none" && r.right > c.left && r.left < c.right && r.bottom > c.top && r.top < c.bottom;
}

/** The map beside the timeline (see "map" above), after `spec.click` was clicked on the timeline. */
async function checkMap(page, spec) {
  const m = spec.map;
  const spots = await page.$$eval("#map [data-map-event-id]", (els) => els.map((e) => e.getAttribute("data-map-event-id")));
  check(spots.length === m.located && new Set(spots).size === m.located, `${spec.name}: the map has one mark per located event (${spots.length} for ${m.located})`);
  const note = await page.$eval("#map-note", (n) => n.textContent);
  if (!m.located) {
    check(note.includes("No event here has a place on the map"), `${spec.name}: the map says no event has a place: ${JSON.stringify(note)}`);
    check(await page.$eval("#map", (s) => getComputedStyle(s).display === "none"), `${spec.name}: an empty map takes no room`);
    return;
  }
  const countries = await page.$$eval("#map .land path", (ps) => ps.map((p) => p.querySelector("title").textContent));
  const missing = m.countries.filter((c) => !countries.includes(c));
  check(missing.length === 0 && !countries.includes("Brazil"), `${spec.name}: the outline under the marks has ${countries.length} countries around the events` + (missing.length ? `, not ${missing}` : ""));
  const unplaced = spec.events - m.located;
  check(note.startsWith(`${unplaced} event${unplaced === 1 ? " has" : "s have"} no place on the map`), `${spec.name}: the map counts the events without a place: ${JSON.stringify(note)}`);
  // The event clicked on the timeline is highlighted on the map; a click on another's mark shows
  // it and highlights it on the timeline; Enter on a focused mark too.
  const selected = () => page.evaluate(() => ({
    map: [...document.querySelectorAll("#map .spot.selected")].map((e) => e.getAttribute("data-map-event-id")),
    timeline: [...document.querySelectorAll("#timeline .event.selected")].map((e) => e.getAttribute("data-event-id")),
    details: document.getElementById("details").dataset.shown,
  }));
  let s = await selected();
  check(s.map.length === 1 && s.map[0] === spec.click, `${spec.name}: clicking ${spec.click} on the timeline highlights it on the map (${s.map})`);
  await page.click(`#map [data-map-event-id="${m.other}"]`);
  await page.waitForFunction((id) => document.getElementById("details").dataset.shown === id, { timeout: 10000 }, m.other);
  s = await selected();
  check(s.map.join() === m.other && s.timeline.join() === m.other, `${spec.name}: clicking ${m.other} on the map shows it and highlights it on both (${JSON.stringify(s)})`);
  const visible = await page.$eval(`#timeline [data-event-id="${m.other}"] .mark`, inChart);
  check(visible, `${spec.name}: the event clicked on the map is in the timeline's view`);
  await page.$eval(`#map [data-map-event-id="${spec.click}"]`, (e) => e.focus());
  await page.keyboard.press("Enter");
  s = await selected();
  check(s.details === spec.click && s.map.join() === spec.click, `${spec.name}: Enter on a focused mark selects its event`);
  // The timeline's window moved past every event: no mark is left on the map; Fit: all again.
  const shown = () => page.$$eval("#map [data-map-event-id]", (els) => els.filter((e) => getComputedStyle(e).display !== "none").length);
  await frameTime(page, () => document.getElementById("fit").click());
  check((await shown()) === m.located, `${spec.name}: with the whole record in view, every mark is on the map`);
  for (let i = 0; i < 12; i++) await frameTime(page, () => document.getElementById("pan-right").click());
  const view = await page.$eval("#timeline", (e) => e.dataset.view);
  check((await shown()) === 0, `${spec.name}: with the timeline moved past the events (${view}), the map hides their marks`);
  check((await page.$eval("#map-note", (n) => n.textContent)).includes("No event in view has a place"), `${spec.name}: and says so`);
  await frameTime(page, () => document.getElementById("fit").click());
  check((await shown()) === m.located, `${spec.name}: Fit brings them back`);
  // As the page opens, zoomed in twice: the map shows exactly the events whose days meet the
  // timeline's window.
  await page.reload({ waitUntil: "load" });
  await page.waitForSelector("body[data-ready=true]", { timeout: 60000 });
  for (let i = 0; i < 2; i++) await frameTime(page, () => document.getElementById("zoom-in").click());
  const agree = await page.evaluate(() => {
    const data = JSON.parse(document.getElementById("annals-data").textContent);
    const [from, to] = document.getElementById("timeline").dataset.view.split("/");
    const out = { shown: 0, wrong: [] };
    for (const e of data.events.filter((e) => e.geo)) {
      const spot = document.querySelector(`#map [data-map-event-id="${e.id}"]`);
      const on = getComputedStyle(spot).display !== "none";
      // The view's days are whole days at its edges: an event a day from an edge is not judged.
      const meets = e.first < to && e.last > from;
      const edge = e.first === to || e.last === from;
      if (on) out.shown++;
      if (!edge && on !== meets) out.wrong.push(e.id);
    }
    return out;
  });
  check(agree.wrong.length === 0 && agree.shown > 0 && agree.shown < m.located, `${spec.name}: zoomed in, the map shows the ${agree.shown} located events in the timeline's window` + (agree.wrong.length ? `; wrong: ${agree.wrong}` : ""));
  // A narrow screen: the map and the details above the timeline; an event chosen on the map is
  // shown on the timeline below, its row scrolled into view.
  await page.setViewport({ width: 700, height: 900 });
  await page.reload({ waitUntil: "load" });
  await page.waitForSelector("body[data-ready=true]", { timeout: 60000 });
  const above = await page.evaluate(() => document.getElementById("map").getBoundingClientRect().bottom <= document.getElementById("chart").getBoundingClientRect().top + 1);
  check(above, `${spec.name}: on a narrow screen the map is above the timeline`);
  await page.click(`#map [data-map-event-id="${m.other}"]`);
  await frameTime(page, () => {});
  check(await page.$eval(`#timeline [data-event-id="${m.other}"] .mark`, inChart), `${spec.name}: on a narrow screen too, the event clicked on the map is in the timeline's view`);
  await page.setViewport({ width: 1400, height: 820 });
}

const timings = {};
try {
  for (const spec of config.pages) {
    const { page, problems } = await watchedPage();
    const t0 = Date.now();
    await page.goto(pathToFileURL(spec.html).href, { waitUntil: "load" });
    await page.waitForSelector("body[data-ready=true]", { timeout: 60000 });
    const load = Date.now() - t0;
    const marks = await page.$$eval("svg [data-event-id]", (els) => els.length);
    const ids = new Set(await page.$$eval("svg [data-event-id]", (els) => els.map((e) => e.getAttribute("data-event-id"))));
    check(marks === spec.events && ids.size === spec.events, `${spec.name}: ${marks} marks drawn for ${spec.events} exported events`);
    if (spec.note) {
      const note = await page.$eval("#limited", (p) => p.innerText).catch(() => "(no #limited note)");
      check(note.includes(spec.note), `${spec.name}: the page says it holds only some events: ${JSON.stringify(note)}`);
    } else {
      check((await page.$("#limited")) === null, `${spec.name}: the page holds every event and says nothing of a limit`);
    }
    if (spec.summary) {
      const summary = await page.$eval("#summary", (p) => p.textContent);
      check(summary.startsWith(spec.summary), `${spec.name}: the summary counts shown and given events: ${JSON.stringify(summary)}`);
    }
    const shown = await page.$$eval("svg [data-event-id]", (els) => els.filter((e) => e.style.display !== "none").length);
    console.log(`     ${shown} of them near the visible part, the rest shown on scrolling`);

    // Zoom with the button and the wheel, then Fit: the view (svg data-view, first/last day) follows.
    const view = () => page.$eval("#timeline", (e) => e.dataset.view);
    const before = await view();
    const full = await page.$eval("#timeline", (e) => e.dataset.full);
    // The page opens on where the events are (an event "since 2008, ongoing" reaches in from the
    // edge); Fit shows the whole record.
    if (spec.opens) {
      check(before.slice(0, 10) >= spec.opens, `${spec.name}: the page opens on where the events are, from ${spec.opens} on (${before}; whole record ${full})`);
      check(full.startsWith(spec.fits), `${spec.name}: the whole record spans ${full}`);
    }
    // No label of a mark in view runs off either edge.
    const clipped = await page.evaluate(() => {
      const box = document.getElementById("timeline").getBoundingClientRect();
      const out = [];
      for (const g of document.querySelectorAll("svg [data-event-id]")) {
        if (g.style.display === "none") continue;
        for (const t of g.querySelectorAll("text")) {
          const r = t.getBoundingClientRect();
          if (r.width === 0 || r.bottom < box.top || r.top > box.bottom) continue;
          if (r.left < box.left - 1 || r.right > box.right + 1) out.push(`${g.dataset.eventId}: ${t.textContent.slice(0, 40)}`);
        }
      }
      return out;
    });
    // Every tick of the axis has its label, a month or a year, never "undefined".
    const ticks = await page.$$eval("#timeline .axis text", (ts) => ts.map((t) => t.textContent));
    check(ticks.length > 1 && ticks.every((t) => t && !t.includes("undefined")), `${spec.name}: the axis labels its ticks (${ticks.join(", ")})`);
    if (spec.opens) check(clipped.length === 0, `${spec.name}: no label runs off the page${clipped.length ? ": " + clipped.slice(0, 3).join("; ") : ""}`);
    const zoomButton = await frameTime(page, () => document.getElementById("zoom-in").click());
    const afterButton = await view();
    check(afterButton !== before, `${spec.name}: the zoom-in button narrows the view (${before} -> ${afterButton})`);
    const wheel = await frameTime(page, () => {
      const c = document.getElementById("chart");
      const b = c.getBoundingClientRect();
      c.dispatchEvent(new WheelEvent("wheel", { deltaY: 300, clientX: b.left + b.width / 3, clientY: b.top + 50, bubbles: true, cancelable: true }));
    });
    check((await view()) !== afterButton, `${spec.name}: the mouse wheel zooms`);
    const pan = await frameTime(page, () => document.getElementById("pan-right").click());
    // Drag to pan, and the keyboard: "+" on the focused chart zooms in.
    const box = await page.$eval("#chart", (c) => { const b = c.getBoundingClientRect(); return { x: b.left, y: b.top, w: b.width }; });
    let seen = await view();
    await page.mouse.move(box.x + box.w / 2, box.y + 12);
    await page.mouse.down();
    await page.mouse.move(box.x + box.w / 2 - 200, box.y + 12, { steps: 5 });
    await page.mouse.up();
    await frameTime(page, () => {});
    check((await view()) !== seen, `${spec.name}: dragging pans`);
    seen = await view();
    await page.focus("#chart");
    await page.keyboard.press("+");
    await frameTime(page, () => {});
    check((await view()) !== seen, `${spec.name}: the + key zooms`);
    const fit = await frameTime(page, () => document.getElementById("fit").click());
    check((await view()) === full, `${spec.name}: Fit shows the whole timeline (${full})`);

    // Scroll down and back: other marks come into view.
    const shownIds = () => page.$$eval("svg [data-event-id]", (els) => els.filter((e) => e.style.display !== "none").map((e) => e.getAttribute("data-event-id")).join(" "));
    const shownBefore = await shownIds();
    const scroll = await frameTime(page, () => { const c = document.getElementById("chart"); c.scrollTop = c.scrollHeight; });
    const scrollable = await page.$eval("#chart", (c) => c.scrollHeight > c.clientHeight);
    check(!scrollable || (await shownIds()) !== shownBefore, `${spec.name}: scrolling ${scrollable ? "brings other marks into view" : "is not needed"}`);
    await frameTime(page, () => { document.getElementById("chart").scrollTop = 0; });

    // Click an event (the one named, or the visible one nearest the middle): its details appear.
    if (!spec.click) {
      spec.click = await page.evaluate(() => {
        const box = document.getElementById("chart").getBoundingClientRect();
        const mid = { x: box.left + box.width / 2, y: box.top + box.height / 2 };
        let best = null;
        for (const g of document.querySelectorAll("svg [data-event-id]")) {
          const r = g.querySelector(".mark").getBoundingClientRect();
          if (!r.width || r.bottom < box.top || r.top > box.bottom || r.right < box.left || r.left > box.right) continue;
          const d = Math.hypot(r.x - mid.x, r.y - mid.y);
          if (!best || d < best.d) best = { d, id: g.getAttribute("data-event-id") };
        }
        return best && best.id;
      });
      spec.expect = spec.expect.map((t) => t.replace("{id}", (spec.click || "").replace("event-", "")));
    }
    const sel = `svg [data-event-id="${spec.click}"]`;
    await page.$eval(sel, (e) => e.scrollIntoView({ block: "center" }));
    await frameTime(page, () => {});
    const t1 = Date.now();
    await page.click(`${sel} .mark`);
    await page.waitForFunction((id) => document.getElementById("details").dataset.shown === id, { timeout: 10000 }, spec.click);
    const click = Date.now() - t1;
    const text = await page.$eval("#details", (d) => d.innerText);
    const missing = spec.expect.filter((t) => !text.includes(t));
    check(missing.length === 0, `${spec.name}: clicking ${spec.click} shows its details` + (missing.length ? ` (missing ${JSON.stringify(missing)}; got ${JSON.stringify(text)})` : ""));
    if (spec.link) {
      const href = await page.$eval("#details a", (a) => a.href).catch(() => null);
      check(href === spec.link, `${spec.name}: the source is linked (${href})`);
    }

    if (spec.map) await checkMap(page, spec);

    // The picture: the page as it opens, with the clicked event's details.
    const shot = join(config.out, `${spec.name}.png`);
    if (spec.opens) {
      await page.reload({ waitUntil: "load" });
      await page.waitForSelector("body[data-ready=true]", { timeout: 60000 });
      await page.click(`${sel} .mark`);
      await page.waitForFunction((id) => document.getElementById("details").dataset.shown === id, { timeout: 10000 }, spec.click);
    }
    await page.screenshot({ path: shot });
    check(problems.length === 0, `${spec.name}: no console errors, page errors or network requests` + (problems.length ? `: ${problems.slice(0, 5).join("; ")}` : ""));
    timings[spec.name] = { events: spec.events, load, zoomButton, wheel, pan, fit, scroll, click };
    for (const [what, bound] of Object.entries(spec.within || {})) {
      const took = timings[spec.name][what];
      check(took <= bound, `${spec.name}: ${what} took ${Math.round(took)} ms (within ${bound} ms)`);
    }
    await page.close();
  }

  // Each Mermaid export: { name, file, expect } (the founding one, and one from a database
  // another tool wrote titles, comments and keywords into).
  const mermaids = config.mermaids || (config.mermaid ? [{ name: "mermaid", file: config.mermaid, expect: config.mermaidExpect }] : []);
  for (const m of mermaids) {
    const { page, problems } = await watchedPage();
    await page.setContent("<!doctype html><html><body><div id=out></div></body></html>");
    await page.addScriptTag({ path: join(here, "node_modules/mermaid/dist/mermaid.min.js") });
    const source = readFileSync(m.file, "utf8");
    const result = await page.evaluate(async (text) => {
      try {
        window.mermaid.initialize({ startOnLoad: false });
        const parsed = await window.mermaid.parse(text);
        const { svg } = await window.mermaid.render("annals-mermaid", text);
        document.getElementById("out").innerHTML = svg;
        return { ok: true, type: parsed.diagramType, text: document.getElementById("out").textContent };
      } catch (e) {
        return { ok: false, error: String(e && e.message || e) };
      }
    }, source);
    check(result.ok && result.type === "timeline", `${m.name}: the export parses and renders as a timeline${result.ok ? "" : ": " + result.error}`);
    // Mermaid wraps long entries into one text span per line: compare without white space.
    const squeeze = (s) => s.replace(/\s+/g, "");
    for (const t of m.expect || []) check(result.ok && squeeze(result.text).includes(squeeze(t)), `${m.name}: the rendered diagram shows ${JSON.stringify(t)}`);
    await page.screenshot({ path: join(config.out, `${m.name}.png`), fullPage: true });
    check(problems.length === 0, `${m.name}: no console errors or network requests` + (problems.length ? `: ${problems.join("; ")}` : ""));
    await page.close();
  }
} catch (e) {
  check(false, "browser run: " + (e && e.stack || e));
} finally {
  await browser.close();
  rmSync(profile, { recursive: true, force: true });
}

writeFileSync(join(config.out, "timings.json"), JSON.stringify(timings, null, 2));
const ms = (x) => `${Math.round(x)} ms`;
console.log("\ntimings (ms): load = open to drawn; zoom button, wheel, pan, fit, scroll = until the next frame is painted; click = until details shown");
for (const [name, t] of Object.entries(timings)) {
  console.log(`  ${name.padEnd(10)} ${String(t.events).padStart(5)} events: load ${ms(t.load)}, zoom button ${ms(t.zoomButton)}, wheel ${ms(t.wheel)}, pan ${ms(t.pan)}, fit ${ms(t.fit)}, scroll ${ms(t.scroll)}, click ${ms(t.click)}`);
}
const base = timings.founding;
for (const [name, t] of Object.entries(timings)) {
  if (name === "founding" || !base) continue;
  const r = (k) => `${k} ×${(t[k] / Math.max(base[k], 1)).toFixed(1)}`;
  console.log(`  ${name} vs founding: ${["load", "zoomButton", "wheel", "pan", "fit", "scroll", "click"].map(r).join(", ")}`);
}
console.log(`browser: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
