//! The bytes of an `attempt_items.items` value: every question of an
//! attempt in the order asked, with what reports read of it.
//!
//! The layout is ours rather than a serialisation crate's because it is
//! part of the store's file format: no dependency upgrade may change it,
//! and reading it must not allocate per question. A million attempts are
//! decoded per report, so it is also small: integers are LEB128 varints,
//! and a float is written as the varint of its bits with the bytes swapped,
//! which puts the exponent in the low bits so round scores (0, 1, 2, 0.5)
//! take one to three bytes instead of eight.
//!
//! ```text
//! value    = FORMAT base entry*
//! base     = zigzag varint nanoseconds since 1970 (the attempt's start)
//! entry    = flags key points max_points [picks] [answered_after]
//! flags    = u8: ANSWERED | TRUE_FALSE | TIMED
//! key      = varint (question_keys.key)
//! picks    = varint of the set's bits (when ANSWERED)
//! answered_after = zigzag varint nanoseconds after base (when TIMED)
//! ```

use std::fmt;

use crate::store::{Picks, QuestionKey, ReportQuestion, UnixNanos};

/// The first byte of every value; a later layout gets a new number.
pub const FORMAT: u8 = 1;

const ANSWERED: u8 = 1;
const TRUE_FALSE: u8 = 2;
const TIMED: u8 = 4;
const KNOWN_FLAGS: u8 = ANSWERED | TRUE_FALSE | TIMED;

/// Why a value could not be read back: it was written by something else or
/// damaged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError {
    pub offset: usize,
    pub what: &'static str,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at byte {}", self.what, self.offset)
    }
}

impl std::error::Error for DecodeError {}

/// Appends the value for `questions` (in the order asked) to `out`. Answer
/// times are written as offsets from `base`, best the attempt's start; the
/// value carries it, so reading needs nothing else.
pub fn encode(questions: &[ReportQuestion], base: UnixNanos, out: &mut Vec<u8>) {
    out.push(FORMAT);
    put_varint(out, zigzag(base.0));
    for question in questions {
        let answered_after = question.answered_at.and_then(|time| time.0.checked_sub(base.0));
        let flags = if question.answered { ANSWERED } else { 0 }
            | if question.true_false { TRUE_FALSE } else { 0 }
            | if answered_after.is_some() { TIMED } else { 0 };
        out.push(flags);
        put_varint(out, u64::from(question.key.0));
        put_float(out, question.points);
        put_float(out, question.max_points);
        if question.answered {
            put_varint(out, u64::from(question.picks.bits()));
        }
        if let Some(nanos) = answered_after {
            put_varint(out, zigzag(nanos));
        }
    }
}

/// Reads the questions of `bytes` for which `keep(key)` holds into
/// `questions`, replacing what it held.
pub fn decode(
    bytes: &[u8],
    mut keep: impl FnMut(QuestionKey) -> bool,
    questions: &mut Vec<ReportQuestion>,
) -> Result<(), DecodeError> {
    let mut reader = Reader { bytes, at: 0 };
    let base = reader.header()?;
    questions.clear();
    while !reader.done() {
        let flags_at = reader.at;
        let flags = reader.byte()?;
        if flags & !KNOWN_FLAGS != 0 {
            return Err(DecodeError {
                offset: flags_at,
                what: "unknown flags",
            });
        }
        let key = QuestionKey(reader.small("a question key")?);
        let points = reader.float()?;
        let max_points = reader.float()?;
        let picks = if flags & ANSWERED != 0 {
            Picks::from_bits(reader.small("a set of choices")?)
        } else {
            Picks::default()
        };
        let answered_at = if flags & TIMED != 0 {
            let at = reader.at;
            let time = base
                .0
                .checked_add(unzigzag(reader.varint()?))
                .ok_or(DecodeError {
                    offset: at,
                    what: "a time out of range",
                })?;
            Some(UnixNanos(time))
        } else {
            None
        };
        if keep(key) {
            questions.push(ReportQuestion {
                key,
                points,
                max_points,
                answered: flags & ANSWERED != 0,
                true_false: flags & TRUE_FALSE != 0,
                picks,
                answered_at,
            });
        }
    }
    Ok(())
}

/// The time the value's answer times are offsets from.
pub fn base(bytes: &[u8]) -> Result<UnixNanos, DecodeError> {
    Reader { bytes, at: 0 }.header()
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    /// Checks the format and reads the base.
    fn header(&mut self) -> Result<UnixNanos, DecodeError> {
        if self.byte()? != FORMAT {
            return Err(DecodeError {
                offset: 0,
                what: "an unknown format",
            });
        }
        Ok(UnixNanos(unzigzag(self.varint()?)))
    }

    fn done(&self) -> bool {
        self.at >= self.bytes.len()
    }

    fn byte(&mut self) -> Result<u8, DecodeError> {
        let byte = *self.bytes.get(self.at).ok_or(DecodeError {
            offset: self.at,
            what: "a value cut short",
        })?;
        self.at += 1;
        Ok(byte)
    }

    fn varint(&mut self) -> Result<u64, DecodeError> {
        let start = self.at;
        let mut value = 0u64;
        for shift in (0..64).step_by(7) {
            let byte = self.byte()?;
            value |= u64::from(byte & 0x7f) << shift;
            if byte & 0x80 == 0 {
                return Ok(value);
            }
        }
        Err(DecodeError {
            offset: start,
            what: "a number longer than 64 bits",
        })
    }

    fn small(&mut self, what: &'static str) -> Result<u32, DecodeError> {
        let start = self.at;
        u32::try_from(self.varint()?).map_err(|_| DecodeError { offset: start, what })
    }

    fn float(&mut self) -> Result<f64, DecodeError> {
        Ok(f64::from_bits(self.varint()?.swap_bytes()))
    }
}

