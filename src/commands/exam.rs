//! `aidquiz exam generate` and `aidquiz exam grade`.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::bank::{BankPaths, Question};
use crate::error::Error;
use crate::exam::generate::MAX_VERSIONS;
use crate::exam::{ExamSpec, Manifest, generate, paper};

use super::{Output, bank_refs, load_clean_banks};

pub struct GenerateOptions {
    pub paths: BankPaths,
    pub spec: ExamSpec,
    pub out: PathBuf,
    pub force: bool,
}

pub fn run_generate(options: &GenerateOptions, output: &mut Output<'_>) -> Result<(), Error> {
    if options.spec.versions == 0 || options.spec.versions > MAX_VERSIONS {
        return Err(Error::Usage(format!(
            "--versions must be from 1 to {MAX_VERSIONS} (versions are named A to Z)"
        )));
    }
    check_out_dir(&options.out, options.force)?;
    let catalog = load_clean_banks(&options.paths, output)?;
    let pool: Vec<(&str, &Question)> = catalog
        .questions()
        .map(|(bank, q)| (bank.meta.id.as_str(), q))
        .collect();
    let manifest = generate(&pool, bank_refs(&catalog), &options.spec)?;

    fs::create_dir_all(&options.out).map_err(|source| Error::Write {
        path: options.out.clone(),
        source,
    })?;
    let mut written = Vec::new();
    let mut write = |name: &str, render: &dyn Fn(&mut Vec<u8>) -> Result<(), Error>| -> Result<(), Error> {
        let mut bytes = Vec::new();
        render(&mut bytes)?;
        let path = options.out.join(name);
        fs::write(&path, bytes).map_err(|source| Error::Write {
            path: path.clone(),
            source,
        })?;
        written.push(name.to_owned());
        Ok(())
    };
    write("exam.toml", &|bytes| {
        let text = toml::to_string(&manifest)
            .map_err(|e| Error::Usage(format!("cannot write the manifest: {e}")))?;
        bytes.extend_from_slice(text.as_bytes());
        Ok(())
    })?;
    write("key.csv", &|bytes| {
        paper::write_key_csv(bytes, &manifest).map_err(|e| Error::Output(std::io::Error::other(e)))
    })?;
    for version in &manifest.versions {
        let name = &version.name;
        write(&format!("version-{name}.md"), &|bytes| {
            Ok(paper::write_markdown_paper(bytes, &manifest, version)?)
        })?;
        write(&format!("version-{name}.html"), &|bytes| {
            Ok(paper::write_html_paper(bytes, &manifest, version)?)
        })?;
        write(&format!("key-{name}.html"), &|bytes| {
            Ok(paper::write_html_key(bytes, &manifest, version)?)
        })?;
    }
    summarise(output.out, &manifest, &options.out, &written)?;
    Ok(())
}

fn summarise(
    out: &mut dyn Write,
    manifest: &Manifest,
    dir: &Path,
    written: &[String],
) -> std::io::Result<()> {
    writeln!(
        out,
        "Exam {} \"{}\": {} version(s) of {} questions, seed {}.",
        manifest.exam_id,
        manifest.title,
        manifest.versions.len(),
        manifest.count,
        manifest.seed
    )?;
    writeln!(out, "Wrote to {}:", dir.display())?;
    for name in written {
        writeln!(out, "  {name}")?;
    }
    writeln!(
        out,
        "Collect answers in a CSV with the header learner,version,1,2,…,{} and grade with:\n  aidquiz exam grade {} RESPONSES.csv",
        manifest.count,
        dir.display()
    )
}

/// Generating over an earlier exam's files could leave a mix of two exams.
fn check_out_dir(dir: &Path, force: bool) -> Result<(), Error> {
    let not_empty = match fs::read_dir(dir) {
        Ok(mut entries) => entries.next().is_some(),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => false,
        Err(source) => {
            return Err(Error::Write {
                path: dir.to_owned(),
                source,
            });
        }
    };
    if not_empty && !force {
        return Err(Error::Usage(format!(
            "{} is not empty; choose a new folder, or pass --force to write over it",
            dir.display()
        )));
    }
    Ok(())
}
