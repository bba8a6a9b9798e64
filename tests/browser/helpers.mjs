// Shared by the browser tests: the real `aidquiz serve` on a free port,
// headless Chromium with a fresh profile, and axe-core on each page.
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import assert from "node:assert/strict";
import { chromium } from "playwright-core";

const here = path.dirname(fileURLToPath(import.meta.url));
export const root = path.resolve(here, "../..");
export const fixture = (name) => path.join(root, "tests/fixtures", name);
const axeSource = fs.readFileSync(path.join(here, "node_modules/axe-core/axe.min.js"), "utf8");

/** Starts the server over `banks` with a fresh store (or `store`); the
 * instructor pages are on with `instructorPassword`. */
export async function startServer({ banks = [fixture("serve/seven.toml")], store, instructorPassword } = {}) {
  const bin = process.env.AIDQUIZ_BIN;
  assert.ok(bin, "AIDQUIZ_BIN names the aidquiz binary (tests/browser.rs sets it)");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aidquiz-browser-"));
  store = store ?? path.join(dir, "progress.sqlite3");
  const env = { ...process.env };
  delete env.AIDQUIZ_STORE;
  delete env.AIDQUIZ_INSTRUCTOR_PASSWORD;
  if (instructorPassword) env.AIDQUIZ_INSTRUCTOR_PASSWORD = instructorPassword;
  const child = spawn(bin, ["serve", "--listen", "127.0.0.1:0", "--store", store, ...banks], {
    cwd: root,
    env,
    stdio: ["ignore", "pipe", "inherit"],
  });
  const line = await new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.once("line", resolve);
    child.once("exit", (code) => reject(new Error(`aidquiz serve exited with ${code}`)));
  });
  const match = /^Listening on (http:\/\/[^/]+)\/$/.exec(line);
  assert.ok(match, `first line: ${line}`);
  return {
    base: match[1],
    store,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    },
  };
}

/** Headless Chromium with a fresh profile; `viewport` defaults to a phone. */
export async function launch({ viewport = { width: 360, height: 740 } } = {}) {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "aidquiz-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    viewport,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  return context;
}

/** Runs axe-core on the page: no serious or critical violation. */
export async function checkA11y(page, label) {
  // Evaluated through the debugging protocol, which the page's CSP does not govern.
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ["violations"] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => n.target.join(" ")).slice(0, 3),
    }));
  });
  const bad = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  assert.deepEqual(bad, [], `${label ?? page.url()}: ${JSON.stringify(bad, null, 2)}`);
}

/** Signs in on the start page. */
export async function signIn(page, base, name) {
  await page.goto(`${base}/`);
  await checkA11y(page, "start page");
  await page.getByLabel("Your name").fill(name);
  await page.getByRole("button", { name: "Start" }).click();
  await page.waitForURL(`${base}/`);
}

/** Starts a quiz from the options page. */
export async function startQuiz(page, base, { count = "7", timeLimit = "", mode = "exam" } = {}) {
  await page.goto(`${base}/quiz/new`);
  await checkA11y(page, "quiz options");
  await page.getByLabel("Number of questions").fill(count);
  await page.getByLabel(/Time limit/).fill(timeLimit);
  await page.getByLabel(mode === "exam" ? /^Exam/ : /^Study/).check();
  await page.getByRole("button", { name: "Start the quiz" }).click();
  await page.waitForURL(/\/quiz\/\d+\/1$/);
  return page.url().replace(/\/1$/, "");
}

/** A learner's attempts, as `aidquiz history --format json` prints them. */
export function history(store, learner) {
  const out = execFileSync(process.env.AIDQUIZ_BIN, ["history", "--learner", learner, "--format", "json", "--store", store], {
    cwd: root,
    encoding: "utf8",
  });
  return JSON.parse(out);
}

/** Answers the question on the page through its controls, as a learner would. */
export async function answerQuestion(page) {
  const question = page.locator("[data-question-id]");
  const type = await question.getAttribute("data-question-type");
  switch (type) {
    case "single":
      await page.getByRole("radio").first().check();
      break;
    case "multiple":
      await page.getByRole("checkbox").nth(0).check();
      await page.getByRole("checkbox").nth(2).check();
      break;
    case "true-false":
      await page.getByLabel("True", { exact: true }).check();
      break;
    case "short":
      await page.getByLabel("Your answer").fill("sciatic");
      await page.keyboard.press("Tab");
      break;
    case "numeric":
      await page.getByLabel(/Your answer/).fill("75");
      await page.keyboard.press("Tab");
      break;
    case "order": {
      // By keyboard: focus the first step's Move down button, press Enter.
      const first = page.locator(".step-text").first();
      const text = await first.textContent();
      const down = page.getByRole("button", { name: `Move down: ${text}` });
      await down.focus();
      await page.keyboard.press("Enter");
      await page.locator(".step-text").nth(1).filter({ hasText: text }).waitFor();
      break;
    }
    case "match": {
      const selects = page.locator("select");
      for (let i = 0; i < (await selects.count()); i += 1) {
        await selects.nth(i).selectOption({ index: 1 });
      }
      break;
    }
    default:
      throw new Error(`unknown question type ${type}`);
  }
  return type;
}
