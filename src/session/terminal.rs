//! The terminal front end: one question at a time, with a live countdown
//! that keeps ticking while the learner types.
//!
//! The terminal is put in raw mode so keys arrive one by one (and Ctrl-C
//! arrives as a key we can handle by saving the attempt as abandoned); a
//! guard restores it on every way out, panics included. SIGTERM and SIGHUP
//! (a `kill`, a closed terminal window) would end the process with the
//! terminal still raw: they are caught while the quiz runs and end it as
//! Ctrl-C does.

use std::io::{self, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

use crossterm::event::{self, Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use crossterm::{cursor, queue, terminal};
use signal_hook::consts::{SIGHUP, SIGTERM};

use crate::clock::Clock;
use crate::error::Error;
use crate::study::Rating;

use super::AnswerSink;
use super::render::{self, clock_time};
use super::state::{Outcome, Session};

/// How often the countdown is redrawn while waiting for a key.
const TICK: Duration = Duration::from_millis(200);

/// What a key press means to the quiz.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Input {
    Type(char),
    Erase,
    ClearLine,
    Submit,
    Quit,
    Ignore,
}

pub fn input_for(key: KeyEvent) -> Input {
    if key.kind == KeyEventKind::Release {
        return Input::Ignore;
    }
    let control = key.modifiers.contains(KeyModifiers::CONTROL);
    match key.code {
        KeyCode::Char('c' | 'd') if control => Input::Quit,
        KeyCode::Char('u') if control => Input::ClearLine,
        KeyCode::Char(c) if !control => Input::Type(c),
        KeyCode::Backspace => Input::Erase,
        KeyCode::Esc => Input::ClearLine,
        KeyCode::Enter => Input::Submit,
        _ => Input::Ignore,
    }
}

/// How the terminal session ended, for the exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    Finished,
    Quit,
    /// Ended by this signal (SIGTERM or SIGHUP).
    Signal(i32),
}

struct RawMode;

impl RawMode {
    fn enable() -> io::Result<RawMode> {
        terminal::enable_raw_mode()?;
        Ok(RawMode)
    }
}

impl Drop for RawMode {
    fn drop(&mut self) {
        let _ = terminal::disable_raw_mode();
        let _ = crossterm::execute!(io::stdout(), cursor::Show);
    }
}

/// SIGTERM and SIGHUP, noted instead of ending the process while the quiz
/// holds the terminal in raw mode. Once the quiz is over they end the
/// process as before (signal-hook cannot give the default handling back,
/// so it emulates it from then on).
struct Signals {
    received: Arc<AtomicUsize>,
    over: Arc<AtomicBool>,
}

impl Signals {
    fn catch() -> io::Result<Signals> {
        let received = Arc::new(AtomicUsize::new(0));
        let over = Arc::new(AtomicBool::new(false));
        for signal in [SIGTERM, SIGHUP] {
            // The number itself is stored, so the exit code can name it.
            let value = usize::try_from(signal).unwrap_or(0);
            signal_hook::flag::register_usize(signal, Arc::clone(&received), value)?;
            signal_hook::flag::register_conditional_default(signal, Arc::clone(&over))?;
        }
        Ok(Signals { received, over })
    }

    fn received(&self) -> Option<i32> {
        match self.received.load(Ordering::Relaxed) {
            0 => None,
            signal => i32::try_from(signal).ok(),
        }
    }
}

impl Drop for Signals {
    fn drop(&mut self) {
        self.over.store(true, Ordering::Relaxed);
    }
}

/// Raw mode does not turn `\n` into a new line at column 0; this does.
struct RawWriter<'a>(&'a mut dyn Write);

impl Write for RawWriter<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        for line in buf.split_inclusive(|b| *b == b'\n') {
            match line.strip_suffix(b"\n") {
                Some(text) => {
                    self.0.write_all(text)?;
                    self.0.write_all(b"\r\n")?;
                }
                None => self.0.write_all(line)?,
            }
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.0.flush()
    }
}

