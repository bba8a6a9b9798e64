//! Where the parts of a question, or of a bank's header, are written.
//!
//! The loader records this while it still has the parsed TOML, so that
//! whatever is found later (`check` problems now, `lint` findings after
//! loading) can name a [`Field`] and still be shown at its line and column.
//! Recording a few ranges per question is far cheaper than parsing the file
//! a second time.

use std::ops::Range;

use toml::de::{DeTable, DeValue};

use super::check::Field;

/// The spans of one table: a question, or the bank's header.
#[derive(Debug, Clone, Default)]
pub struct TableSpans {
    /// Where problems about the table as a whole point: a question's `id`
    /// (or its `[[questions]]` header), the bank's `id`.
    whole: Range<usize>,
    keys: Vec<KeySpans>,
    /// The rule names in `lint.allow`, each with the span of the name.
    allows: Vec<(String, Range<usize>)>,
}

#[derive(Debug, Clone)]
struct KeySpans {
    key: &'static str,
    value: Range<usize>,
    /// The items of an array value, in order.
    items: Vec<Range<usize>>,
    /// The keys of a table value (such as `feedback`), with their spans.
    entries: Vec<(String, Range<usize>)>,
}

impl TableSpans {
    /// Records the spans of `table`'s keys that are among `known` (the keys
    /// the model reads; others are reported as unknown and never needed).
    pub(super) fn record(table: &DeTable<'_>, known: &[&'static str], whole: Range<usize>) -> TableSpans {
        let mut spans = TableSpans {
            whole,
            keys: Vec::with_capacity(table.len()),
            allows: Vec::new(),
        };
        for (key, value) in table {
            let name: &str = key.get_ref();
            let Some(&key) = known.iter().find(|k| **k == name) else {
                continue;
            };
            let mut recorded = KeySpans {
                key,
                value: value.span(),
                items: Vec::new(),
                entries: Vec::new(),
            };
            match value.get_ref() {
                DeValue::Array(items) => recorded.items = items.iter().map(|item| item.span()).collect(),
                DeValue::Table(entries) if key == "lint" => {
                    if let Some(DeValue::Table(allow)) = entries.get("allow").map(|a| a.get_ref()) {
                        spans.allows = table_keys(allow);
                    }
                }
                DeValue::Table(entries) => recorded.entries = table_keys(entries),
                _ => {}
            }
            spans.keys.push(recorded);
        }
        spans
    }

    /// The span of the table as a whole.
    pub fn whole(&self) -> Range<usize> {
        self.whole.clone()
    }

    /// The span of `field`; the span of its key's value when the part
    /// itself is not there, and the whole table's as the last resort.
    pub fn span(&self, field: &Field) -> Range<usize> {
        let key_spans = |key: &str| self.keys.iter().find(|k| k.key == key);
        let found = match field {
            Field::Whole => None,
            Field::Key(key) => key_spans(key).map(|k| k.value.clone()),
            Field::Item(key, index) => {
                key_spans(key).map(|k| k.items.get(*index).unwrap_or(&k.value).clone())
            }
            Field::MapKey(key, name) => key_spans(key).map(|k| {
                k.entries
                    .iter()
                    .find(|(entry, _)| entry == name)
                    .map_or_else(|| k.value.clone(), |(_, span)| span.clone())
            }),
            Field::Allow(rule) => self
                .allows
                .iter()
                .find(|(name, _)| name == rule)
                .map(|(_, span)| span.clone())
                .or_else(|| key_spans("lint").map(|k| k.value.clone())),
        };
        found.unwrap_or_else(|| self.whole.clone())
    }
}

fn table_keys(table: &DeTable<'_>) -> Vec<(String, Range<usize>)> {
    table
        .iter()
        .map(|(key, _)| (key.get_ref().to_string(), key.span()))
        .collect()
}
