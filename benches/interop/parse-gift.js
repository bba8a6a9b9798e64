// Parses a GIFT file with gift-pegjs and prints the number of questions.
const fs = require("fs");
const { parse } = require("gift-pegjs");
const questions = parse(fs.readFileSync(process.argv[2], "utf8"));
console.log(questions.length);
