//! Attribute defaults: checked as the database would take them (numbers in
//! range, real dates and times, JSON, uuids), timestamps written in UTC.

use super::models::ModelPass;
use crate::diagnostics::{Code, Diagnostic};
use crate::ir::{self, DefaultValue, Type};
use crate::syntax::ast::{self, ScalarType, ValueKind};

impl ModelPass<'_, '_> {
    pub(super) fn default_value(
        &mut self,
        v: &ast::Value,
        ty: &Type,
        nullable: bool,
        a: &ast::Attribute,
    ) -> Option<DefaultValue> {
        let scalar = match ty {
            Type::Scalar(s) => Some(*s),
            Type::Enum(_) => None,
        };
        let value = match (&v.kind, scalar) {
            (ValueKind::Null, _) if nullable => Some(DefaultValue::Null),
            (ValueKind::Ident(w), None) => {
                let Type::Enum(e) = ty else { return None };
                let variants = &self.enum_decls[e.0].variants;
                variants
                    .contains(w)
                    .then(|| DefaultValue::EnumVariant(w.clone()))
            }
            (
                ValueKind::Ident(w),
                Some(ScalarType::Date | ScalarType::DateOnly | ScalarType::Time),
            ) if w == "now" => Some(DefaultValue::Now),
            (ValueKind::Ident(w), Some(ScalarType::Uuid)) if w == "uuidv4" => {
                Some(DefaultValue::UuidV4)
            }
            (ValueKind::Number(n), Some(s)) if s.is_integer() => {
                let (min, max) = match s {
                    ScalarType::SmallInt => (i16::MIN as i64, i16::MAX as i64),
                    ScalarType::Integer => (i32::MIN as i64, i32::MAX as i64),
                    _ => (i64::MIN, i64::MAX),
                };
                n.parse::<i64>()
                    .ok()
                    .filter(|n| (min..=max).contains(n))
                    .map(DefaultValue::Int)
            }
            (ValueKind::Number(n), Some(ScalarType::Decimal { precision, scale })) => {
                fits_decimal(n, precision, scale).then(|| DefaultValue::Decimal(n.to_string()))
            }
            (ValueKind::Number(n), Some(s @ (ScalarType::Float | ScalarType::Double))) => {
                let max = if s == ScalarType::Float {
                    f64::from(f32::MAX)
                } else {
                    f64::MAX
                };
                n.parse::<f64>()
                    .ok()
                    .filter(|x| x.is_finite() && x.abs() <= max)
                    .map(|_| DefaultValue::Decimal(n.to_string()))
            }
            (ValueKind::Bool(b), Some(ScalarType::Boolean)) => Some(DefaultValue::Bool(*b)),
            (ValueKind::Str(s), Some(ScalarType::String { length })) => {
                let length = length.unwrap_or(ir::DEFAULT_STRING_LENGTH);
                (s.chars().count() <= length as usize).then(|| DefaultValue::Str(s.clone()))
            }
            (ValueKind::Str(s), Some(ScalarType::Text)) => Some(DefaultValue::Str(s.clone())),
            (ValueKind::Str(s), Some(ScalarType::Json | ScalarType::Jsonb)) => {
                serde_json::from_str::<serde_json::Value>(s)
                    .is_ok()
                    .then(|| DefaultValue::Str(s.clone()))
            }
            (ValueKind::Str(s), Some(ScalarType::Uuid)) if is_uuid(s) => {
                Some(DefaultValue::Str(s.clone()))
            }
            (ValueKind::Str(s), Some(ScalarType::DateOnly)) if is_date(s) => {
                Some(DefaultValue::Str(s.clone()))
            }
            (ValueKind::Str(s), Some(ScalarType::Date)) => utc_timestamp(s).map(DefaultValue::Str),
            (ValueKind::Str(s), Some(ScalarType::Time)) if is_time(s) => {
                Some(DefaultValue::Str(s.clone()))
            }
            _ => None,
        };
        if value.is_none() {
            let expected = match (ty, scalar) {
                (Type::Enum(e), _) => format!(
                    "one of the variants of `{}`: {}",
                    self.enum_decls[e.0].name,
                    self.enum_decls[e.0].variants.join(", ")
                ),
                (_, Some(s)) => expected_default(s),
                _ => String::new(),
            };
            let why = if matches!(v.kind, ValueKind::Null) && !nullable {
                "a `notNull` attribute can't default to `null`".to_string()
            } else {
                format!("expected {expected}")
            };
            self.diagnostics.push(
                Diagnostic::error(
                    Code::InvalidDefault,
                    v.span,
                    format!(
                        "this default does not fit `{}`",
                        crate::syntax::format::type_text(&a.ty)
                    ),
                )
                .with_span_label("does not fit")
                .with_label(a.ty.span, "the attribute's type")
                .with_help(why),
            );
        }
        value
    }
}

