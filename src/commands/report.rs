//! `aidquiz report`: score reports and item analysis from the progress store.

use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::PathBuf;
use std::sync::{Arc, mpsc};
use std::{mem, thread};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::bank::{BankPaths, load_banks};
use crate::error::Error;
use crate::input::read_picture;
use crate::interop::media::encode;
use crate::report::attempts::{AttemptRow, TopicColumns};
use crate::report::csv::AttemptsCsv;
use crate::report::items::{ItemTally, Picture, QuestionText, QuestionTexts};
use crate::report::{Filters, Kind, Report, ReportBuilder, csv, html, json, md};
use crate::store::{AttemptFilter, AttemptStart, QuestionCatalog, ReportAttempt, ReportQuestion, Store};
use crate::text::counted;

use super::Output;
use super::output_file::write_atomically;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Json,
    Markdown,
    Html,
}

pub struct ReportOptions {
    pub kind: Kind,
    pub format: Format,
    /// What the store selects.
    pub filter: AttemptFilter,
    /// The same filters as the user wrote them, for the report's heading.
    pub filters: Filters,
    pub out: Option<PathBuf>,
    /// Where item analysis finds the questions' texts.
    pub banks: BankPaths,
    pub store: PathBuf,
}

/// Reports over more attempts than this show a progress bar (on a terminal).
const PROGRESS_BAR_ATTEMPTS: u64 = 20_000;
/// Attempts between progress bar updates.
const PROGRESS_STEP: u64 = 4_096;

pub fn run(options: &ReportOptions, output: &mut Output<'_>) -> Result<(), Error> {
    // A report never creates a store, not even in an empty file.
    let Some(store) = super::open_existing_store(&options.store, output.diagnostics)? else {
        return Err(Error::Input(format!(
            "there is no progress store at {}; pass --store PATH",
            crate::store::display_name(&options.store).display()
        )));
    };
    // Counted for the progress bar, drawn on a terminal only, and for the
    // note on a report written into a file; else only looked for, since a
    // count reads every attempt before the report can start.
    let count = if options.out.is_some() || io::stderr().is_terminal() {
        Some(store.count_attempts(&options.filter)?)
    } else {
        None
    };
    let found = match count {
        Some(count) => count > 0,
        None => store.has_attempts(&options.filter)?,
    };
    if !found {
        return Err(Error::EmptyReport {
            filters: describe(&options.filters),
            store: store.path().to_owned(),
        });
    }
    let topics = match &options.filter.topic {
        // Some attempt has a question on it, or the count would be 0.
        Some(topic) => vec![topic.clone()],
        None => store.report_topics(&options.filter)?,
    };
    let bar = progress_bar(count.unwrap_or(0));
    let mut done = 0u64;
    let mut tick = || {
        done += 1;
        if done.is_multiple_of(PROGRESS_STEP) {
            bar.set_position(done);
        }
    };
    let result = match &options.out {
        Some(path) => write_atomically(path, |out| render(store, options, topics, &mut tick, out)),
        None => {
            let mut out = BufWriter::with_capacity(1 << 16, &mut *output.out);
            render(store, options, topics, &mut tick, &mut out)
                .and_then(|()| out.flush().map_err(Error::Output))
        }
    };
    bar.finish_and_clear();
    result?;
    if let Some(path) = &options.out {
        writeln!(
            output.diagnostics,
            "wrote {} into {}",
            counted(count.unwrap_or_default(), "attempt", "attempts"),
            path.display()
        )?;
    }
    Ok(())
}

/// Streams the attempts into the report: straight to CSV for the attempts
/// report and item analysis in CSV, else through the model.
fn render(
    store: Store,
    options: &ReportOptions,
    topics: Vec<String>,
    tick: &mut dyn FnMut(),
    out: &mut dyn Write,
) -> Result<(), Error> {
    match (options.kind, options.format) {
        (Kind::Attempts, Format::Csv) => return attempts_csv(store, options, &topics, tick, out),
        (Kind::Items, Format::Csv) => return items_csv(store, options, tick, out),
        _ => {}
    }
    let mut builder = ReportBuilder::new(options.kind, options.filters.clone(), topics);
    if options.kind == Kind::Items {
        builder.question_texts(question_texts(&options.banks));
    }
    questions_pipelined(store, options, &mut builder, tick)?;
    let report: Report = builder.finish();
    match options.format {
        Format::Csv => csv::write(out, &report).map_err(csv_error),
        Format::Json => json::write(out, &report).map_err(|e| Error::Output(io::Error::from(e))),
        Format::Markdown => md::write(out, &report).map_err(Error::Output),
        Format::Html => html::write(out, &report).map_err(Error::Output),
    }
}