fn put_varint(out: &mut Vec<u8>, mut value: u64) {
    while value >= 0x80 {
        out.push((value as u8) | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

fn put_float(out: &mut Vec<u8>, value: f64) {
    put_varint(out, value.to_bits().swap_bytes());
}

fn zigzag(value: i64) -> u64 {
    ((value << 1) ^ (value >> 63)) as u64
}

fn unzigzag(value: u64) -> i64 {
    ((value >> 1) as i64) ^ -((value & 1) as i64)
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};
    use proptest::prelude::*;

    use super::*;

    fn start() -> UnixNanos {
        UnixNanos::of(Utc.with_ymd_and_hms(2026, 3, 1, 9, 0, 0).unwrap()).unwrap()
    }

    fn question(key: u32, points: f64, picks: &[usize], after_ms: Option<i64>) -> ReportQuestion {
        ReportQuestion {
            key: QuestionKey(key),
            points,
            max_points: 1.0,
            answered: after_ms.is_some(),
            true_false: false,
            picks: picks.iter().copied().collect(),
            answered_at: after_ms.map(|ms| UnixNanos(start().0 + ms * 1_000_000)),
        }
    }

    fn round_trip(questions: &[ReportQuestion]) -> Vec<ReportQuestion> {
        let mut bytes = Vec::new();
        encode(questions, start(), &mut bytes);
        let mut read = Vec::new();
        decode(&bytes, |_| true, &mut read).unwrap();
        read
    }

    #[test]
    fn round_scores_take_a_few_bytes() {
        let questions = [
            question(3, 1.0, &[1, 25], Some(30_000)),
            question(200, 0.0, &[], None),
        ];
        let mut bytes = Vec::new();
        encode(&questions, start(), &mut bytes);
        // format, start (9 bytes); flags, key, 1.0 (3 bytes), 1.0, choices
        // 1 and 25 (4 bytes), 30 s (6 bytes); flags, key (2 bytes), 0.0, 1.0.
        assert_eq!(bytes.len(), 1 + 9 + (1 + 1 + 3 + 3 + 4 + 6) + (1 + 2 + 1 + 3));
        assert_eq!(round_trip(&questions), questions);
    }

    #[test]
    fn only_the_questions_kept_are_read() {
        let questions = [
            question(1, 1.0, &[0], Some(1_000)),
            question(2, 0.5, &[0, 2], Some(2_000)),
            question(1, 0.0, &[3], Some(3_000)),
        ];
        let mut bytes = Vec::new();
        encode(&questions, start(), &mut bytes);
        let mut read = vec![question(9, 9.0, &[7], None); 4];
        decode(&bytes, |key| key == QuestionKey(1), &mut read).unwrap();
        assert_eq!(read, [questions[0], questions[2]]);
    }

    #[test]
    fn damaged_values_are_errors_not_panics() {
        let mut bytes = Vec::new();
        encode(&[question(1, 1.0, &[2], Some(10))], start(), &mut bytes);
        let mut read = Vec::new();
        for cut in 0..bytes.len() {
            let result = decode(&bytes[..cut], |_| true, &mut read);
            // Cutting right after the start leaves a valid empty list.
            assert_eq!(result.is_ok(), cut == 10, "cut at {cut}: {result:?}");
        }
        assert_eq!(
            decode(&[2], |_| true, &mut read).unwrap_err().what,
            "an unknown format"
        );
        assert_eq!(
            decode(&[FORMAT, 0, 0x40, 1, 0, 0], |_| true, &mut read)
                .unwrap_err()
                .to_string(),
            "unknown flags at byte 2"
        );
        let endless = [
            FORMAT, 0, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01,
        ];
        assert_eq!(
            decode(&endless, |_| true, &mut read).unwrap_err().what,
            "a number longer than 64 bits"
        );
        // The latest time there is, and a nanosecond after it.
        let mut last = vec![FORMAT];
        put_varint(&mut last, zigzag(i64::MAX));
        last.extend([TIMED, 1, 0, 0, 2]);
        assert_eq!(
            decode(&last, |_| true, &mut read).unwrap_err().what,
            "a time out of range"
        );
        // A set of choices wider than 32 bits.
        assert_eq!(
            decode(
                &[FORMAT, 0, ANSWERED, 1, 0, 0, 0x80, 0x80, 0x80, 0x80, 0x10],
                |_| true,
                &mut read
            )
            .unwrap_err()
            .to_string(),
            "a set of choices at byte 6"
        );
    }

    proptest! {
        #[test]
        fn every_question_reads_back_as_written(
            questions in prop::collection::vec(
                (
                    any::<u32>(),
                    any::<f64>().prop_filter("NaN never equals itself", |x| !x.is_nan()),
                    0.0..100.0f64,
                    any::<bool>(),
                    any::<bool>(),
                    any::<u32>(),
                    prop::option::of(-1_000_000_000_000i64..10_000_000_000_000),
                ),
                0..30,
            )
        ) {
            let questions: Vec<ReportQuestion> = questions
                .into_iter()
                .map(|(key, points, max_points, answered, true_false, picks, after)| ReportQuestion {
                    key: QuestionKey(key),
                    points,
                    max_points,
                    answered,
                    true_false,
                    picks: Picks::from_bits(if answered { picks } else { 0 }),
                    answered_at: after.map(|nanos| UnixNanos(start().0 + nanos)),
                })
                .collect();
            prop_assert_eq!(round_trip(&questions), questions);
        }
    }
}
