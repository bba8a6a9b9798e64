//! How record values are written to SQL columns and read back, so the
//! statements bind domain types and the text formats live in one place.

use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::record::{AttemptId, Mode, Status};
use crate::study::{Phase, Rating};

/// A value stored as JSON text.
pub(super) struct Json<T>(pub T);

impl<T: Serialize> ToSql for Json<T> {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        let text = serde_json::to_string(&self.0)
            .map_err(|error| rusqlite::Error::ToSqlConversionFailure(Box::new(error)))?;
        Ok(ToSqlOutput::from(text))
    }
}

impl<T: DeserializeOwned> FromSql for Json<T> {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        serde_json::from_str(value.as_str()?)
            .map(Json)
            .map_err(FromSqlError::other)
    }
}

/// A moment stored as RFC 3339 text in UTC with all nine fraction digits:
/// the fixed width makes text order time order (`ORDER BY started_at`), and
/// nanoseconds make a clock reading come back exactly as it went in.
pub(super) struct Timestamp(pub DateTime<Utc>);

impl ToSql for Timestamp {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(
            self.0.to_rfc3339_opts(SecondsFormat::Nanos, true),
        ))
    }
}

impl FromSql for Timestamp {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        DateTime::parse_from_rfc3339(value.as_str()?)
            .map(|time| Timestamp(time.with_timezone(&Utc)))
            .map_err(FromSqlError::other)
    }
}

impl ToSql for AttemptId {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        self.0.to_sql()
    }
}

impl FromSql for AttemptId {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        i64::column_result(value).map(AttemptId)
    }
}

/// Modes and statuses are stored as the same kebab-case words the JSON
/// output uses, which the schema's CHECK constraints list.
macro_rules! text_column {
    ($type:ty) => {
        impl ToSql for $type {
            fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
                Ok(ToSqlOutput::from(self.as_str()))
            }
        }

        impl FromSql for $type {
            fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
                value
                    .as_str()?
                    .parse()
                    .map_err(|message: String| FromSqlError::Other(message.into()))
            }
        }
    };
}

text_column!(Mode);
text_column!(Status);

/// Ratings and phases: the words FSRS uses, as the CHECK constraints list.
macro_rules! named_column {
    ($type:ty) => {
        impl ToSql for $type {
            fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
                Ok(ToSqlOutput::from(self.as_str()))
            }
        }

        impl FromSql for $type {
            fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
                let name = value.as_str()?;
                <$type>::from_name(name).ok_or_else(|| {
                    FromSqlError::Other(format!("unknown {} `{name}`", stringify!($type)).into())
                })
            }
        }
    };
}

named_column!(Rating);
named_column!(Phase);
