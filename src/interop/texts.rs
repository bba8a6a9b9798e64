//! The first text in a value, through its `Serialize` impl, that a test
//! picks out: every string a question would write into a bank is seen,
//! whatever fields the model grows, without building a copy of the value.
//!
//! Walking a `serde_json::Value` made from each imported question did the
//! same, but allocating and freeing that tree took a third of a
//! 10,000-question import's instructions.

use std::fmt;

use serde::Serialize;
use serde::ser;

/// The first character `wanted` finds in a string of `value` (map keys
/// included), in the order the value serializes. `None` when there is none,
/// or when `value` cannot be serialized.
pub fn find_char(value: &impl Serialize, wanted: fn(&str) -> Option<char>) -> Option<char> {
    match value.serialize(Texts { wanted }) {
        Err(Stop::Found(c)) => Some(c),
        Ok(()) | Err(Stop::Custom) => None,
    }
}

/// The serializer: it writes nothing, it only reads each string.
#[derive(Clone, Copy)]
struct Texts {
    wanted: fn(&str) -> Option<char>,
}

/// Why serializing stopped: the character was found (the walk ends at the
/// first one) or the value refused to serialize.
#[derive(Debug)]
enum Stop {
    Found(char),
    Custom,
}

impl fmt::Display for Stop {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Stop::Found(c) => write!(f, "found {c:?}"),
            Stop::Custom => f.write_str("the value cannot be serialized"),
        }
    }
}

impl std::error::Error for Stop {}

impl ser::Error for Stop {
    fn custom<T: fmt::Display>(_message: T) -> Self {
        Stop::Custom
    }
}

impl Texts {
    fn text(self, text: &str) -> Result<(), Stop> {
        match (self.wanted)(text) {
            Some(c) => Err(Stop::Found(c)),
            None => Ok(()),
        }
    }
}

/// Numbers, booleans and bytes hold no text.
macro_rules! skip_values {
    ($($method:ident: $kind:ty),* $(,)?) => {$(
        fn $method(self, _: $kind) -> Result<(), Stop> {
            Ok(())
        }
    )*};
}

impl ser::Serializer for Texts {
    type Ok = ();
    type Error = Stop;
    type SerializeSeq = Self;
    type SerializeTuple = Self;
    type SerializeTupleStruct = Self;
    type SerializeTupleVariant = Self;
    type SerializeMap = Self;
    type SerializeStruct = Self;
    type SerializeStructVariant = Self;

    fn serialize_str(self, v: &str) -> Result<(), Stop> {
        self.text(v)
    }
    fn serialize_char(self, v: char) -> Result<(), Stop> {
        self.text(v.encode_utf8(&mut [0; 4]))
    }
    skip_values!(
        serialize_bool: bool,
        serialize_i8: i8,
        serialize_i16: i16,
        serialize_i32: i32,
        serialize_i64: i64,
        serialize_u8: u8,
        serialize_u16: u16,
        serialize_u32: u32,
        serialize_u64: u64,
        serialize_f32: f32,
        serialize_f64: f64,
        serialize_bytes: &[u8],
    );
    fn serialize_none(self) -> Result<(), Stop> {
        Ok(())
    }
    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> Result<(), Stop> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Stop> {
        Ok(())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), Stop> {
        Ok(())
    }
    // Names of types, fields and variants are the program's own, never a
    // bank's text.
    fn serialize_unit_variant(self, _: &'static str, _: u32, _: &'static str) -> Result<(), Stop> {
        Ok(())
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(self, _: &'static str, value: &T) -> Result<(), Stop> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        value: &T,
    ) -> Result<(), Stop> {
        value.serialize(self)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self, Stop> {
        Ok(self)
    }
    fn serialize_tuple(self, _: usize) -> Result<Self, Stop> {
        Ok(self)
    }
    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Self, Stop> {
        Ok(self)
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self, Stop> {
        Ok(self)
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self, Stop> {
        Ok(self)
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self, Stop> {
        Ok(self)
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self, Stop> {
        Ok(self)
    }
}

/// The parts of a sequence, tuple or struct: each is read in turn.
macro_rules! read_each_part {
    ($($trait:ident :: $method:ident),* $(,)?) => {$(
        impl ser::$trait for Texts {
            type Ok = ();
            type Error = Stop;
            fn $method<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Stop> {
                value.serialize(*self)
            }
            fn end(self) -> Result<(), Stop> {
                Ok(())
            }
        }
    )*};
}

read_each_part!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field,
);

/// The fields of a struct: their names are the program's, their values read.
macro_rules! read_each_field {
    ($($trait:ident),*) => {$(
        impl ser::$trait for Texts {
            type Ok = ();
            type Error = Stop;
            fn serialize_field<T: ?Sized + Serialize>(&mut self, _: &'static str, value: &T) -> Result<(), Stop> {
                value.serialize(*self)
            }
            fn end(self) -> Result<(), Stop> {
                Ok(())
            }
        }
    )*};
}

read_each_field!(SerializeStruct, SerializeStructVariant);

impl ser::SerializeMap for Texts {
    type Ok = ();
    type Error = Stop;
    fn serialize_key<T: ?Sized + Serialize>(&mut self, key: &T) -> Result<(), Stop> {
        key.serialize(*self)
    }
    fn serialize_value<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Stop> {
        value.serialize(*self)
    }
    fn end(self) -> Result<(), Stop> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use serde::Serialize;

    use super::find_char;
    use crate::text::find_control;

    fn hostile(text: &str) -> Option<char> {
        find_control(text).map(|(_, c)| c)
    }

    #[derive(Serialize)]
    #[serde(tag = "type")]
    enum Kind {
        Pairs { pairs: Vec<(String, char)> },
    }

    #[derive(Serialize)]
    struct Outer {
        title: String,
        notes: Option<Vec<String>>,
        #[serde(flatten)]
        kind: Kind,
        by_name: BTreeMap<String, u32>,
    }

    fn outer() -> Outer {
        Outer {
            title: "CPR".into(),
            notes: Some(vec!["30 compressions".into(), "2 breaths".into()]),
            kind: Kind::Pairs {
                pairs: vec![("rate".into(), 'x')],
            },
            by_name: BTreeMap::from([("depth".to_owned(), 5)]),
        }
    }

    #[test]
    fn a_clean_value_has_no_control_character() {
        assert_eq!(find_char(&outer(), hostile), None);
    }

    #[test]
    fn every_kind_of_place_a_string_can_be_is_read() {
        let places: [fn(&mut Outer); 5] = [
            |o| o.title.push('\u{1b}'),
            |o| o.notes.as_mut().unwrap()[1].push('\u{7}'),
            |o| {
                let Kind::Pairs { pairs } = &mut o.kind;
                pairs[0].1 = '\u{85}';
            },
            |o| {
                let Kind::Pairs { pairs } = &mut o.kind;
                pairs[0].0.push('\u{0}');
            },
            |o| {
                o.by_name.insert("bad\u{8}key".into(), 1);
            },
        ];
        let expected = ['\u{1b}', '\u{7}', '\u{85}', '\u{0}', '\u{8}'];
        for (place, expected) in places.into_iter().zip(expected) {
            let mut value = outer();
            place(&mut value);
            assert_eq!(find_char(&value, hostile), Some(expected));
        }
    }

    #[test]
    fn line_ends_and_tabs_are_not_hostile() {
        let mut value = outer();
        value.title = "two\r\nlines\tand a tab".into();
        assert_eq!(find_char(&value, hostile), None);
    }
}