fn expected_default(s: ScalarType) -> String {
    match s {
        ScalarType::SmallInt => "a whole number from -32768 to 32767".into(),
        ScalarType::Integer => "a whole number from -2147483648 to 2147483647".into(),
        ScalarType::BigInt => "a whole number that fits in 64 bits".into(),
        ScalarType::Decimal {
            precision: Some(p),
            scale,
        } => {
            let scale = scale.unwrap_or(0);
            let whole = p.saturating_sub(scale);
            match scale {
                0 => format!("a whole number of at most {whole} digits"),
                _ => format!(
                    "a number of at most {whole} digits before the point and {scale} after it"
                ),
            }
        }
        ScalarType::Float => "a number within a 32-bit float's range".into(),
        ScalarType::Double => "a number within a 64-bit float's range".into(),
        ScalarType::Decimal { .. } => "a number".into(),
        ScalarType::String { length } => format!(
            "a string of at most {} characters",
            length.unwrap_or(ir::DEFAULT_STRING_LENGTH)
        ),
        ScalarType::Text => "a string".into(),
        ScalarType::Json | ScalarType::Jsonb => {
            "a string holding a JSON value, such as \"{}\" or \"[1, 2]\"".into()
        }
        ScalarType::Boolean => "`true` or `false`".into(),
        ScalarType::Date => "`now` or a string such as \"2024-01-31T12:00:00Z\"".into(),
        ScalarType::DateOnly => "`now` or a string such as \"2024-01-31\"".into(),
        ScalarType::Time => "`now` or a string such as \"12:30:00\"".into(),
        ScalarType::Uuid => "`uuidv4` or a UUID string".into(),
        ScalarType::Blob => "nothing: blobs take no default".into(),
    }
}

/// Whether the number `n` (as written: `-12.50`) fits `decimal(precision,
/// scale)` without rounding: databases would round or refuse it.
fn fits_decimal(n: &str, precision: Option<u32>, scale: Option<u32>) -> bool {
    let Some(p) = precision else {
        return true;
    };
    let scale = scale.unwrap_or(0) as usize;
    let digits = n.trim_start_matches('-');
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    let whole = whole.trim_start_matches('0');
    let fraction = fraction.trim_end_matches('0');
    fraction.len() <= scale && whole.len() <= (p as usize).saturating_sub(scale)
}

fn is_uuid(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    parts.iter().map(|p| p.len()).eq([8, 4, 4, 4, 12])
        && parts
            .iter()
            .all(|p| p.chars().all(|c| c.is_ascii_hexdigit()))
}

/// A calendar date `YYYY-MM-DD` that exists (no 2024-13-45, no
/// February 30th).
fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| {
        b.get(r.clone())
            .filter(|d| d.iter().all(u8::is_ascii_digit))
            .map(|_| s[r].parse::<u32>().unwrap_or(0))
    };
    let (Some(year), Some(month), Some(day)) = (digits(0..4), digits(5..7), digits(8..10)) else {
        return false;
    };
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    b.len() == 10 && b[4] == b'-' && b[7] == b'-' && (1..=days).contains(&day)
}

/// A time of day `HH:MM`, `HH:MM:SS` or `HH:MM:SS.fff`, each part in
/// range.
fn is_time(s: &str) -> bool {
    let b = s.as_bytes();
    let two = |at: usize, max: u32| {
        b.get(at..at + 2)
            .filter(|d| d.iter().all(u8::is_ascii_digit))
            .is_some_and(|_| s[at..at + 2].parse::<u32>().is_ok_and(|n| n <= max))
    };
    if !(two(0, 23) && b.get(2) == Some(&b':') && two(3, 59)) {
        return false;
    }
    match b.len() {
        5 => true,
        8 => b[5] == b':' && two(6, 59),
        n => {
            n > 9
                && b[5] == b':'
                && two(6, 59)
                && b[8] == b'.'
                && b[9..].iter().all(u8::is_ascii_digit)
        }
    }
}

