// The map beside the timeline: the events that have a place with coordinates (`geo`), drawn over
// the country outlines the page embeds (`outline`). A point is a dot; an area a shaded box, drawn
// lighter and dashed where only a place the event lies within is known (coarser). The projection
// is equirectangular, a degree of longitude cos(latitude) of one of latitude at the centre of the
// events; the view is the SVG's viewBox in those units, so zooming and panning only change it and
// the size of the marks (points at one place are spread around it, so that each can be clicked).
// The timeline calls show(view) after each layout (the map shows only the
// events in the visible window) and highlight(item) on a selection; a click or Enter on a mark
// calls the timeline's select.
const annalsMap = (function () {
  "use strict";
  const SVG = "http://www.w3.org/2000/svg";
  // MIN_SPAN and PAD are outline.rs's too: the outline embedded reaches past the view they give.
  const MIN_SPAN = 4;  // degrees of latitude: a single town never fills the map
  const PAD = 0.25;    // a margin around the events, as a fraction of their span
  const DOT = 5;       // a point's radius, in pixels
  const SMALLEST = 8;  // an area is drawn at least this many pixels wide and high

  function el(name, attrs, parent) {
    const node = document.createElementNS(SVG, name);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
    if (parent) parent.appendChild(node);
    return node;
  }

  // A ring as tools/outline.mjs writes it: hundredths of a degree, the first point, then steps.
  function ring(text, project) {
    const n = text.split(",").map(Number);
    let x = n[0], y = n[1];
    const out = ["M" + project(x / 100, y / 100)];
    for (let i = 2; i + 1 < n.length; i += 2) {
      x += n[i]; y += n[i + 1];
      out.push("L" + project(x / 100, y / 100));
    }
    return out.join("") + "Z";
  }

  return function create({ data, items, svg, note, fit, select }) {
    const located = items.filter((it) => it.e.geo);
    const panel = svg.closest("figure");
    if (!located.length) {
      panel.classList.add("empty");
      note.textContent = items.length ? `No event here has a place on the map.` : "";
      return { show() {}, highlight() {} };
    }

    // The events' extent and the projection centred on it.
    let west = Infinity, south = Infinity, east = -Infinity, north = -Infinity;
    for (const { e: { geo } } of located) {
      west = Math.min(west, geo.west, geo.longitude); east = Math.max(east, geo.east, geo.longitude);
      south = Math.min(south, geo.south, geo.latitude); north = Math.max(north, geo.north, geo.latitude);
    }
    const k = Math.max(Math.cos(((south + north) / 2) * Math.PI / 180), 0.1);
    const px = (lon) => lon * k;
    const py = (lat) => -lat;
    const project = (lon, lat) => px(lon).toFixed(3) + "," + py(lat).toFixed(3);

    const land = el("g", { class: "land" }, svg);
    for (const country of data.outline) {
      const path = el("path", { d: country.rings.map((r) => ring(r, project)).join("") }, land);
      el("title", {}, path).textContent = country.name;
    }
    const areas = el("g", { class: "areas" }, svg);
    const points = el("g", { class: "points" }, svg);

    // Larger areas first, so that a smaller one inside is on top and can be clicked.
    const size = ({ e: { geo } }) => (geo.east - geo.west) * (geo.north - geo.south);
    for (const it of located.slice().sort((a, b) => size(b) - size(a))) {
      const g = it.e.geo;
      const point = g.precision === "point" && g.west === g.east && g.south === g.north;
      const layer = point ? points : areas;
      const spot = el(point ? "circle" : "rect", {
        // A point known to within a radius is drawn as the box it may be anywhere in.
        class: "spot " + (point ? "point" : g.precision === "within" ? "within" : "area"),
        "data-map-event-id": it.e.id,
        tabindex: 0,
        role: "button",
        "aria-label": `${it.e.date_human}: ${it.e.title}` + (it.e.place ? ` (${it.e.place.name})` : ""),
        style: `--lane:${it.lane.colour}`,
      }, layer);
      el("title", {}, spot).textContent = `${it.e.date_human} — ${it.e.title}` + (it.e.place ? ` · ${it.e.place.name}` : "") +
        (g.precision === "within" ? " (only the area it lies within is known)" : "");
      spot.addEventListener("click", () => { if (!dragged) select(it, "map"); });
      spot.addEventListener("keydown", (ev) => {
        if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); select(it, "map"); }
      });
      it.spot = spot;
      it.spotPoint = point;
      it.spotLayer = layer;
    }

    // The view: a centre and a width in projected units; the height follows the SVG's shape.
    function fitted() {
      const w = Math.max(px(east) - px(west), MIN_SPAN);
      const h = Math.max(north - south, MIN_SPAN);
      const aspect = svg.clientWidth / Math.max(svg.clientHeight, 1) || 4 / 3;
      return { cx: (px(west) + px(east)) / 2, cy: py((south + north) / 2), width: Math.max(w, h * aspect) * (1 + 2 * PAD) };
    }
    let view = fitted();
    function draw() {
      const w = svg.clientWidth || 1, h = svg.clientHeight || 1;
      const unit = view.width / w;  // projected units per pixel
      const height = h * unit;
      svg.setAttribute("viewBox", `${(view.cx - view.width / 2).toFixed(4)} ${(view.cy - height / 2).toFixed(4)} ${view.width.toFixed(4)} ${height.toFixed(4)}`);
      const at = new Map();  // points at the same place, spread on a small circle around it
      for (const it of located) if (it.spotPoint) {
        const key = it.e.geo.longitude + "," + it.e.geo.latitude;
        at.set(key, (at.get(key) || []).concat([it]));
      }
      for (const it of located) {
        const g = it.e.geo;
        if (it.spotPoint) {
          const same = at.get(g.longitude + "," + g.latitude);
          const i = same.indexOf(it), r = same.length > 1 ? (DOT + 1) * unit : 0;
          it.spot.setAttribute("cx", (px(g.longitude) + r * Math.cos(2 * Math.PI * i / same.length)).toFixed(4));
          it.spot.setAttribute("cy", (py(g.latitude) + r * Math.sin(2 * Math.PI * i / same.length)).toFixed(4));
          it.spot.setAttribute("r", (DOT * unit).toFixed(5));
        } else {
          const min = SMALLEST * unit;
          const bw = Math.max(px(g.east) - px(g.west), min), bh = Math.max(g.north - g.south, min);
          const x = (px(g.west) + px(g.east)) / 2 - bw / 2, y = py((g.north + g.south) / 2) - bh / 2;
          for (const [a, v] of [["x", x], ["y", y], ["width", bw], ["height", bh]]) it.spot.setAttribute(a, v.toFixed(5));
        }
      }
      svg.dataset.view = [view.cx, view.cy, view.width].map((v) => v.toFixed(3)).join(" ");
    }

    // Only the events the timeline shows: those whose span meets its visible window. The note
    // counts the ones in the window that have no place.
    function show(span) {
      let placed = 0, unplaced = 0;
      for (const it of items) {
        const inView = it.to > span.start && it.from < span.end;
        if (it.spot) {
          it.spot.style.display = inView ? "" : "none";
          if (inView) placed++;
        } else if (inView) unplaced++;
      }
      note.textContent = (unplaced ? `${unplaced} event${unplaced === 1 ? " has" : "s have"} no place on the map.` : "") +
        (placed ? "" : " No event in view has a place on the map.");
      note.dataset.unplaced = unplaced;
      svg.dataset.shown = placed;
    }

    let selected = null;
    function highlight(it) {
      if (selected) selected.spot.classList.remove("selected");
      selected = it && it.spot ? it : null;
      if (!selected) return;
      it.spot.classList.add("selected");
      it.spotLayer.appendChild(it.spot);  // on top of its layer
    }

    // Zoom about the cursor with the wheel, pan by dragging; Fit shows every located event.
    function zoom(factor, fx, fy) {
      const h = svg.clientHeight * view.width / Math.max(svg.clientWidth, 1);
      const next = Math.min(Math.max(view.width * factor, 0.05), 400);
      const ratio = next / view.width;
      view = { cx: view.cx + (fx - 0.5) * view.width * (1 - ratio), cy: view.cy + (fy - 0.5) * h * (1 - ratio), width: next };
      draw();
    }
    svg.addEventListener("wheel", (ev) => {
      ev.preventDefault();
      const b = svg.getBoundingClientRect();
      zoom(Math.pow(1.0015, ev.deltaY), (ev.clientX - b.left) / b.width, (ev.clientY - b.top) / b.height);
    }, { passive: false });
    let drag = null, dragged = false;
    svg.addEventListener("pointerdown", (ev) => { drag = { x: ev.clientX, y: ev.clientY, cx: view.cx, cy: view.cy }; dragged = false; });
    window.addEventListener("pointermove", (ev) => {
      if (!drag) return;
      const dx = ev.clientX - drag.x, dy = ev.clientY - drag.y;
      if (Math.hypot(dx, dy) > 3) { dragged = true; svg.classList.add("dragging"); }
      if (!dragged) return;
      const unit = view.width / Math.max(svg.clientWidth, 1);
      view = { cx: drag.cx - dx * unit, cy: drag.cy - dy * unit, width: view.width };
      draw();
    });
    window.addEventListener("pointerup", () => {
      drag = null;
      svg.classList.remove("dragging");
      setTimeout(() => { dragged = false; }, 0);
    });
    fit.addEventListener("click", () => { view = fitted(); draw(); });
    new ResizeObserver(draw).observe(svg);
    draw();
    return { show, highlight };
  };
})();
