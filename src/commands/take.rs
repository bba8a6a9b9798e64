//! `aidquiz take`: assemble a quiz, run it on the terminal or from piped
//! lines, and save every answer as it is given.

use std::io::{self, BufRead};
use std::path::PathBuf;
use std::sync::mpsc;

use crate::assemble::{Selection, assemble};
use crate::bank::BankPaths;
use crate::clock::Clock;
use crate::error::Error;
use crate::record::Status;
use crate::session::render;
use crate::session::terminal::Ending;
use crate::session::{Session, Settings, plain, terminal};

use super::recorder::Recorder;
use super::{Output, bank_refs, load_clean_banks};

/// `take`'s options, checked.
pub struct TakeOptions {
    pub paths: BankPaths,
    pub learner: String,
    pub selection: Selection,
    pub seed: u64,
    pub settings: Settings,
    pub store: PathBuf,
}

/// Where answers come from.
pub enum Front {
    /// A terminal on both ends: live countdown, keys one by one.
    Terminal,
    /// Anything else: plain text out, one answer per line in.
    Plain,
}

pub fn run(
    options: &TakeOptions,
    front: Front,
    clock: &dyn Clock,
    output: &mut Output<'_>,
) -> Result<(), Error> {
    let catalog = load_clean_banks(&options.paths, output)?;
    let pool = catalog.candidates();
    let quiz = assemble(&pool, &options.selection, options.seed)?;
    // Open the store before the first question, so a bad store is found
    // before the learner has answered anything.
    let mut store = super::open_store(&options.store, output.diagnostics)?;

    let mut session = Session::start(quiz, options.settings.clone(), clock.now());
    let selection = serde_json::to_value(&options.selection).unwrap_or_default();
    let attempt =
        store.begin_attempt(&session.new_attempt(&options.learner, selection, bank_refs(&catalog)))?;

    let out = &mut *output.out;
    let width = matches!(front, Front::Terminal).then(terminal::width).flatten();
    let mut recorder = Recorder::new(&mut store, attempt, &options.learner, false);
    // Output that cannot be written (`take | head`) ends the quiz: saved as
    // it stands, and said on stderr with a failing exit, never a silent 0.
    let ended = quiz_on(out, width, options, &mut session, front, clock, &mut recorder);
    let ending = match ended {
        Ok(ending) => ending,
        Err(Error::Output(source)) => {
            store.finish_attempt(attempt, Status::Abandoned, clock.now())?;
            return Err(Error::QuizOutput {
                attempt,
                status: Status::Abandoned,
                source,
            });
        }
        Err(other) => return Err(other),
    };
    let status = session.status().unwrap_or(Status::Abandoned);
    let finished_at = session.finished_at().unwrap_or_else(|| clock.now());
    store.finish_attempt(attempt, status, finished_at)?;

    let shown = render::report(out, width, &session.report())
        .and_then(|()| {
            writeln!(
                out,
                "\nSaved as attempt {attempt} in {}.",
                crate::store::display_name(&options.store).display()
            )
        })
        .and_then(|()| out.flush());
    if let Err(source) = shown {
        return Err(Error::QuizOutput {
            attempt,
            status,
            source,
        });
    }
    match ending {
        Ending::Quit => Err(Error::Interrupted { attempt }),
        Ending::Signal(signal) => Err(Error::Signalled { attempt, signal }),
        Ending::Finished => Ok(()),
    }
}

/// The quiz from its heading to its last answer, wrapped to `width`
/// columns on a terminal.
fn quiz_on(
    out: &mut dyn io::Write,
    width: Option<usize>,
    options: &TakeOptions,
    session: &mut Session,
    front: Front,
    clock: &dyn Clock,
    recorder: &mut Recorder<'_>,
) -> Result<Ending, Error> {
    let heading = format!(
        "Quiz for {}: {} questions, {} mode{}, pass mark {}%. Seed {} (replay with --seed {}).",
        options.learner,
        session.quiz().items.len(),
        options.settings.mode,
        options.settings.time_limit.map_or(String::new(), |t| format!(
            ", time limit {}",
            render::clock_time(t)
        )),
        render::round(options.settings.pass_mark),
        options.seed,
        options.seed,
    );
    render::paragraph(out, width, "", "", &heading)?;
    writeln!(out)?;
    Ok(match front {
        Front::Terminal => terminal::run(session, out, clock, recorder)?,
        Front::Plain => {
            let lines = stdin_lines();
            plain::run(session, &lines, out, clock, recorder)?;
            Ending::Finished
        }
    })
}

/// Lines of stdin through a channel, read on a thread of their own so a
/// deadline can end the quiz while a line is still awaited. The channel
/// closes at the end of input.
pub fn stdin_lines() -> mpsc::Receiver<String> {
    let (sender, receiver) = mpsc::channel();
    std::thread::spawn(move || {
        for line in io::stdin().lock().lines() {
            let Ok(line) = line else { break };
            if sender.send(line).is_err() {
                break;
            }
        }
    });
    receiver
}
