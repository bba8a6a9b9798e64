//! The piped front end: the quiz as plain text, one answer per input line.
//! Used whenever stdin or stdout is not a terminal, so quizzes can be
//! scripted and tested.

use std::io::Write;
use std::sync::mpsc::{Receiver, RecvTimeoutError};

use crate::clock::Clock;
use crate::error::Error;

use super::AnswerSink;
use super::render;
use super::state::{Outcome, Session};

/// Runs `session` to its end. `lines` yields input lines (a reader thread
/// feeds it, so a deadline can end the quiz while a line is awaited); a
/// closed channel is the end of input. `sink` gets every answer as it is
/// given.
pub fn run(
    session: &mut Session,
    lines: &Receiver<String>,
    out: &mut dyn Write,
    clock: &dyn Clock,
    sink: &mut dyn AnswerSink,
) -> Result<(), Error> {
    let total = session.quiz().items.len();
    while let Some((position, item)) = session.current() {
        render::question(out, None, position + 1, total, item)?;
        loop {
            write!(out, "> ")?;
            out.flush()?;
            let line = match session.time_left(clock.now()) {
                None => lines.recv().map_err(|_| RecvTimeoutError::Disconnected),
                Some(left) => lines.recv_timeout(left),
            };
            let line = match line {
                Ok(line) => line,
                Err(RecvTimeoutError::Timeout) => {
                    // recv_timeout may wake a hair early; wait out the rest.
                    if !session.expire_if_due(clock.now()) {
                        continue;
                    }
                    writeln!(out)?;
                    return Ok(());
                }
                Err(RecvTimeoutError::Disconnected) => {
                    writeln!(out)?;
                    session.end_of_input(clock.now());
                    return Ok(());
                }
            };
            writeln!(out, "{}", line.trim())?;
            match session.submit(&line, clock.now()) {
                Err(problem) => writeln!(out, "{}: {}. Try again.", problem.message, problem.hint)?,
                Ok(Outcome::TimeUp) => return Ok(()),
                // `submit` moves on after every answer, so none is locked.
                Ok(Outcome::Locked) => break,
                Ok(Outcome::Skipped { feedback }) => {
                    match feedback {
                        Some(feedback) => {
                            sink.skipped(&session.quiz().items[position], clock.now())?;
                            render::feedback(out, None, &feedback)?;
                        }
                        None => writeln!(out, "(left unanswered)\n")?,
                    }
                    break;
                }
                Ok(Outcome::Answered {
                    record,
                    took,
                    feedback,
                }) => {
                    sink.answered(&session.quiz().items[record.position], &record, took)?;
                    match feedback {
                        Some(feedback) => render::feedback(out, None, &feedback)?,
                        None => writeln!(out)?,
                    }
                    break;
                }
            }
        }
    }
    Ok(())
}
