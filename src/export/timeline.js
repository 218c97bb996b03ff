// The exported timeline: reads the events from #annals-data and draws them as SVG on a
// horizontal time axis, one lane per group, each event on the first row of its lane where neither
// its mark nor its label overlaps another. The marks are made once; zooming and panning only move
// them. A day is a point, a longer span a bar, an approximate or uncertain date is lighter, an
// ongoing event ends in an arrow at the export date, an open start or unknown end fades out.
// The map beside it (map.js, annalsMap) shows the events of the visible window that have a place,
// and a selection on either is highlighted on both.
(function () {
  "use strict";

  const data = JSON.parse(document.getElementById("annals-data").textContent);
  const SVG = "http://www.w3.org/2000/svg";
  const DAY = 86400000;
  const AXIS = 28;       // height of the axis at the top
  const LANE_HEAD = 20;  // height of a lane's name
  const ROW = 36;        // height of one row of events
  const TAIL = 36;       // length of a faded open end
  const ARROW = 9;       // length of an ongoing event's arrow head
  const PALETTE = ["#2563eb", "#dc2626", "#059669", "#d97706", "#7c3aed", "#db2777", "#0891b2", "#4d7c0f"];
  const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

  const chart = document.getElementById("chart");
  const svg = document.getElementById("timeline");
  const details = document.getElementById("details");
  const day = (iso) => Date.parse(iso + "T00:00:00Z");
  const exported = day(data.exported);

  function el(name, attrs, parent) {
    const node = document.createElementNS(SVG, name);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
    if (parent) parent.appendChild(node);
    return node;
  }

  // Measure label widths once, with the font the page uses.
  const ctx = document.createElement("canvas").getContext("2d");
  function width(text, px) {
    ctx.font = px + "px system-ui, -apple-system, 'Segoe UI', Roboto, 'DejaVu Sans', sans-serif";
    return ctx.measureText(text).width;
  }

  // Lanes in order of their first event; a colour each.
  const lanes = [];
  const laneOf = new Map();
  for (const e of data.events) {
    if (!laneOf.has(e.lane)) {
      const lane = { name: e.lane, colour: PALETTE[lanes.length % PALETTE.length], items: [] };
      lanes.push(lane);
      laneOf.set(e.lane, lane);
    }
  }

  // Static layers: defs (fades), lane bands, grid and axis, the export date, then the events.
  const defs = el("defs", {}, svg);
  lanes.forEach((lane, i) => {
    for (const [id, x1, x2] of [["fade-l-" + i, 1, 0], ["fade-r-" + i, 0, 1]]) {
      const g = el("linearGradient", { id, x1, x2, y1: 0, y2: 0 }, defs);
      el("stop", { offset: 0, "stop-color": lane.colour, "stop-opacity": 0.7 }, g);
      el("stop", { offset: 1, "stop-color": lane.colour, "stop-opacity": 0 }, g);
    }
    lane.index = i;
  });
  // The SVG is the size of the visible part and stays put (sticky); a spacer below it gives the
  // scroll height, and marks are placed in view coordinates. Resizing an SVG that holds thousands
  // of marks costs a full layout of all of them, so it is never resized on zoom or scroll.
  const spacer = document.getElementById("spacer");
  const bands = el("g", {}, svg);
  const grid = el("g", { class: "grid" }, svg);
  const todayLine = el("line", { class: "today", y1: AXIS - 6 }, svg);
  const marks = el("g", {}, svg);
  const axis = el("g", { class: "axis" }, svg);
  const todayLabel = el("text", { class: "axis-label", y: AXIS - 10, "text-anchor": "end" }, svg);
  todayLabel.textContent = "exported " + human(exported);
  const todayWidth = width(todayLabel.textContent, 11);

  const items = data.events.map((e) => {
    const lane = laneOf.get(e.lane);
    const from = day(e.first);
    const to = day(e.last) + DAY;
    const point = to - from === DAY && !e.ongoing && !e.open_start && !e.unknown_end;
    const second = [e.date_human + (e.ongoing ? " (ongoing)" : "")].concat([...new Set(e.figures.map((f) => f.label))]).join(" · ");
    const g = el("g", {
      class: "event" + (e.approximate || e.uncertain ? " fuzzy" : ""),
      "data-event-id": e.id,
      tabindex: 0,
      role: "button",
      "aria-label": e.date_human + ": " + e.title,
      // Hidden until the first layout shows the ones in view, so that loading lays out only those.
      style: `--lane:${lane.colour};display:none`,
    });
    const item = { e, lane, from, to, point, g, hidden: true };
    if (e.open_start) item.head = el("rect", { class: "tail", y: -4, height: 8, width: TAIL, fill: `url(#fade-l-${lane.index})` }, g);
    item.shape = point ? el("circle", { class: "mark", r: 5.5 }, g) : el("rect", { class: "mark", y: -5, height: 10, rx: 2 }, g);
    if (e.ongoing) item.arrow = el("path", { class: "arrow" }, g);
    if (e.unknown_end) item.tail = el("rect", { class: "tail", y: -4, height: 8, width: TAIL, fill: `url(#fade-r-${lane.index})` }, g);
    item.title = el("text", { class: "title", y: 0 }, g);
    item.title.textContent = e.title;
    item.sub = el("text", { class: "figures", y: 13 }, g);
    item.sub.textContent = second;
    item.labelWidth = Math.max(width(e.title, 12.5), width(second, 11));
    el("title", {}, g).textContent = e.date_human + " — " + e.title;
    g.addEventListener("click", () => { if (!dragged) select(item); });
    g.addEventListener("keydown", (ev) => {
      if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); select(item); }
    });
    lane.items.push(item);
    marks.appendChild(g);
    return item;
  });

  const map = annalsMap({
    data, items, select,
    svg: document.getElementById("map"),
    note: document.getElementById("map-note"),
    fit: document.getElementById("map-fit"),
  });

  // The whole span, with a margin; at least a month so that a single day is not the whole axis.
  // (A loop, not Math.min(...list): a whole record's list is more arguments than a call takes.)
  let lo = Infinity, hi = -Infinity;
  for (const i of items) { lo = Math.min(lo, i.from); hi = Math.max(hi, i.to); }
  if (!items.length) { lo = exported - 30 * DAY; hi = exported + DAY; }
  if (hi - lo < 30 * DAY) { const mid = (lo + hi) / 2; lo = mid - 15 * DAY; hi = mid + 15 * DAY; }
  const margin = (hi - lo) * 0.04;
  const full = { start: lo - margin, end: hi + margin };
  svg.dataset.full = new Date(full.start).toISOString().slice(0, 10) + "/" + new Date(full.end).toISOString().slice(0, 10);
  let view = dense() || { ...full };

  // Where the story is: the shortest window holding four in five of the events with both ends
  // known (an open or ongoing span, "since 2008", would otherwise stretch the page over years
  // and squeeze the rest against an edge), with a margin; none when that is the whole record
  // anyway. Open spans reach into it from the edge. Fit shows the whole record.
  function dense() {
    const at = [];
    for (const i of items) if (!i.e.ongoing && !i.e.open_start && !i.e.unknown_end) at.push((i.from + i.to) / 2);
    if (at.length < 2) return null;
    at.sort((a, b) => a - b);
    const k = Math.max(2, Math.ceil(at.length * 0.8));
    let best = 0;
    for (let i = 0; i + k - 1 < at.length; i++) if (at[i + k - 1] - at[i] < at[best + k - 1] - at[best]) best = i;
    let start = at[best], end = at[best + k - 1];
    // The events of the window whole, and at least a month.
    for (const i of items) {
      const mid = (i.from + i.to) / 2;
      if (mid >= start && mid <= end && !i.e.ongoing && !i.e.open_start && !i.e.unknown_end) {
        start = Math.min(start, i.from); end = Math.max(end, i.to);
      }
    }
    if (end - start < 30 * DAY) { const mid = (start + end) / 2; start = mid - 15 * DAY; end = mid + 15 * DAY; }
    const pad = (end - start) * 0.15;
    const window = { start: Math.max(full.start, start - pad), end: Math.min(full.end, end + pad) };
    return window.end - window.start < (full.end - full.start) * 0.8 ? window : null;
  }

  // A page that holds only the latest events says so (#limited, written with the page).
  const count = (n) => n.toLocaleString("en-GB");
  document.getElementById("summary").textContent =
    (data.of ? `${count(items.length)} of ${count(data.of)} events` : `${count(items.length)} event${items.length === 1 ? "" : "s"}`) +
    ` · lanes by ${data.lanes} · exported ${human(exported)}`;

  function human(t) {
    const d = new Date(t);
    return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
  }

  // Axis ticks: the finest step that leaves about 90 px between labels.
  const STEPS = [
    ["day", 1], ["day", 2], ["day", 7], ["month", 1], ["month", 3], ["month", 6],
    ["year", 1], ["year", 2], ["year", 5], ["year", 10], ["year", 25], ["year", 50], ["year", 100],
  ];
  const APPROX = { day: DAY, month: 30.44 * DAY, year: 365.25 * DAY };
  function ticks(scale) {
    const [unit, n] = STEPS.find(([u, k]) => APPROX[u] * k * scale >= 90) || STEPS[STEPS.length - 1];
    const d = new Date(view.start);
    let y = d.getUTCFullYear(), m = d.getUTCMonth(), dd = d.getUTCDate();
    if (unit === "year") { y -= y % n; m = 0; dd = 1; }
    else if (unit === "month") { m -= m % n; dd = 1; }
    const out = [];
    for (let guard = 0; guard < 500; guard++) {
      const t = Date.UTC(y, m, dd);
      if (t > view.end) break;
      let label;
      if (unit === "year") label = String(y);
      else if (unit === "month") label = m === 0 || !out.length ? `${MONTHS[m]} ${y}` : MONTHS[m];
      else {
        const d = new Date(t);
        label = `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]}`;
        if (!out.length || (d.getUTCMonth() === 0 && d.getUTCDate() <= n)) label += " " + d.getUTCFullYear();
      }
      if (t >= view.start) out.push([t, label]);
      if (unit === "year") y += n; else if (unit === "month") m += n; else dd += n;
      // Past December, the next year's months (a month's label names its own year).
      if (m > 11) { y += Math.floor(m / 12); m %= 12; }
    }
    return out;
  }

  // Place everything for the current view. Rows are packed again, since widths change with zoom;
  // only the marks near the visible part are updated and shown, so that a zoom step costs the
  // same with 5,000 events as with 50.
  function layout() {
    const w = chart.clientWidth;
    const h = chart.clientHeight;
    const top = chart.scrollTop;
    const scale = w / (view.end - view.start);
    const x = (t) => (t - view.start) * scale;
    let y = AXIS;
    bands.replaceChildren();
    for (const lane of lanes) {
      if (y - top > -LANE_HEAD && y - top < h) {
        el("rect", { class: "lane-band", x: 0, y: y - top, width: w, height: LANE_HEAD }, bands);
        el("text", { class: "lane-name", x: 8, y: y - top + 14 }, bands).textContent = lane.name;
      }
      const rowEnds = [];
      for (const it of lane.items) {
        const x0 = x(it.from);
        const bar = it.point ? 0 : Math.max(x(it.to) - x0, 3);
        const left = x0 - (it.point ? 6 : 0) - (it.head ? TAIL : 0);
        const markEnd = it.point ? 6 : bar + (it.arrow ? ARROW : 0) + (it.tail ? TAIL : 0);
        // The label goes right of the mark; left of it where it would run off the right edge; over
        // the bar, from its first visible point, where neither side has room.
        const side = x0 + markEnd + 6 + it.labelWidth <= w ? "right" : left - it.labelWidth - 6 > 0 ? "left" : "over";
        // Over the bar, the label starts at its first visible point and never runs off the
        // right edge where the view is wide enough to hold it.
        const over = Math.max(4, Math.min(Math.max(x0, 0) + 4, w - 4 - it.labelWidth));
        const from = side === "left" ? left - it.labelWidth - 20 : side === "over" ? Math.min(left, over - 4) : left;
        const right = side === "right" ? x0 + markEnd + 6 + it.labelWidth + 14 : side === "left" ? x0 + markEnd + 14 : Math.max(x0 + markEnd, over + it.labelWidth + 10);
        const labelX = side === "right" ? markEnd + 6 : side === "left" ? left - x0 - 6 : over - x0;
        let row = rowEnds.findIndex((end) => end <= from);
        if (row < 0) { row = rowEnds.length; rowEnds.push(right); } else rowEnds[row] = right;
        const cy = y + LANE_HEAD + row * ROW + ROW / 2 - top;
        it.top = cy + top;
        const near = cy > AXIS - ROW && cy < h + ROW && right > -100 && from < w + 100;
        if (near) draw(it, it.point ? x0 + (x(it.to) - x0) / 2 : x0, cy, bar, labelX, side);
        if (near === it.hidden) { it.hidden = !near; it.g.style.display = near ? "" : "none"; }
      }
      y += LANE_HEAD + Math.max(rowEnds.length, 1) * ROW;
    }
    setSize(svg, w, h);
    spacer.style.height = Math.max(0, y + 8 - h) + "px";
    svg.dataset.view = new Date(view.start).toISOString().slice(0, 10) + "/" + new Date(view.end).toISOString().slice(0, 10);
    grid.replaceChildren();
    axis.replaceChildren();
    el("rect", { class: "axis-band", x: 0, y: 0, width: w, height: AXIS - 6 }, axis);
    const tx = x(exported);
    for (const [t, label] of ticks(scale)) {
      el("line", { x1: x(t).toFixed(1), x2: x(t).toFixed(1), y1: AXIS - 6, y2: h }, grid);
      // No tick label under the export date's own label.
      if ((x(t) < tx - todayWidth - 40 || x(t) > tx + 4) && x(t) + 32 <= w) el("text", { x: (x(t) + 3).toFixed(1), y: AXIS - 10 }, axis).textContent = label;
    }
    const inView = tx >= 0 && tx <= w;
    for (const node of [todayLine, todayLabel]) node.style.display = inView ? "" : "none";
    todayLine.setAttribute("x1", tx.toFixed(1));
    todayLine.setAttribute("x2", tx.toFixed(1));
    todayLine.setAttribute("y2", h);
    todayLabel.setAttribute("x", (tx - 4).toFixed(1));
    map.show(view);
  }

  function setSize(node, w, h) {
    if (node.getAttribute("width") !== String(w)) node.setAttribute("width", w);
    if (node.getAttribute("height") !== String(h)) node.setAttribute("height", h);
  }

  // One event's mark at (cx, cy): bar width, label position and side (right, left or over).
  function draw(it, cx, cy, bar, labelX, side) {
    it.g.setAttribute("transform", `translate(${cx.toFixed(1)},${cy})`);
    if (!it.point) it.shape.setAttribute("width", bar.toFixed(1));
    if (it.head) it.head.setAttribute("x", -TAIL);
    if (it.arrow) it.arrow.setAttribute("d", `M${bar.toFixed(1)},-8 L${(bar + ARROW).toFixed(1)},0 L${bar.toFixed(1)},8 Z`);
    if (it.tail) it.tail.setAttribute("x", bar.toFixed(1));
    it.title.setAttribute("y", side === "over" ? -9 : 0);
    it.sub.setAttribute("y", side === "over" ? 17 : 13);
    for (const text of [it.title, it.sub]) {
      text.setAttribute("x", labelX.toFixed(1));
      text.setAttribute("text-anchor", side === "left" ? "end" : "start");
    }
  }

  let pending = false;
  function redraw() {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => { pending = false; layout(); });
  }

  // Zoom about a point (a fraction of the width), keeping the span between a day and 1000 years.
  function zoom(factor, at) {
    const span = view.end - view.start;
    const next = Math.min(Math.max(span * factor, 2 * DAY), 1000 * 365.25 * DAY);
    const pivot = view.start + span * (at === undefined ? 0.5 : at);
    view = { start: pivot - (pivot - view.start) * (next / span), end: pivot + (view.end - pivot) * (next / span) };
    redraw();
  }
  function pan(fraction) {
    const shift = (view.end - view.start) * fraction;
    view = { start: view.start + shift, end: view.end + shift };
    redraw();
  }

  chart.addEventListener("wheel", (ev) => {
    ev.preventDefault();
    const box = chart.getBoundingClientRect();
    if (ev.shiftKey || Math.abs(ev.deltaX) > Math.abs(ev.deltaY)) pan((ev.deltaX || ev.deltaY) / box.width);
    else zoom(Math.pow(1.0015, ev.deltaY), (ev.clientX - box.left) / box.width);
  }, { passive: false });

  let drag = null;
  let dragged = false;
  chart.addEventListener("pointerdown", (ev) => {
    drag = { x: ev.clientX, start: view.start, end: view.end };
    dragged = false;
  });
  window.addEventListener("pointermove", (ev) => {
    if (!drag) return;
    const dx = ev.clientX - drag.x;
    if (Math.abs(dx) > 3) { dragged = true; chart.classList.add("dragging"); }
    if (!dragged) return;
    const shift = -dx * (drag.end - drag.start) / chart.clientWidth;
    view = { start: drag.start + shift, end: drag.end + shift };
    redraw();
  });
  window.addEventListener("pointerup", () => {
    drag = null;
    chart.classList.remove("dragging");
    // A click that ends a drag is not a selection; the flag clears after that click is seen.
    setTimeout(() => { dragged = false; }, 0);
  });

  document.getElementById("zoom-in").addEventListener("click", () => zoom(1 / 1.5));
  document.getElementById("zoom-out").addEventListener("click", () => zoom(1.5));
  document.getElementById("pan-left").addEventListener("click", () => pan(-0.25));
  document.getElementById("pan-right").addEventListener("click", () => pan(0.25));
  // Fit: the whole record, every open span included.
  document.getElementById("fit").addEventListener("click", () => { view = { ...full }; redraw(); });
  chart.addEventListener("keydown", (ev) => {
    const keys = { "+": () => zoom(1 / 1.5), "=": () => zoom(1 / 1.5), "-": () => zoom(1.5),
      ArrowLeft: () => pan(-0.1), ArrowRight: () => pan(0.1), "0": () => { view = { ...full }; redraw(); } };
    if (keys[ev.key]) { ev.preventDefault(); keys[ev.key](); }
  });
  window.addEventListener("resize", redraw);
  // The chart's size also changes with the map and details beside (or, narrow, above) it.
  new ResizeObserver(redraw).observe(chart);
  chart.addEventListener("scroll", redraw);

  // Details of one event, built from text nodes only.
  function add(parent, tag, text, cls) {
    const node = document.createElement(tag);
    if (text !== undefined) node.textContent = text;
    if (cls) node.className = cls;
    parent.appendChild(node);
    return node;
  }
  let selected = null;
  function select(item, from) {
    if (selected) selected.g.classList.remove("selected");
    selected = item;
    item.g.classList.add("selected");
    map.highlight(item);
    const e = item.e;
    details.replaceChildren();
    details.dataset.shown = e.id;
    add(details, "h2", e.title);
    let when = e.date_human + (e.date_text ? ` — “${e.date_text}”` + (e.date_publisher ? `, ${e.date_publisher}` : "") : "");
    if (e.ongoing) when += ` · ongoing at ${human(exported)}`;
    add(details, "p", when, "when");
    add(details, "p", e.kind + (e.place ? " · " + e.place.name : ""), "when");
    if (e.disputed_place) {
      // Each place the reports give, with the articles that give it.
      add(details, "h3", "Place disputed");
      const ul = add(details, "ul");
      for (const p of e.reported_places) {
        const by = p.sources.map((id) => (data.sources[id] ? data.sources[id].title : id));
        add(ul, "li", p.place.name + " — " + by.join("; "));
      }
    }
    if (e.summary) add(details, "p", e.summary);
    if (e.participants.length) {
      add(details, "h3", "Participants");
      const ul = add(details, "ul");
      for (const p of e.participants) add(ul, "li", p.name + (p.role ? ` (${p.role})` : ""));
    }
    if (e.figures.length) {
      add(details, "h3", "Figures");
      const ul = add(details, "ul");
      for (const line of e.figure_lines) add(ul, "li", line);
    }
    if (e.quotes.length) {
      add(details, "h3", "Quotes");
      for (const q of e.quotes) {
        const b = add(details, "blockquote", `“${q.text}”`);
        add(b, "div", "— " + q.speaker.name, "when");
      }
    }
    if (e.sources.length) {
      add(details, "h3", "Sources");
      const ul = add(details, "ul");
      for (const id of e.sources) {
        const s = data.sources[id];
        const li = add(ul, "li");
        if (!s) { li.textContent = id; continue; }
        if (s.url && /^https?:\/\//i.test(s.url)) {
          const a = add(li, "a", s.title);
          a.href = s.url;
          a.target = "_blank";
          a.rel = "noopener noreferrer";
        } else add(li, "span", s.title);
        add(li, "span", `, ${s.publisher}, ${s.published}`);
      }
    }
    add(details, "p", e.id, "id");
    // After the details: on a narrow screen they change the height left to the chart.
    if (from === "map") reveal(item);
  }

  // An event selected on the map is brought into the timeline's view: the window moves to it
  // when it lies outside (keeping the zoom), and the chart scrolls to its row.
  function reveal(item) {
    if (item.to <= view.start || item.from >= view.end) {
      const span = view.end - view.start;
      const at = (item.from + Math.min(item.to, item.from + span / 2)) / 2;
      view = { start: at - span / 2, end: at + span / 2 };
    }
    layout();
    if (item.top < chart.scrollTop + AXIS + ROW / 2 || item.top > chart.scrollTop + chart.clientHeight - ROW / 2) {
      chart.scrollTop = Math.max(0, item.top - chart.clientHeight / 2);
      layout();
    }
  }

  layout();
  document.body.dataset.ready = "true";
})();
