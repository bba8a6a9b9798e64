//! `aidquiz study` and `aidquiz progress`: spaced-repetition sessions and
//! where a learner stands.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;

use crate::assemble::{AssembleError, Candidate};
use crate::bank::BankPaths;
use crate::cli::ListFormat;
use crate::clock::Clock;
use crate::error::Error;
use crate::record::{Mode, Status};
use crate::session::render::{self, round};
use crate::session::terminal::Ending;
use crate::session::{Session, Settings, plain, terminal};
use crate::study::pick::session_quiz;
use crate::study::progress::{BankQuestion, Progress, coming_due, progress};

use super::recorder::Recorder;
use super::take::{Front, stdin_lines};
use super::{Output, bank_refs, load_clean_banks};

pub struct StudyOptions {
    pub paths: BankPaths,
    pub learner: String,
    pub topics: Vec<String>,
    pub new: usize,
    pub limit: usize,
    pub store: PathBuf,
    /// Orders the new questions; drawn by the caller.
    pub seed: u64,
}

pub fn run_study(
    options: &StudyOptions,
    front: Front,
    clock: &dyn Clock,
    output: &mut Output<'_>,
) -> Result<(), Error> {
    let catalog = load_clean_banks(&options.paths, output)?;
    let pool: Vec<Candidate<'_>> = catalog
        .candidates()
        .into_iter()
        .filter(|c| options.topics.is_empty() || options.topics.contains(&c.question.meta.topic))
        .collect();
    if let Some(topic) = options
        .topics
        .iter()
        .find(|t| !pool.iter().any(|c| &c.question.meta.topic == *t))
    {
        let mut known: Vec<String> = catalog.questions().map(|(_, q)| q.meta.topic.clone()).collect();
        known.sort();
        known.dedup();
        return Err(AssembleError::UnknownTopic {
            topic: topic.clone(),
            known,
        }
        .into());
    }
    let mut store = super::open_store(&options.store, output.diagnostics)?;
    let now = clock.now();
    let states = store.memory_states(&options.learner)?;
    let due = store.due_questions(&options.learner, now)?;
    let (plan, quiz) = session_quiz(&pool, &states, due, options.new, options.limit, options.seed);
    let out = &mut *output.out;
    if plan.is_empty() {
        let (tomorrow, week) = coming_due(&states, now);
        let why = if options.new == 0 || options.limit == 0 {
            "no question is due, and this session takes no new ones"
        } else {
            "no question is due, and every question here has been seen"
        };
        writeln!(out, "Nothing to study for {} now: {why}.", options.learner)?;
        writeln!(
            out,
            "Next: {tomorrow} due by the end of tomorrow, {week} within a week."
        )?;
        return Ok(());
    }

    let settings = Settings {
        mode: Mode::Study,
        time_limit: None,
        pass_mark: 80.0,
    };
    let mut session = Session::start(quiz, settings, now);
    let selection = serde_json::json!({ "study": { "due": plan.due.len(), "new": plan.new.len(), "topics": options.topics } });
    let attempt =
        store.begin_attempt(&session.new_attempt(&options.learner, selection, bank_refs(&catalog)))?;
    let on_terminal = matches!(front, Front::Terminal);
    let mut recorder = Recorder::new(&mut store, attempt, &options.learner, on_terminal);
    let ran = (|| -> Result<Ending, Error> {
        writeln!(
            out,
            "Study session for {}: {} due for review, {} new.\n",
            options.learner,
            plan.due.len(),
            plan.new.len()
        )?;
        Ok(match front {
            Front::Terminal => terminal::run(&mut session, out, clock, &mut recorder)?,
            Front::Plain => {
                plain::run(&mut session, &stdin_lines(), out, clock, &mut recorder)?;
                Ending::Finished
            }
        })
    })();
    // As in `take`: a session whose output is closed stops, saved, and says so.
    let ending = match ran {
        Err(Error::Output(source)) => {
            store.finish_attempt(attempt, Status::Abandoned, clock.now())?;
            return Err(Error::QuizOutput {
                attempt,
                status: Status::Abandoned,
                source,
            });
        }
        other => other?,
    };
    let status = session.status().unwrap_or(Status::Abandoned);
    store.finish_attempt(
        attempt,
        status,
        session.finished_at().unwrap_or_else(|| clock.now()),
    )?;
    let report = session.report();
    let (done, saved) = match ending {
        Ending::Quit => (
            "Session quit (Ctrl-C)",
            format!(" The answers given are saved as attempt {attempt}."),
        ),
        Ending::Signal(_) => (
            "Session ended by a signal",
            format!(" The answers given are saved as attempt {attempt}."),
        ),
        Ending::Finished => ("Session done", String::new()),
    };
    writeln!(
        out,
        "{done}: {} / {} ({:.0}%), {}.{saved}",
        round(report.score),
        round(report.max_score),
        report.percent,
        render::clock_time(report.duration)
    )?;
    // A study session has no pass mark, but a must-pass question got wrong
    // is what the learner most needs to hear about.
    if !report.critical_missed.is_empty() {
        let missed: Vec<&str> = report.critical_missed.iter().map(|(_, id)| id.as_str()).collect();
        writeln!(
            out,
            "Must-pass question(s) to get right before an exam: {}.",
            missed.join(", ")
        )?;
    }
    let (tomorrow, week) = coming_due(&store.memory_states(&options.learner)?, clock.now());
    writeln!(out, "Next: {tomorrow} due tomorrow, {week} this week.")?;
    match ending {
        Ending::Quit => Err(Error::Interrupted { attempt }),
        Ending::Signal(signal) => Err(Error::Signalled { attempt, signal }),
        Ending::Finished => Ok(()),
    }
}

