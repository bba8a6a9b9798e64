// The instructor's room in a real browser: sign in, open a room, two
// learners join with its code, the board follows them without a reload,
// extra time for one, closing the room; axe-core on every instructor page.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { startServer, launch, checkA11y, answerQuestion, history, root } from "./helpers.mjs";

const PASSWORD = "correct horse battery";

/** A learner joins from the start page with name and code. */
async function join(page, base, name, code) {
  await page.goto(`${base}/`);
  await page.getByLabel("Name for the room").fill(name);
  await page.getByLabel("Room code").fill(code);
  await page.getByRole("button", { name: "Join the room" }).click();
  await page.waitForURL(/\/quiz\/\d+\/1$/);
  return page.url().replace(/\/1$/, "");
}

/** The board's row for `name`. */
const row = (page, name) => page.locator("#board tr", { has: page.getByRole("rowheader", { name, exact: true }) });

test("an instructor room with two learners, extra time for one, closing the room", async () => {
  const server = await startServer({ instructorPassword: PASSWORD });
  const desk = await launch({ viewport: { width: 1100, height: 800 } });
  const anaPhone = await launch();
  const boPhone = await launch();
  try {
    const teacher = await desk.newPage();
    await teacher.goto(`${server.base}/instructor/`);
    await teacher.waitForURL(/\/instructor\/login$/);
    await checkA11y(teacher, "instructor sign-in");
    await teacher.getByLabel("Instructor password").fill("not it");
    await teacher.getByRole("button", { name: "Sign in" }).click();
    await teacher.getByRole("heading", { name: "Wrong password" }).waitFor();
    await teacher.goto(`${server.base}/instructor/login`);
    await teacher.getByLabel("Instructor password").fill(PASSWORD);
    await teacher.getByRole("button", { name: "Sign in" }).click();
    await teacher.getByRole("heading", { name: "Rooms" }).waitFor();
    await checkA11y(teacher, "rooms");

    await teacher.getByLabel("Title").fill("Saturday course");
    await teacher.getByLabel("Number of questions").fill("3");
    await teacher.getByLabel("Time limit (such as 10m or 90s; empty for none)").fill("10m");
    await teacher.getByRole("button", { name: "Open the quiz room" }).click();
    await teacher.waitForURL(/\/instructor\/rooms\/[A-Z0-9]{6}$/);
    const code = teacher.url().split("/").pop();
    await teacher.getByText("No one has joined yet.").waitFor();
    await checkA11y(teacher, "empty room");

    const ana = await anaPhone.newPage();
    const anaQuiz = await join(ana, server.base, "Ana", code.toLowerCase());
    const bo = await boPhone.newPage();
    const boQuiz = await join(bo, server.base, "Bo", code);
    await checkA11y(bo, "a room's first question");

    // The board follows without a reload: Ana answers and moves on.
    await row(teacher, "Bo").waitFor();
    await answerQuestion(ana);
    await ana.locator("#save-status", { hasText: "Answer saved." }).waitFor();
    await ana.getByRole("button", { name: "Save and next" }).click();
    await ana.waitForURL(`${anaQuiz}/2`);
    await row(teacher, "Ana").filter({ hasText: "2 of 3" }).filter({ hasText: "1 of 3" }).waitFor({ timeout: 15000 });
    assert.match(await row(teacher, "Ana").textContent(), /In progress/);

    // Five extra minutes for Bo, at once on his page's countdown.
    await teacher.getByLabel("Learner", { exact: true }).selectOption("Bo");
    await teacher.getByLabel("Extra minutes").fill("5");
    await teacher.getByRole("button", { name: "Give extra time" }).click();
    await row(teacher, "Bo").filter({ hasText: "(+5:00 extra)" }).waitFor();
    assert.doesNotMatch(await row(teacher, "Ana").textContent(), /extra/);
    await checkA11y(teacher, "room with learners");
    const shot = process.env.AIDQUIZ_SCREENSHOTS;
    if (shot) {
      fs.mkdirSync(path.resolve(root, shot), { recursive: true });
      await teacher.screenshot({ path: path.resolve(root, shot, "instructor-room.png"), fullPage: true });
    }
    await bo.reload();
    const left = Number(await bo.locator("#time-left").getAttribute("data-seconds-left"));
    assert.ok(left > 600 && left <= 900, `Bo's deadline moved: ${left} s left`);

    // Ana submits; closing the room ends Bo's quiz as timed out.
    await ana.goto(`${anaQuiz}/finish`);
    await ana.getByRole("button", { name: "Submit the quiz" }).click();
    await ana.waitForURL(`${anaQuiz}/review`);
    await teacher.getByRole("button", { name: "Close the room" }).click();
    await teacher.getByText(/^Closed at/).waitFor();
    assert.match(await row(teacher, "Ana").textContent(), /Submitted/);
    assert.match(await row(teacher, "Bo").textContent(), /Timed out/);
    await checkA11y(teacher, "closed room");
    await bo.reload();
    await bo.waitForURL(`${boQuiz}/review`);
    await bo.getByText("Time ran out").waitFor();

    const [boAttempt] = history(server.store, "Bo");
    assert.equal(boAttempt.status, "timed-out");
    assert.equal(boAttempt.exam_id, `room-${code}`);
    assert.equal(boAttempt.time_limit_secs, 900);
    const [anaAttempt] = history(server.store, "Ana");
    assert.equal(anaAttempt.status, "completed");

    await teacher.getByRole("link", { name: "Attempts", exact: true }).click();
    await teacher.getByText("Ana").first().waitFor();
    await checkA11y(teacher, "room attempts report");
  } finally {
    await Promise.all([desk.close(), anaPhone.close(), boPhone.close()]);
    await server.stop();
  }
});
