//! Values as they cross the seam: what a statement binds ([`Param`]) and
//! what a column reads back as ([`Column`]), in SQLite's four kinds.

use std::borrow::Cow;

use rusqlite::types::{ToSqlOutput, ValueRef as SqliteValue};

use super::{DbError, Result};

/// A value bound to a statement.
#[derive(Debug, Clone, PartialEq)]
pub(in crate::store) enum Value<'a> {
    Null,
    Integer(i64),
    Real(f64),
    Text(Cow<'a, str>),
    Blob(Cow<'a, [u8]>),
}

/// A value read from a row.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(in crate::store) enum ValueRef<'a> {
    Null,
    Integer(i64),
    Real(f64),
    Text(&'a str),
    Blob(&'a [u8]),
}

impl<'a> ValueRef<'a> {
    pub(super) fn from_sqlite(value: SqliteValue<'a>) -> Result<ValueRef<'a>> {
        Ok(match value {
            SqliteValue::Null => ValueRef::Null,
            SqliteValue::Integer(number) => ValueRef::Integer(number),
            SqliteValue::Real(number) => ValueRef::Real(number),
            SqliteValue::Text(bytes) => ValueRef::Text(
                std::str::from_utf8(bytes)
                    .map_err(|error| DbError::Value(format!("text is not UTF-8: {error}")))?,
            ),
            SqliteValue::Blob(bytes) => ValueRef::Blob(bytes),
        })
    }

    fn kind(self) -> &'static str {
        match self {
            ValueRef::Null => "NULL",
            ValueRef::Integer(_) => "an integer",
            ValueRef::Real(_) => "a real number",
            ValueRef::Text(_) => "text",
            ValueRef::Blob(_) => "bytes",
        }
    }

    /// "expected X, found Y", for a column that holds the wrong kind.
    pub fn unexpected<T>(self, expected: &str) -> Result<T, String> {
        Err(format!("expected {expected}, found {}", self.kind()))
    }

    pub fn as_str(self) -> Result<&'a str, String> {
        match self {
            ValueRef::Text(text) => Ok(text),
            other => other.unexpected("text"),
        }
    }

    pub fn as_i64(self) -> Result<i64, String> {
        match self {
            ValueRef::Integer(number) => Ok(number),
            other => other.unexpected("an integer"),
        }
    }
}

impl Value<'_> {
    pub fn into_owned(self) -> Value<'static> {
        match self {
            Value::Null => Value::Null,
            Value::Integer(number) => Value::Integer(number),
            Value::Real(number) => Value::Real(number),
            Value::Text(text) => Value::Text(Cow::Owned(text.into_owned())),
            Value::Blob(bytes) => Value::Blob(Cow::Owned(bytes.into_owned())),
        }
    }
}

impl rusqlite::ToSql for Value<'_> {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::Borrowed(match self {
            Value::Null => SqliteValue::Null,
            Value::Integer(number) => SqliteValue::Integer(*number),
            Value::Real(number) => SqliteValue::Real(*number),
            Value::Text(text) => SqliteValue::Text(text.as_bytes()),
            Value::Blob(bytes) => SqliteValue::Blob(bytes),
        }))
    }
}

/// What a statement can bind.
pub(in crate::store) trait Param {
    fn value(&self) -> Result<Value<'_>>;
}

/// What a column can be read as.
pub(in crate::store) trait Column: Sized {
    fn from_value(value: ValueRef<'_>) -> Result<Self, String>;
}

impl<T: Param + ?Sized> Param for &T {
    fn value(&self) -> Result<Value<'_>> {
        (**self).value()
    }
}

impl<T: Param> Param for Option<T> {
    fn value(&self) -> Result<Value<'_>> {
        match self {
            Some(value) => value.value(),
            None => Ok(Value::Null),
        }
    }
}

impl<T: Column> Column for Option<T> {
    fn from_value(value: ValueRef<'_>) -> Result<Self, String> {
        match value {
            ValueRef::Null => Ok(None),
            value => T::from_value(value).map(Some),
        }
    }
}

