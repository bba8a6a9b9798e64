// The learner's quiz in a real browser.
import { test } from "node:test";
import assert from "node:assert/strict";
import { startServer, launch, checkA11y, signIn, startQuiz } from "./helpers.mjs";

test("a learner signs in and sees the first question, accessible at phone width", async () => {
  const server = await startServer();
  const context = await launch();
  try {
    const page = await context.newPage();
    await signIn(page, server.base, "Ana");
    await assert.doesNotReject(page.getByRole("heading", { name: "Welcome, Ana" }).waitFor());
    await checkA11y(page, "home");
    await startQuiz(page, server.base, { count: "7", timeLimit: "10m" });
    const question = page.locator("[data-question-id]");
    assert.equal(await question.count(), 1);
    await checkA11y(page, "question 1");
  } finally {
    await context.close();
    await server.stop();
  }
});
