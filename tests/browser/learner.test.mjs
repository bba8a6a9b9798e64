// The learner's quiz in a real browser: every question type by mouse and
// keyboard, a reload mid-quiz, the review; the deadline with the page open.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { startServer, launch, checkA11y, signIn, startQuiz, answerQuestion, history, root } from "./helpers.mjs";

test("every question type answered, a reload resumes, submit shows the review", async () => {
  const server = await startServer();
  const context = await launch();
  try {
    const page = await context.newPage();
    await signIn(page, server.base, "Ana");
    await checkA11y(page, "home");
    const quiz = await startQuiz(page, server.base, { count: "7", timeLimit: "10m", mode: "exam" });
    const types = [];
    for (let number = 1; number <= 7; number += 1) {
      await page.waitForURL(`${quiz}/${number}`);
      assert.equal(await page.locator("[data-question-id]").count(), 1);
      await checkA11y(page, `question ${number}`);
      // Nothing wider than a 360 px phone (where 200% zoom of a 720 px window lands).
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `question ${number} scrolls sideways by ${overflow}px`);
      types.push(await answerQuestion(page));
      // Saved by the script, without a reload.
      await page.locator("#save-status", { hasText: "Answer saved." }).waitFor();
      const shot = process.env.AIDQUIZ_SCREENSHOTS;
      if (shot && types.at(-1) === "order") {
        fs.mkdirSync(path.resolve(root, shot), { recursive: true });
        await page.screenshot({ path: path.resolve(root, shot, "quiz-phone.png"), fullPage: true });
      }
      if (number === 3) {
        const id = await page.locator("[data-question-id]").getAttribute("data-question-id");
        await page.reload();
        assert.equal(await page.locator("[data-question-id]").getAttribute("data-question-id"), id);
        await page.locator("#save-status", { hasText: "Answer saved." }).waitFor();
        const left = Number(await page.locator("#time-left").getAttribute("data-seconds-left"));
        assert.ok(left > 0 && left <= 600, `the same deadline after a reload: ${left}`);
        assert.equal(await page.locator(".navigator a.answered").count(), 3);
      }
      await page.getByRole("button", { name: number === 7 ? "Save and finish" : "Save and next" }).click();
    }
    assert.deepEqual([...types].sort(), ["match", "multiple", "numeric", "order", "short", "single", "true-false"]);
    await page.waitForURL(`${quiz}/finish`);
    await checkA11y(page, "submit page");
    await page.getByRole("button", { name: "Submit the quiz" }).click();
    await page.waitForURL(`${quiz}/review`);
    await page.getByRole("heading", { name: "Your results" }).waitFor();
    await checkA11y(page, "review");
    const [attempt] = history(server.store, "Ana");
    assert.equal(attempt.status, "completed");
    assert.equal(attempt.questions.filter((q) => q.response !== null).length, 7);
  } finally {
    await context.close();
    await server.stop();
  }
});

test("the deadline passing with the page open ends the quiz; a late post is refused", async () => {
  const server = await startServer();
  const context = await launch();
  try {
    const page = await context.newPage();
    await signIn(page, server.base, "Ben");
    const quiz = await startQuiz(page, server.base, { count: "3", timeLimit: "3s", mode: "exam" });
    const csrf = await page.locator('input[name="csrf"]').first().inputValue();
    // The page's own countdown takes the learner to the results.
    await page.waitForURL(`${quiz}/review`, { timeout: 15000 });
    await page.getByText("Time ran out").waitFor();
    await checkA11y(page, "timed-out review");
    const late = await page.request.post(`${quiz}/1`, {
      form: { csrf, answer: "A" },
      maxRedirects: 0,
    });
    assert.equal(late.status(), 409);
    // The home page lists the quiz as over; an error page is accessible too.
    await page.goto(`${server.base}/`);
    await page.getByRole("link", { name: /^Results of attempt/ }).waitFor();
    await checkA11y(page, "home with a finished quiz");
    await page.goto(`${server.base}/no/such/page`);
    await page.getByRole("heading", { name: "Page not found" }).waitFor();
    await checkA11y(page, "404 page");
    const [attempt] = history(server.store, "Ben");
    assert.equal(attempt.status, "timed-out");
    assert.equal(attempt.questions.filter((q) => q.response !== null).length, 0);
  } finally {
    await context.close();
    await server.stop();
  }
});

test("with JavaScript off the quiz works by plain form posts", async () => {
  const server = await startServer();
  const context = await launch();
  try {
    const page = await context.newPage();
    // The page's one script is answered empty: nothing enhances the forms.
    await page.route("**/static/app.js", (route) => route.fulfill({ contentType: "text/javascript", body: "" }));
    await signIn(page, server.base, "Cai");
    const quiz = await startQuiz(page, server.base, { count: "7", timeLimit: "10m", mode: "exam" });
    for (let number = 1; number <= 7; number += 1) {
      await page.waitForURL(`${quiz}/${number}`);
      await answerQuestion(page);
      await page.getByRole("button", { name: number === 7 ? "Save and finish" : "Save and next" }).click();
    }
    await page.waitForURL(`${quiz}/finish`);
    await page.getByRole("button", { name: "Submit the quiz" }).click();
    await page.waitForURL(`${quiz}/review`);
    const [attempt] = history(server.store, "Cai");
    assert.equal(attempt.status, "completed");
    assert.equal(attempt.questions.filter((q) => q.response !== null).length, 7);
  } finally {
    await context.close();
    await server.stop();
  }
});

test("the 5-minute warning is announced in the live region", async () => {
  const server = await startServer();
  const context = await launch();
  try {
    const page = await context.newPage();
    await signIn(page, server.base, "Eve");
    await startQuiz(page, server.base, { count: "2", timeLimit: "302s", mode: "exam" });
    const live = page.locator("#time-announce");
    assert.equal(await live.getAttribute("aria-live"), "polite");
    await page.locator("#time-announce", { hasText: "5 minutes left." }).waitFor({ timeout: 15000 });
  } finally {
    await context.close();
    await server.stop();
  }
});