/// A timestamp default in the one form every dialect takes, in UTC:
/// `YYYY-MM-DDTHH:MM:SS[.fff]Z`. The schema may write a date, then `T` (or
/// a space) and a time, then `Z` or an offset `+HH:MM`; a date alone is
/// midnight UTC. `None` when it is no such timestamp.
fn utc_timestamp(s: &str) -> Option<String> {
    if s.len() == 10 {
        return is_date(s).then(|| format!("{s}T00:00:00Z"));
    }
    let (date, rest) = (s.get(..10)?, s.get(11..)?);
    if !is_date(date) || !matches!(s.as_bytes()[10], b'T' | b' ') {
        return None;
    }
    let (time, zone) = match rest.find(['Z', '+', '-']) {
        Some(at) => rest.split_at(at),
        None => (rest, ""),
    };
    let offset_minutes = match zone.as_bytes() {
        [] | [b'Z'] => 0,
        [sign @ (b'+' | b'-'), ..] if zone.len() == 6 && is_time(&zone[1..]) => {
            let minutes = zone[1..3].parse::<i64>().ok()? * 60 + zone[4..6].parse::<i64>().ok()?;
            if *sign == b'+' { minutes } else { -minutes }
        }
        _ => return None,
    };
    if !is_time(time) {
        return None;
    }
    let number = |r: std::ops::Range<usize>| s[r].parse::<i64>().ok();
    let (year, month, day) = (number(0..4)?, number(5..7)?, number(8..10)?);
    let minutes =
        time[..2].parse::<i64>().ok()? * 60 + time[3..5].parse::<i64>().ok()? - offset_minutes;
    let days = days_from_civil(year, month, day) + minutes.div_euclid(24 * 60);
    let minutes = minutes.rem_euclid(24 * 60);
    let (year, month, day) = civil_from_days(days);
    let seconds = time
        .get(5..)
        .map_or(":00", |s| if s.is_empty() { ":00" } else { s });
    Some(format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}{seconds}Z",
        minutes / 60,
        minutes % 60
    ))
}

/// Days since 1970-01-01 of a date of the proleptic Gregorian calendar
/// (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let day_of_year = (153 * (month + if month > 2 { -3 } else { 9 }) + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The date `days` after 1970-01-01.
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let days = days + 719_468;
    let era = days.div_euclid(146_097);
    let day_of_era = days - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_are_checked_and_written_in_utc() {
        for (given, utc) in [
            ("2024-02-29", "2024-02-29T00:00:00Z"),
            ("2024-01-31T12:00:00Z", "2024-01-31T12:00:00Z"),
            ("2024-01-31 12:00", "2024-01-31T12:00:00Z"),
            ("2024-02-29T23:59:59.123+05:30", "2024-02-29T18:29:59.123Z"),
            ("2023-12-31T23:30:00-01:00", "2024-01-01T00:30:00Z"),
            ("2024-03-01T00:10:00+00:20", "2024-02-29T23:50:00Z"),
            ("1969-12-31T23:00:00-02:00", "1970-01-01T01:00:00Z"),
        ] {
            assert_eq!(utc_timestamp(given).as_deref(), Some(utc), "{given}");
        }
        for bad in [
            "2024-13-01",
            "2023-02-29",
            "2024-01-31T24:00:00Z",
            "2024-01-31T12:60",
            "2024-01-31T12:00:00+5",
            "2024-01-31T12:00:00+05:60",
            "2024-01-31X12:00",
            "2024-01-31T",
            "",
        ] {
            assert_eq!(utc_timestamp(bad), None, "{bad}");
        }
        for day in [-800_000, -1, 0, 1, 19_782, 2_932_896] {
            let (y, m, d) = civil_from_days(day);
            assert_eq!(days_from_civil(y, m, d), day);
        }
    }

    #[test]
    fn dates_and_times_are_checked() {
        assert!(is_date("2000-02-29") && !is_date("1900-02-29") && !is_date("2024-04-31"));
        assert!(is_time("00:00") && is_time("23:59:59") && is_time("23:59:59.999999"));
        for bad in [
            "24:00",
            "25:99",
            "12:5",
            "12:00:60",
            "12:00:00.",
            "12:00:00x",
        ] {
            assert!(!is_time(bad), "{bad}");
        }
    }
}