pub fn run(
    session: &mut Session,
    out: &mut dyn Write,
    clock: &dyn Clock,
    sink: &mut dyn AnswerSink,
) -> Result<Ending, Error> {
    let signals = Signals::catch()?;
    let _raw = RawMode::enable()?;
    let mut out = RawWriter(out);
    let total = session.quiz().items.len();
    while let Some((position, item)) = session.current() {
        render::question(&mut out, width(), position + 1, total, item)?;
        let mut typed = String::new();
        loop {
            let now = clock.now();
            if session.expire_if_due(now) {
                writeln!(out)?;
                return Ok(Ending::Finished);
            }
            if let Some(signal) = signals.received() {
                session.abandon(now);
                writeln!(out)?;
                return Ok(Ending::Signal(signal));
            }
            draw_prompt(&mut out, session.time_left(now), &typed)?;
            let wait = session.time_left(now).map_or(TICK, |left| left.min(TICK));
            if !event::poll(wait)? {
                continue;
            }
            let Event::Key(key) = event::read()? else { continue };
            match input_for(key) {
                Input::Type(c) => typed.push(c),
                Input::Erase => {
                    typed.pop();
                }
                Input::ClearLine => typed.clear(),
                Input::Ignore => {}
                Input::Quit => {
                    session.abandon(clock.now());
                    writeln!(out, "^C")?;
                    return Ok(Ending::Quit);
                }
                Input::Submit => {
                    writeln!(out)?;
                    match session.submit(&typed, clock.now()) {
                        Err(error) => {
                            // On a line of its own: the prompt line is redrawn
                            // in place, which only works while it fits the width.
                            let problem = format!("{}: {}. Try again.", error.message, error.hint);
                            render::paragraph(&mut out, width(), "", "", &problem)?;
                            typed.clear();
                        }
                        Ok(Outcome::TimeUp) => return Ok(Ending::Finished),
                        // `submit` moves on after every answer, so none is locked.
                        Ok(Outcome::Locked) => break,
                        Ok(Outcome::Skipped { feedback }) => {
                            match feedback {
                                Some(feedback) => {
                                    sink.skipped(&session.quiz().items[position], clock.now())?;
                                    render::feedback(&mut out, width(), &feedback)?;
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
                                Some(feedback) => render::feedback(&mut out, width(), &feedback)?,
                                None => writeln!(out)?,
                            }
                            if let Some(offered) = sink.offered_rating() {
                                match ask_rating(&mut out, offered, &signals)? {
                                    Err(ending) => {
                                        session.abandon(clock.now());
                                        return Ok(ending);
                                    }
                                    Ok(rating) if rating != offered => sink.rerate(rating)?,
                                    Ok(_) => {}
                                }
                            }
                            break;
                        }
                    }
                }
            }
        }
    }
    Ok(Ending::Finished)
}

/// Offers the rating the answer earned and takes 1–4 to change it (Enter
/// keeps it); how the session ends instead when the learner quits or a
/// signal comes.
fn ask_rating(
    out: &mut impl Write,
    offered: Rating,
    signals: &Signals,
) -> Result<Result<Rating, Ending>, Error> {
    write!(
        out,
        "Recall: 1 again, 2 hard, 3 good, 4 easy (Enter keeps {}) > ",
        offered.as_str()
    )?;
    out.flush()?;
    loop {
        if let Some(signal) = signals.received() {
            writeln!(out)?;
            return Ok(Err(Ending::Signal(signal)));
        }
        if !event::poll(TICK)? {
            continue;
        }
        let Event::Key(key) = event::read()? else { continue };
        let chosen = match input_for(key) {
            Input::Submit => offered,
            Input::Type(digit @ '1'..='4') => Rating::ALL[usize::from(digit as u8 - b'1')],
            Input::Quit => {
                // The next message starts on a line of its own.
                writeln!(out, "^C")?;
                return Ok(Err(Ending::Quit));
            }
            _ => continue,
        };
        writeln!(out, "{}\n", chosen.as_str())?;
        return Ok(Ok(chosen));
    }
}

/// The terminal's width now (it may have been resized since the last
/// question), so text wraps at word boundaries instead of mid-word.
pub fn width() -> Option<usize> {
    terminal::size().ok().map(|(columns, _)| usize::from(columns))
}

fn draw_prompt(out: &mut impl Write, left: Option<Duration>, typed: &str) -> io::Result<()> {
    queue!(
        out,
        cursor::MoveToColumn(0),
        terminal::Clear(terminal::ClearType::CurrentLine)
    )?;
    if let Some(left) = left {
        // Round up, so the clock shows 0:01 until the last second is gone.
        let shown = Duration::from_secs(left.as_secs() + u64::from(left.subsec_nanos() > 0));
        write!(out, "[{} left] ", clock_time(shown))?;
    }
    write!(out, "> {typed}")?;
    out.flush()
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

    use super::{Input, RawWriter, input_for};

    #[test]
    fn keys_become_quiz_inputs() {
        let key = |code, modifiers| KeyEvent::new(code, modifiers);
        assert_eq!(
            input_for(key(KeyCode::Char('b'), KeyModifiers::NONE)),
            Input::Type('b')
        );
        assert_eq!(
            input_for(key(KeyCode::Char('c'), KeyModifiers::CONTROL)),
            Input::Quit
        );
        assert_eq!(input_for(key(KeyCode::Enter, KeyModifiers::NONE)), Input::Submit);
        assert_eq!(
            input_for(key(KeyCode::Backspace, KeyModifiers::NONE)),
            Input::Erase
        );
        let mut release = key(KeyCode::Char('x'), KeyModifiers::NONE);
        release.kind = KeyEventKind::Release;
        assert_eq!(input_for(release), Input::Ignore);
    }

    #[test]
    fn raw_output_returns_to_the_first_column() {
        let mut buffer = Vec::new();
        write!(RawWriter(&mut buffer), "one\ntwo\n\nthree").unwrap();
        assert_eq!(buffer, b"one\r\ntwo\r\n\r\nthree");
    }
}
