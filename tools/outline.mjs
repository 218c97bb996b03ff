// Converts Natural Earth's country boundaries, as the npm package world-atlas redistributes them
// (TopoJSON, quantized, in degrees), into the outline the HTML export embeds:
//   npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
//   node tools/outline.mjs package/countries-50m.json > src/export/countries-50m.txt
// The output is text, one country a line: its name, its box and its rings, separated by tabs.
// Coordinates are hundredths of a degree (about a kilometre), whole numbers: the box as
// "west south east north", each ring as its first point "lon,lat" and then the steps to the next
// points ("dlon,dlat,..."), rings separated by ";". Points that round to the one before are
// dropped, and rings that round to fewer than four points. Needs nothing beyond node.
import { readFileSync } from "node:fs";

const file = process.argv[2];
if (!file) {
  console.error("usage: node tools/outline.mjs countries-50m.json > countries-50m.txt");
  process.exit(2);
}
const topo = JSON.parse(readFileSync(file, "utf8"));
const { scale, translate } = topo.transform;

// Every arc as absolute degrees (TopoJSON stores quantized steps).
const arcs = topo.arcs.map((arc) => {
  let x = 0, y = 0;
  return arc.map(([dx, dy]) => {
    x += dx;
    y += dy;
    return [x * scale[0] + translate[0], y * scale[1] + translate[1]];
  });
});
// A ring from its arcs: a negative index is the arc ~i reversed; each arc's first point is the
// last point of the one before.
function ring(indexes) {
  const points = [];
  for (const i of indexes) {
    const arc = i < 0 ? arcs[~i].slice().reverse() : arcs[i];
    points.push(...(points.length ? arc.slice(1) : arc));
  }
  return points;
}

const hundredths = (v) => Math.round(v * 100);
const lines = [];
for (const g of topo.objects.countries.geometries) {
  const polygons = g.type === "Polygon" ? [g.arcs] : g.type === "MultiPolygon" ? g.arcs : [];
  const rings = [];
  let w = Infinity, s = Infinity, e = -Infinity, n = -Infinity;
  for (const polygon of polygons) {
    for (const indexes of polygon) {
      const q = [];
      for (const [lon, lat] of ring(indexes)) {
        const p = [hundredths(lon), hundredths(lat)];
        const last = q[q.length - 1];
        if (!last || last[0] !== p[0] || last[1] !== p[1]) q.push(p);
      }
      if (q.length < 4) continue;
      const out = [q[0][0], q[0][1]];
      for (let k = 1; k < q.length; k++) out.push(q[k][0] - q[k - 1][0], q[k][1] - q[k - 1][1]);
      for (const [x, y] of q) { w = Math.min(w, x); e = Math.max(e, x); s = Math.min(s, y); n = Math.max(n, y); }
      rings.push(out.join(","));
    }
  }
  if (!rings.length) continue;
  const name = g.properties.name.replace(/[\t\n]/g, " ");
  lines.push(`${name}\t${w} ${s} ${e} ${n}\t${rings.join(";")}`);
}
lines.sort();
process.stdout.write(
  "# Country outlines from Natural Earth 1:50m Admin 0 boundaries (version 4.1.0), public domain,\n" +
  "# as redistributed by the npm package world-atlas 2.0.2; converted by tools/outline.mjs.\n" +
  "# name<TAB>west south east north<TAB>rings, in hundredths of a degree (see tools/outline.mjs)\n" +
  lines.join("\n") + "\n",
);