/// The texts of the questions the banks hold. Banks with problems still
/// lend what loaded: the texts only label figures the store already has,
/// and a question the banks no longer hold is shown by its id.
fn question_texts(banks: &BankPaths) -> QuestionTexts {
    let catalog = load_banks(banks);
    let mut texts = QuestionTexts::new();
    for loaded in &catalog.banks {
        let folder = catalog.folder_of(loaded);
        for question in &loaded.bank.questions {
            let mut text = QuestionText::of(question);
            // A picture whose file cannot be read is named but not shown:
            // the report labels figures, and `check` names the missing file.
            text.picture = question.meta.image.as_ref().map(|image| Picture {
                image: image.clone(),
                src: folder.as_ref().and_then(|folder| {
                    let bytes = read_picture(folder, &image.file).ok()?;
                    Some(format!(
                        "data:{};base64,{}",
                        image.content_type()?,
                        encode(&bytes)
                    ))
                }),
            });
            texts.insert(question.meta.id.0.clone(), text);
        }
    }
    texts
}

/// Attempts read between hand-overs from the reading thread to the other.
const BATCH: usize = 1_024;

/// Runs `read` on a thread of its own with the store's connection (a
/// connection is used from one thread), while this thread passes what
/// it hands over to `consume`. The batches go through a bounded channel, so
/// memory stays the same whatever the number of attempts. The first error
/// stops both; `consume`'s is reported before `read`'s, which then is only
/// that nobody listens any more.
fn pipelined<B: Send>(
    store: Store,
    read: impl FnOnce(&Store, &mut dyn FnMut(B) -> Result<(), Error>) -> Result<(), Error> + Send,
    mut consume: impl FnMut(B) -> Result<(), Error>,
) -> Result<(), Error> {
    let (send, receive) = mpsc::sync_channel::<B>(4);
    let (consumed, read) = thread::scope(|scope| {
        let reader = scope.spawn(move || -> Result<(), Error> {
            read(&store, &mut |batch| {
                send.send(batch)
                    .map_err(|_| Error::Output(io::ErrorKind::BrokenPipe.into()))
            })
        });
        let consumed = receive.iter().try_for_each(&mut consume);
        // Stops the reader if the consumer failed.
        drop(receive);
        let read = reader
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (consumed, read)
    });
    consumed?;
    read
}

/// The attempts report in CSV: one thread reads the store and computes the
/// rows, the other (this one) writes them, sharing the work about 70/30 on
/// a million attempts on PostgreSQL (making the rows on the writing thread
/// instead was slower: the questions had to be copied across).
fn attempts_csv(
    store: Store,
    options: &ReportOptions,
    topics: &[String],
    tick: &mut dyn FnMut(),
    out: &mut dyn Write,
) -> Result<(), Error> {
    let mut csv = AttemptsCsv::new(&mut *out, topics).map_err(csv_error)?;
    pipelined(
        store,
        |store, send| {
            let mut batch = Vec::with_capacity(BATCH);
            let mut columns = TopicColumns::default();
            store.for_each_attempt::<Error>(&options.filter, |attempt, questions, catalog| {
                let points = columns.points(questions, catalog, topics);
                batch.push(AttemptRow::new(attempt, &points));
                if batch.len() == BATCH {
                    send(mem::replace(&mut batch, Vec::with_capacity(BATCH)))?;
                }
                Ok(())
            })?;
            send(batch)
        },
        |batch: Vec<AttemptRow>| {
            batch.iter().try_for_each(|row| {
                tick();
                csv.row(row).map_err(csv_error)
            })
        },
    )?;
    csv.finish().map_err(csv_error)
}

/// Attempts (or what a report reads of them) with their questions, handed
/// from the thread that reads them to the one that tallies them.
struct QuestionBatch<A> {
    catalog: Arc<QuestionCatalog>,
    attempts: Vec<A>,
    /// Every attempt's questions, one after the other; `ends[i]` is where
    /// those of `attempts[i]` end.
    questions: Vec<ReportQuestion>,
    ends: Vec<usize>,
}

