//! How record values are written to SQL columns and read back, so the
//! statements bind domain types and the text formats live in one place,
//! the same on both databases.

use std::borrow::Cow;

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::db::{Column, DbError, Param, Result, Value, ValueRef};
use crate::record::{AttemptId, Mode, Status};
use crate::response::Response;
use crate::study::{Phase, Rating};
use crate::text::{UtcForm, push_utc};

/// A value stored as JSON text.
pub(super) struct Json<T>(pub T);

impl<T: Serialize> Param for Json<T> {
    fn value(&self) -> Result<Value<'_>> {
        serde_json::to_string(&self.0)
            .map(|text| Value::Text(Cow::Owned(text)))
            .map_err(|error| DbError::Value(error.to_string()))
    }
}

impl<T: DeserializeOwned> Column for Json<T> {
    fn from_value(value: ValueRef<'_>) -> Result<Self, String> {
        serde_json::from_str(value.as_str()?)
            .map(Json)
            .map_err(|error| error.to_string())
    }
}

/// A moment stored as RFC 3339 text in UTC with all nine fraction digits:
/// the fixed width makes text order time order (`ORDER BY started_at`), and
/// nanoseconds make a clock reading come back exactly as it went in.
pub(super) struct Timestamp(pub DateTime<Utc>);

impl Param for Timestamp {
    fn value(&self) -> Result<Value<'_>> {
        Ok(Value::Text(Cow::Owned(stored_time(self.0))))
    }
}

/// A time as the store writes it, `2025-03-14T09:00:00.123456789Z`
/// (chrono's RFC 3339 with nanoseconds; a sheet of a thousand learners
/// writes fifty thousand of them, so not through chrono's formatter).
fn stored_time(time: DateTime<Utc>) -> String {
    let mut text = String::with_capacity(30);
    push_utc(&mut text, time, UtcForm::Nanos);
    text
}

impl Column for Timestamp {
    fn from_value(value: ValueRef<'_>) -> Result<Self, String> {
        let text = value.as_str()?;
        if let Some(time) = parse_stored_time(text) {
            return Ok(Timestamp(time));
        }
        DateTime::parse_from_rfc3339(text)
            .map(|time| Timestamp(time.with_timezone(&Utc)))
            .map_err(|error| format!("`{text}` is not a time: {error}"))
    }
}

/// Reads the exact form the store writes, `2025-03-14T09:00:00.123456789Z`,
/// field by field: five times faster than a general RFC 3339 parse, which
/// matters when a report reads twenty million answer times. Anything else
/// (an older or hand-edited row) is `None`, left to the general parser.
fn parse_stored_time(text: &str) -> Option<DateTime<Utc>> {
    let bytes = text.as_bytes();
    if bytes.len() != 30 || bytes[29] != b'Z' {
        return None;
    }
    let number = |from: usize, to: usize| -> Option<u32> {
        bytes[from..to].iter().try_fold(0u32, |n, &b| {
            b.is_ascii_digit().then(|| n * 10 + u32::from(b - b'0'))
        })
    };
    let separators = [
        (4, b'-'),
        (7, b'-'),
        (10, b'T'),
        (13, b':'),
        (16, b':'),
        (19, b'.'),
    ];
    if separators.iter().any(|&(at, c)| bytes[at] != c) {
        return None;
    }
    let date = NaiveDate::from_ymd_opt(i32::try_from(number(0, 4)?).ok()?, number(5, 7)?, number(8, 10)?)?;
    let time = date.and_hms_nano_opt(number(11, 13)?, number(14, 16)?, number(17, 19)?, number(20, 29)?)?;
    Some(time.and_utc())
}

/// Reads a stored `selected`. The two shapes item analysis meets most, one
/// choice and a set of choices, are read directly (JSON through serde's
/// adjacently tagged enum costs a buffered copy per value); any other is
/// left to serde.
pub(super) fn response_from_json(text: &str) -> serde_json::Result<Response> {
    let fast = if let Some(rest) = text.strip_prefix(r#"{"kind":"choice","value":"#) {
        rest.strip_suffix('}')
            .and_then(|number| number.parse().ok())
            .map(Response::Choice)
    } else if let Some(rest) = text.strip_prefix(r#"{"kind":"choices","value":["#) {
        rest.strip_suffix("]}").and_then(|list| {
            if list.is_empty() {
                return Some(Response::Choices(Vec::new()));
            }
            list.split(',')
                .map(|number| number.parse().ok())
                .collect::<Option<Vec<usize>>>()
                .map(Response::Choices)
        })
    } else {
        None
    };
    match fast {
        Some(response) => Ok(response),
        None => serde_json::from_str(text),
    }
}

