//! The field names a serde type accepts, read from its `Deserialize` impl.
//!
//! A derived `Deserialize` passes its field list to `deserialize_struct`; this
//! deserializer records that list and stops. The unknown-key check uses it so
//! the set of allowed keys comes from the model types and cannot drift.

use serde::Deserialize;
use serde::de::{self, Visitor};

#[derive(Debug)]
struct Stop;

impl std::fmt::Display for Stop {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("field list recorded")
    }
}

impl std::error::Error for Stop {}

impl de::Error for Stop {
    fn custom<T: std::fmt::Display>(_: T) -> Self {
        Stop
    }
}

struct FieldRecorder<'a> {
    fields: &'a mut &'static [&'static str],
}

impl<'de> de::Deserializer<'de> for FieldRecorder<'_> {
    type Error = Stop;

    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Stop> {
        Err(Stop)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        _visitor: V,
    ) -> Result<V::Value, Stop> {
        *self.fields = fields;
        Err(Stop)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map enum identifier ignored_any
    }
}

/// The keys a struct type reads. Empty for types that are not plain structs
/// (a struct with a flattened field reads a map and has no fixed list).
pub fn field_names<'de, T: Deserialize<'de>>() -> &'static [&'static str] {
    let mut fields: &'static [&'static str] = &[];
    let _ = T::deserialize(FieldRecorder { fields: &mut fields });
    fields
}

#[cfg(test)]
mod tests {
    use super::field_names;
    use crate::bank::model::{QuestionMeta, SingleChoice};

    #[test]
    fn reads_the_fields_of_a_derived_struct() {
        assert_eq!(
            field_names::<SingleChoice>(),
            ["choices", "answer", "feedback", "choice_images", "shuffle"]
        );
        assert!(field_names::<QuestionMeta>().contains(&"explanation"));
    }
}