impl Param for i64 {
    fn value(&self) -> Result<Value<'_>> {
        Ok(Value::Integer(*self))
    }
}

impl Column for i64 {
    fn from_value(value: ValueRef<'_>) -> Result<Self, String> {
        value.as_i64()
    }
}

/// Unsigned and narrower integers, stored as SQL's 64-bit integers.
macro_rules! integer {
    ($($type:ty),*) => {$(
        impl Param for $type {
            fn value(&self) -> Result<Value<'_>> {
                i64::try_from(*self)
                    .map(Value::Integer)
                    .map_err(|_| DbError::Value(format!("{self} is too large for the store")))
            }
        }

        impl Column for $type {
            fn from_value(value: ValueRef<'_>) -> Result<Self, String> {
                let number = value.as_i64()?;
                <$type>::try_from(number).map_err(|_| format!("{number} is out of range"))
            }
        }
    )*};
}

integer!(i32, u32, u64, usize);

impl Param for bool {
    fn value(&self) -> Result<Value<'_>> {
        Ok(Value::Integer(i64::from(*self)))
    }
}

impl Column for bool {
    fn from_value(value: ValueRef<'_>) -> Result<Self, String> {
        Ok(value.as_i64()? != 0)
    }
}

impl Param for f64 {
    fn value(&self) -> Result<Value<'_>> {
        Ok(Value::Real(*self))
    }
}

impl Column for f64 {
    fn from_value(value: ValueRef<'_>) -> Result<Self, String> {
        match value {
            ValueRef::Real(number) => Ok(number),
            // SQLite keeps a whole REAL as an integer in some expressions.
            #[expect(clippy::cast_precision_loss, reason = "scores are small whole numbers here")]
            ValueRef::Integer(number) => Ok(number as f64),
            other => other.unexpected("a number"),
        }
    }
}

impl Param for str {
    fn value(&self) -> Result<Value<'_>> {
        Ok(Value::Text(Cow::Borrowed(self)))
    }
}

impl Param for String {
    fn value(&self) -> Result<Value<'_>> {
        Ok(Value::Text(Cow::Borrowed(self)))
    }
}

impl Column for String {
    fn from_value(value: ValueRef<'_>) -> Result<Self, String> {
        value.as_str().map(str::to_owned)
    }
}

impl Param for [u8] {
    fn value(&self) -> Result<Value<'_>> {
        Ok(Value::Blob(Cow::Borrowed(self)))
    }
}

impl Param for Vec<u8> {
    fn value(&self) -> Result<Value<'_>> {
        Ok(Value::Blob(Cow::Borrowed(self)))
    }
}

impl Column for Vec<u8> {
    fn from_value(value: ValueRef<'_>) -> Result<Self, String> {
        match value {
            ValueRef::Blob(bytes) => Ok(bytes.to_vec()),
            other => other.unexpected("bytes"),
        }
    }
}

impl Param for Value<'_> {
    fn value(&self) -> Result<Value<'_>> {
        Ok(match self {
            Value::Null => Value::Null,
            Value::Integer(number) => Value::Integer(*number),
            Value::Real(number) => Value::Real(*number),
            Value::Text(text) => Value::Text(Cow::Borrowed(text)),
            Value::Blob(bytes) => Value::Blob(Cow::Borrowed(bytes)),
        })
    }
}

/// Any value, as it is: what `store copy` moves from one database to the
/// other without knowing each column's type.
impl Column for Value<'static> {
    fn from_value(value: ValueRef<'_>) -> Result<Self, String> {
        Ok(match value {
            ValueRef::Null => Value::Null,
            ValueRef::Integer(number) => Value::Integer(number),
            ValueRef::Real(number) => Value::Real(number),
            ValueRef::Text(text) => Value::Text(Cow::Owned(text.to_owned())),
            ValueRef::Blob(bytes) => Value::Blob(Cow::Owned(bytes.to_vec())),
        })
    }
}
