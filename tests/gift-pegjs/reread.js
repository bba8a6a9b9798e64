// Re-reads a GIFT file with gift-pegjs, an independent GIFT parser, and
// prints each question's title, type and key as one JSON line, in the
// shape tests/cli/interop.rs compares with the bank the file came from.
// Usage: node reread.js FILE.gift
"use strict";
const fs = require("fs");
const { parse } = require("gift-pegjs");

const text = fs.readFileSync(process.argv[2], "utf8");
// gift-pegjs keeps GIFT's escapes in texts, and in a match's right-hand
// side leaves Moodle's internal placeholders (`&&058;` for `:`); Moodle's
// reader takes both off, so they are taken off here too.
const PLACEHOLDERS = { "058": ":", "035": "#", "061": "=", "123": "{", "125": "}", "126": "~", "092": "\\" };
const unescape = (s) =>
  s.replace(/&&(058|035|061|123|125|126|092);/g, (_, code) => PLACEHOLDERS[code]).replace(/\\([~=#{}:])/g, "$1");
const text_of = (t) => unescape(typeof t === "string" ? t : t.text);

function numberKey(choice) {
  switch (choice.type) {
    case "simple":
      return `${choice.number}±0`;
    case "range":
      return `${choice.number}±${choice.range}`;
    case "high-low":
      return `${choice.numberLow}..${choice.numberHigh}`;
    default:
      return `unknown ${JSON.stringify(choice)}`;
  }
}

function key(q) {
  switch (q.type) {
    case "MC": {
      const weighted = q.choices.some((c) => c.weight !== null);
      return q.choices
        .filter((c) => (weighted ? c.weight > 0 : c.isCorrect))
        .map((c) => text_of(c.text))
        .join("|");
    }
    case "Short":
      return q.choices.filter((c) => c.isCorrect).map((c) => text_of(c.text)).join("|");
    case "TF":
      return String(q.isTrue);
    case "Numerical":
      return Array.isArray(q.choices)
        ? q.choices.filter((c) => c.isCorrect).map((c) => numberKey(c.text)).join("|")
        : numberKey(q.choices);
    case "Matching":
      return q.matchPairs.map((p) => `${text_of(p.subquestion)}->${unescape(p.subanswer)}`).join("|");
    default:
      return "";
  }
}

const out = parse(text)
  .filter((q) => q.type !== "Category")
  .map((q) => ({ title: q.title, type: q.type, key: key(q), selectAll: q.type === "MC" && q.choices.some((c) => c.weight !== null) }));
process.stdout.write(JSON.stringify(out));