impl<A> QuestionBatch<A> {
    fn new(catalog: Arc<QuestionCatalog>) -> QuestionBatch<A> {
        QuestionBatch {
            catalog,
            attempts: Vec::with_capacity(BATCH),
            questions: Vec::new(),
            ends: Vec::with_capacity(BATCH),
        }
    }

    /// Adds an attempt; hands the batch to `send` when it is full.
    fn push(
        &mut self,
        attempt: A,
        questions: &[ReportQuestion],
        catalog: &QuestionCatalog,
        send: &mut dyn FnMut(QuestionBatch<A>) -> Result<(), Error>,
    ) -> Result<(), Error> {
        // The catalog is the same for the whole stream.
        if self.catalog.is_empty() && !catalog.is_empty() {
            self.catalog = Arc::new(catalog.clone());
        }
        self.attempts.push(attempt);
        self.questions.extend_from_slice(questions);
        self.ends.push(self.questions.len());
        if self.attempts.len() == BATCH {
            let next = QuestionBatch::new(Arc::clone(&self.catalog));
            send(mem::replace(self, next))?;
        }
        Ok(())
    }

    /// Each attempt with its questions, in order.
    fn each(self, mut visit: impl FnMut(A, &[ReportQuestion], &QuestionCatalog)) {
        let mut start = 0;
        for (attempt, &end) in self.attempts.into_iter().zip(&self.ends) {
            visit(attempt, &self.questions[start..end], &self.catalog);
            start = end;
        }
    }
}

/// Feeds every attempt the report covers to `builder`: one thread reads and
/// decodes the attempts' questions, the other (this one) tallies them,
/// sharing the work about half and half for item analysis.
fn questions_pipelined(
    store: Store,
    options: &ReportOptions,
    builder: &mut ReportBuilder,
    tick: &mut dyn FnMut(),
) -> Result<(), Error> {
    pipelined(
        store,
        |store, send| {
            let mut batch = QuestionBatch::new(Arc::default());
            store.for_each_attempt::<Error>(&options.filter, |attempt, questions, catalog| {
                batch.push(attempt, questions, catalog, send)
            })?;
            send(batch)
        },
        |batch: QuestionBatch<ReportAttempt>| {
            batch.each(|attempt, questions, catalog| {
                tick();
                builder.add_questions(attempt, questions, catalog);
            });
            Ok(())
        },
    )
}

/// Item analysis in CSV: the table alone, so neither the attempts' other
/// columns nor the summary (whose count of distinct learners is the one
/// thing here that grows with the store) are read or kept.
fn items_csv(
    store: Store,
    options: &ReportOptions,
    tick: &mut dyn FnMut(),
    out: &mut dyn Write,
) -> Result<(), Error> {
    let texts = question_texts(&options.banks);
    let mut tally = ItemTally::default();
    pipelined(
        store,
        |store, send| {
            let mut batch = QuestionBatch::new(Arc::default());
            store.for_each_attempt_start::<Error>(&options.filter, |start, questions, catalog| {
                batch.push(start, questions, catalog, send)
            })?;
            send(batch)
        },
        |batch: QuestionBatch<AttemptStart>| {
            batch.each(|start, questions, catalog| {
                tick();
                tally.add(start, questions, catalog);
            });
            Ok(())
        },
    )?;
    let analysis = tally.finish(options.filter.exam_id.is_some(), &texts);
    csv::write_items(out, &analysis.items).map_err(csv_error)
}

fn csv_error(error: ::csv::Error) -> Error {
    match error.into_kind() {
        ::csv::ErrorKind::Io(source) => Error::Output(source),
        other => Error::Output(io::Error::other(format!("{other:?}"))),
    }
}

fn progress_bar(attempts: u64) -> ProgressBar {
    if attempts < PROGRESS_BAR_ATTEMPTS {
        return ProgressBar::with_draw_target(Some(attempts), ProgressDrawTarget::hidden());
    }
    // indicatif draws on stderr only when it is a terminal.
    ProgressBar::new(attempts).with_style(
        ProgressStyle::with_template("report {bar:40} {pos}/{len} attempts ({eta} left)")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    )
}

fn describe(filters: &Filters) -> String {
    let given = filters.given();
    if given.is_empty() {
        "no attempts".to_owned()
    } else {
        let parts: Vec<String> = given
            .iter()
            .map(|(name, value)| format!("{name} {value}"))
            .collect();
        format!("no attempts match {}", parts.join(", "))
    }
}
