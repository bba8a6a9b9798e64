//! The pictures banks name, read from beside their banks for the commands
//! that carry them elsewhere: exam folders, Moodle XML and Canvas QTI files.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::bank::model::Image;
use crate::bank::{Catalog, Question};
use crate::error::Error;
use crate::input::read_picture;

/// Where each bank's pictures are, by bank id (built-in banks have none).
pub fn folders(catalog: &Catalog) -> BTreeMap<String, PathBuf> {
    catalog
        .banks
        .iter()
        .filter_map(|loaded| Some((loaded.bank.meta.id.clone(), catalog.folder_of(loaded)?)))
        .collect()
}

/// Pictures read for an output, keyed by the name the output gives them.
#[derive(Debug, Default)]
pub struct Collected {
    pub files: BTreeMap<String, Vec<u8>>,
}

impl Collected {
    /// Reads the picture `image` of a question of bank `bank`, and points
    /// `image` at the name it has in the output: `prefix/BANK/FILE`, so two
    /// banks' `media/a.png` stay apart.
    pub fn take(
        &mut self,
        folders: &BTreeMap<String, PathBuf>,
        bank: &str,
        prefix: &str,
        image: &mut Image,
    ) -> Result<(), Error> {
        let name = if prefix.is_empty() {
            format!("{bank}/{}", image.file)
        } else {
            format!("{prefix}/{bank}/{}", image.file)
        };
        if !self.files.contains_key(&name) {
            let folder = folders.get(bank).map_or(Path::new(""), PathBuf::as_path);
            let bytes = read_picture(folder, &image.file).map_err(|problem| Error::Input(problem.0))?;
            self.files.insert(name.clone(), bytes);
        }
        image.file = name;
        Ok(())
    }

    /// Reads every picture of `question` (of bank `bank`) and renames them
    /// as [`Collected::take`] does.
    pub fn take_question(
        &mut self,
        folders: &BTreeMap<String, PathBuf>,
        bank: &str,
        prefix: &str,
        question: &mut Question,
    ) -> Result<(), Error> {
        if let Some(image) = &mut question.meta.image {
            self.take(folders, bank, prefix, image)?;
        }
        if let Some(images) = question.answer.choice_images_mut() {
            for image in images.values_mut() {
                self.take(folders, bank, prefix, image)?;
            }
        }
        Ok(())
    }
}
