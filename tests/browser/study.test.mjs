// Study in a real browser: answer, feedback, a rating with the suggested
// one preselected, what comes due next; then the progress page.
import { test } from "node:test";
import assert from "node:assert/strict";
import { startServer, launch, checkA11y, signIn, answerQuestion, history } from "./helpers.mjs";

test("a study session with ratings, then progress shows the weakest questions with their text", async () => {
  const server = await startServer();
  const context = await launch();
  try {
    const page = await context.newPage();
    await signIn(page, server.base, "Dee");
    await page.getByRole("link", { name: "Study what is due" }).click();
    await page.getByRole("heading", { name: "Study" }).waitFor();
    await checkA11y(page, "study start");
    await page.getByRole("button", { name: "Start studying" }).click();
    // The first question: "I don't know" shows the answer and moves on,
    // counted as a review rated Again (as a skip on the terminal).
    await page.locator("[data-question-id]").waitFor();
    const first = page.url();
    await page.getByRole("button", { name: "I don't know: show the answer" }).click();
    await page.getByRole("heading", { name: "Not answered" }).waitFor();
    await page.getByText("The answer:").waitFor();
    await checkA11y(page, "study: don't know");
    await page.getByRole("link", { name: "Continue" }).click();
    await page.waitForURL((url) => url.href !== first);
    const chosen = [];
    for (let n = 1; n < 7; n += 1) {
      await page.locator("[data-question-id]").waitFor();
      await answerQuestion(page);
      await page.getByRole("button", { name: "Check answer" }).click();
      await page.getByRole("heading", { name: /Right|Not right|Partly right/ }).waitFor();
      await checkA11y(page, `study feedback ${n + 1}`);
      // The suggested rating is the one already chosen.
      const suggested = page.getByRole("radio", { name: /\(suggested\)/ });
      assert.equal(await suggested.count(), 1);
      assert.ok(await suggested.isChecked());
      // Override it on every other question.
      if (n % 2 === 1) {
        await page.getByRole("radio", { name: /^Again/ }).check();
        chosen.push("again");
      } else {
        chosen.push(await suggested.inputValue());
      }
      await page.getByRole("button", { name: "Save rating and continue" }).click();
      await page.waitForURL((url) => !url.pathname.endsWith(`/${n + 1}`) || url.pathname.endsWith("/review"));
    }
    await page.waitForURL(/\/review$/);
    await page.getByText("Coming up:").waitFor();
    await checkA11y(page, "study done");
    const [attempt] = history(server.store, "Dee");
    assert.equal(attempt.mode, "study");
    assert.equal(attempt.status, "completed");
    assert.equal(attempt.questions.filter((q) => q.response !== null).length, 6, "the don't-know stays unanswered");

    await page.goto(`${server.base}/progress`);
    await page.getByRole("heading", { name: "Your progress" }).waitFor();
    await checkA11y(page, "progress");
    assert.ok(chosen.includes("again"));
    // The weakest questions are listed by their text, not their id.
    const weakest = page.locator(".weakest li");
    assert.ok((await weakest.count()) > 0);
    assert.doesNotMatch(await weakest.first().textContent(), /^cause-|^ice-/);
  } finally {
    await context.close();
    await server.stop();
  }
});