impl Param for AttemptId {
    fn value(&self) -> Result<Value<'_>> {
        Ok(Value::Integer(self.0))
    }
}

impl Column for AttemptId {
    fn from_value(value: ValueRef<'_>) -> Result<Self, String> {
        value.as_i64().map(AttemptId)
    }
}

/// Modes and statuses are stored as the same kebab-case words the JSON
/// output uses, which the schema's CHECK constraints list.
macro_rules! text_column {
    ($type:ty) => {
        impl Param for $type {
            fn value(&self) -> Result<Value<'_>> {
                Ok(Value::Text(Cow::Borrowed(self.as_str())))
            }
        }

        impl Column for $type {
            fn from_value(value: ValueRef<'_>) -> Result<Self, String> {
                value.as_str()?.parse()
            }
        }
    };
}

text_column!(Mode);
text_column!(Status);

/// Ratings and phases: the words FSRS uses, as the CHECK constraints list.
macro_rules! named_column {
    ($type:ty) => {
        impl Param for $type {
            fn value(&self) -> Result<Value<'_>> {
                Ok(Value::Text(Cow::Borrowed(self.as_str())))
            }
        }

        impl Column for $type {
            fn from_value(value: ValueRef<'_>) -> Result<Self, String> {
                let name = value.as_str()?;
                <$type>::from_name(name).ok_or_else(|| format!("unknown {} `{name}`", stringify!($type)))
            }
        }
    };
}

named_column!(Rating);
named_column!(Phase);

#[cfg(test)]
mod tests {
    use chrono::{DateTime, Duration, SecondsFormat, TimeZone, Utc};

    use super::{parse_stored_time, response_from_json, stored_time};
    use crate::response::Response;

    #[test]
    fn stored_times_read_fast_exactly_as_the_general_parser_reads_them() {
        let start = Utc.with_ymd_and_hms(1999, 12, 31, 23, 59, 58).unwrap();
        for step in [0, 1, 999_999_999, 86_400_000_000_123, 7_777_777_777_777_777] {
            let time = start + Duration::nanoseconds(step);
            let text = time.to_rfc3339_opts(SecondsFormat::Nanos, true);
            assert_eq!(parse_stored_time(&text), Some(time), "{text}");
            assert_eq!(DateTime::parse_from_rfc3339(&text).unwrap(), time);
        }
        for other in [
            "2025-03-14T09:00:00Z",
            "2025-03-14T09:00:00.123456789+01:00",
            "2025-02-30T09:00:00.000000000Z",
            "2025-03-14 09:00:00.123456789Z",
        ] {
            assert_eq!(parse_stored_time(other), None, "{other}");
        }
    }

    #[test]
    fn times_are_written_digit_by_digit_exactly_as_chrono_writes_them() {
        let times = [
            Utc.with_ymd_and_hms(1999, 12, 31, 23, 59, 58).unwrap(),
            Utc.with_ymd_and_hms(0, 1, 1, 0, 0, 0).unwrap(),
            Utc.with_ymd_and_hms(9999, 12, 31, 23, 59, 59).unwrap() + Duration::nanoseconds(999_999_999),
            // chrono's own forms: a fifth digit and a sign, a leap second.
            Utc.with_ymd_and_hms(10_000, 1, 1, 0, 0, 0).unwrap(),
            Utc.with_ymd_and_hms(-1, 6, 1, 12, 0, 0).unwrap(),
            Utc.with_ymd_and_hms(2016, 12, 31, 23, 59, 59).unwrap() + Duration::nanoseconds(5),
            DateTime::from_timestamp(1_483_228_799, 1_500_000_000).unwrap(),
        ];
        let steps = (0..2000_i64).map(|n| n * 7_919_000_000_017 + n % 13);
        let start = Utc.with_ymd_and_hms(2026, 11, 30, 10, 0, 0).unwrap();
        for time in times
            .into_iter()
            .chain(steps.map(|step| start + Duration::nanoseconds(step)))
        {
            assert_eq!(
                stored_time(time),
                time.to_rfc3339_opts(SecondsFormat::Nanos, true)
            );
        }
    }

    #[test]
    fn stored_responses_read_the_same_through_the_fast_path_and_serde() {
        for response in [
            Response::Choice(3),
            Response::Choices(vec![]),
            Response::Choices(vec![2, 0, 11]),
            Response::TrueFalse(true),
            Response::Text("ice, then heat".into()),
            Response::Pairs(vec![Some(1), None]),
        ] {
            let text = serde_json::to_string(&response).unwrap();
            assert_eq!(response_from_json(&text).unwrap(), response, "{text}");
        }
        assert!(response_from_json(r#"{"kind":"choice","value":-1}"#).is_err());
        assert!(response_from_json("not json").is_err());
    }
}
