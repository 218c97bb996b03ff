// Writes a seed folder of N synthetic events (one article) for measuring the HTML timeline:
// node gen.mjs N DIR. Dates cycle through every shape the timeline draws: days, months, years,
// approximate and uncertain dates, intervals, ongoing events, open starts and unknown ends.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const n = Number(process.argv[2]);
const dir = process.argv[3];
if (!Number.isInteger(n) || n < 1 || !dir) {
  console.error("usage: node gen.mjs N DIR");
  process.exit(2);
}
const KINDS = ["meeting", "statement", "attack", "deployment", "decision", "protest", "election", "agreement"];
const ORGS = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot"];
const pad = (x) => String(x).padStart(2, "0");

function date(i) {
  const y = 2000 + (i % 24);
  const m = 1 + ((i * 7) % 12);
  const d = 1 + ((i * 13) % 28);
  switch (i % 10) {
    case 0: return `${y}-${pad(m)}`;
    case 1: return `${y}`;
    case 2: return `${y}-${pad(m)}~`;
    case 3: return `${y}-${pad(m)}-${pad(d)}?`;
    case 4: return `${y}-${pad(m)}-${pad(d)}/${y}-12-31`;
    case 5: return `${y}-${pad(m)}/..`;
    case 6: return `../${y}-${pad(m)}`;
    case 7: return `${y}-${pad(m)}/`;
    default: return `${y}-${pad(m)}-${pad(d)}`;
  }
}

const out = [
  "[source]",
  'id = "synthetic"',
  `title = "Synthetic article with ${n} events"`,
  'publisher = "annals tests"',
  'published = "2024-12-31"',
  "",
];
for (const o of ORGS) out.push("[[organisations]]", `id = "${o}"`, `name = "${o[0].toUpperCase()}${o.slice(1)}"`, "");
for (let i = 0; i < n; i++) {
  out.push(
    "[[events]]",
    `id = "event-${i}"`,
    `date = "${date(i)}"`,
    `kind = "${KINDS[i % KINDS.length]}"`,
    `title = "Synthetic event number ${i}"`,
    `participants = [{ id = "${ORGS[i % ORGS.length]}" }]`,
    "",
  );
  if (i % 3 === 0) out.push("[[figures]]", `event = "event-${i}"`, `value = ${i % 97 + 1}`, 'unit = "people"', 'measure = "injured"', "");
}
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, "synthetic.toml"), out.join("\n"));