pub fn run_progress(
    paths: &BankPaths,
    learner: &str,
    format: ListFormat,
    store: &std::path::Path,
    clock: &dyn Clock,
    output: &mut Output<'_>,
) -> Result<(), Error> {
    let catalog = load_clean_banks(paths, output)?;
    let bank: BTreeMap<String, BankQuestion> = catalog
        .questions()
        .map(|(_, q)| {
            let question = BankQuestion {
                topic: q.meta.topic.clone(),
                prompt: q.meta.prompt.clone(),
            };
            (q.meta.id.0.clone(), question)
        })
        .collect();
    // Reading must not create a store: no store yet means nothing studied yet.
    let (states, reviews) = match super::open_existing_store(store, output.diagnostics)? {
        Some(store) => (store.memory_states(learner)?, store.reviews(learner)?),
        None => (Vec::new(), Vec::new()),
    };
    let progress = progress(learner, &bank, &states, &reviews, clock.now());
    if format == ListFormat::Table && states.is_empty() && reviews.is_empty() {
        // Said first, or the table of zeros reads as a learner who did badly
        // (or as a misspelt name).
        writeln!(
            output.out,
            "Nothing recorded for {learner} in {} yet: the topics below are all still to learn.\n",
            crate::store::display_name(store).display()
        )?;
    }
    match format {
        ListFormat::Json => {
            serde_json::to_writer_pretty(&mut *output.out, &progress).map_err(std::io::Error::from)?;
            writeln!(output.out)?;
        }
        ListFormat::Table => write_progress(output.out, &progress)?,
    }
    Ok(())
}

fn write_progress(out: &mut dyn Write, progress: &Progress) -> std::io::Result<()> {
    writeln!(out, "Progress for {}", progress.learner)?;
    writeln!(out)?;
    let width = progress
        .topics
        .iter()
        .map(|t| t.topic.len())
        .max()
        .unwrap_or(5)
        .max(5);
    writeln!(
        out,
        "{:<width$}  {:>9}  {:>7}  {:>15}",
        "topic", "seen", "recall", "recent accuracy"
    )?;
    for topic in &progress.topics {
        let recent = topic
            .recent_accuracy
            .map_or_else(|| "-".to_owned(), |a| format!("{:.0}%", a * 100.0));
        writeln!(
            out,
            "{:<width$}  {:>9}  {:>6.0}%  {:>15}",
            topic.topic,
            format!("{} / {}", topic.seen, topic.questions),
            topic.recall * 100.0,
            recent
        )?;
    }
    writeln!(out)?;
    writeln!(
        out,
        "Due today: {}. Due this week: {}. Days studied in a row: {}.",
        progress.due_today, progress.due_this_week, progress.streak_days
    )?;
    if !progress.weakest.is_empty() {
        writeln!(
            out,
            "Weakest questions (last answer not right, or forgotten since):"
        )?;
        for weak in &progress.weakest {
            let last = match weak.last_credit {
                c if c <= 0.0 => "last answer wrong".to_owned(),
                c if c < 1.0 - 1e-9 => format!("last answer {:.0}% right", c * 100.0),
                _ => "last answer right".to_owned(),
            };
            let forgotten = match weak.lapses {
                0 => String::new(),
                1 => ", forgotten once".to_owned(),
                n => format!(", forgotten {n} times"),
            };
            writeln!(out, "  {} ({}, {})", weak.prompt, weak.topic, weak.id)?;
            writeln!(out, "    {last}{forgotten}")?;
        }
    }
    Ok(())
}
