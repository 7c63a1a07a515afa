//! Tera functions versa replaces: to keep a template from exhausting memory, and from reading
//! outside the site; and tera's `date` filter, which tera ships only with time zones and other
//! dependencies versa doesn't need.

use std::collections::HashMap;

use tera::{Error, Result, Value};

/// The most numbers one `range` may make: enough for any listing, small enough to fit in memory.
pub(super) const MAX_RANGE: usize = 1_000_000;

/// tera's `range(start, end, step_by)`, with two holes closed: `step_by=0` looped forever and
/// a huge `end` filled the memory until versa was killed.
pub(super) fn range(args: &HashMap<String, Value>) -> Result<Value> {
    let number = |key: &str, default: Option<usize>| -> Result<usize> {
        match args.get(key) {
            Some(value) => tera::from_value::<usize>(value.clone()).map_err(|_| {
                Error::msg(format!("Function `range` received {key}={value} but `{key}` can only be a number"))
            }),
            None => default.ok_or_else(|| Error::msg("Function `range` was called without a `end` argument")),
        }
    };
    let (start, end, step) = (number("start", Some(0))?, number("end", None)?, number("step_by", Some(1))?);
    if start > end {
        return Err(Error::msg("Function `range` was called with a `start` argument greater than the `end` one"));
    }
    if step == 0 {
        return Err(Error::msg("Function `range` was called with `step_by=0`, which would count forever"));
    }
    let count = (end - start).div_ceil(step);
    if count > MAX_RANGE {
        return Err(Error::msg(format!(
            "Function `range` would make {count} numbers; versa allows at most {MAX_RANGE} in one `range`"
        )));
    }
    Ok(Value::from((start..end).step_by(step).collect::<Vec<usize>>()))
}

/// tera's `get_env` would let a template publish the build machine's environment (a CI token,
/// say) into the site; versa reads nothing from outside the site folder.
pub(super) fn get_env(_: &HashMap<String, Value>) -> Result<Value> {
    Err(Error::msg(
        "Function `get_env` is turned off in versa: a template could publish the build machine's secrets; \
         put the value in site.toml or the page's front matter instead",
    ))
}

/// `date(format="%-d %B %Y")`, as tera's: the dates of front matter and git (`2026-11-20`,
/// `2026-11-20T10:00:00+02:00`, `2026-11-20 10:00`, …) or a Unix timestamp, formatted by chrono.
/// The default format is `%Y-%m-%d`; a time without an offset is printed as written.
pub(super) fn date(value: &Value, args: &HashMap<String, Value>) -> Result<Value> {
    use chrono::format::{Item, StrftimeItems};
    use chrono::{DateTime, NaiveDate, NaiveDateTime};
    let format = match args.get("format") {
        Some(Value::String(format)) => format.as_str(),
        Some(other) => return Err(Error::msg(format!("Filter `date`: `format` must be a string, not {other}"))),
        None => "%Y-%m-%d",
    };
    // chrono panics on an invalid format when printing: check it first, as tera does.
    if StrftimeItems::new(format).any(|item| matches!(item, Item::Error)) {
        return Err(Error::msg(format!("Filter `date`: invalid date format `{format}`")));
    }
    if args.contains_key("timezone") {
        return Err(Error::msg("Filter `date`: versa prints dates in their own offset; remove `timezone`"));
    }
    let text = match value {
        Value::String(text) => text.trim(),
        Value::Number(n) => {
            let stamp = n.as_i64().and_then(|s| DateTime::from_timestamp(s, 0));
            return stamp
                .map(|d| Value::from(d.format(format).to_string())) // UTC: every field exists
                .ok_or_else(|| Error::msg(format!("Filter `date`: {n} is not a Unix timestamp")));
        }
        other => return Err(Error::msg(format!("Filter `date` needs a date string or a timestamp, not {other}"))),
    };
    // chrono reports a field the value lacks (a time of a date, the offset of a local time) as
    // a formatting error, which `to_string` would turn into a panic.
    let print = |shown: &dyn std::fmt::Display| {
        use std::fmt::Write as _;
        let mut out = String::new();
        write!(out, "{shown}").map(|()| out).map_err(|_| {
            Error::msg(format!("Filter `date`: `{format}` asks for a time or an offset, and `{text}` has none"))
        })
    };
    let printed = if let Ok(d) = DateTime::parse_from_rfc3339(text) {
        print(&d.format(format))?
    } else if let Some(d) = ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d %H:%M:%S%.f", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
        .iter()
        .find_map(|form| NaiveDateTime::parse_from_str(text, form).ok())
    {
        print(&d.format(format))?
    } else if let Ok(d) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        print(&d.format(format))?
    } else {
        return Err(Error::msg(format!("Filter `date`: `{text}` is not a date like 2026-11-20")));
    };
    Ok(Value::from(printed))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn format(value: &str, format: &str) -> Result<Value> {
        date(&Value::from(value), &HashMap::from([("format".to_string(), Value::from(format))]))
    }

    #[test]
    fn dates_of_front_matter_and_git_format_with_chrono() {
        assert_eq!(format("2026-11-20", "%-d %B %Y").unwrap(), "20 November 2026");
        assert_eq!(format("2026-02-03T23:30:00+02:00", "%-d %B %Y %H:%M").unwrap(), "3 February 2026 23:30");
        assert_eq!(format("2026-11-20 10:00", "%Y/%m/%d %H:%M").unwrap(), "2026/11/20 10:00");
        assert_eq!(format("2026-11-20T10:00:00.5", "%H").unwrap(), "10");
        assert_eq!(date(&Value::from("2026-11-20"), &HashMap::new()).unwrap(), "2026-11-20");
        assert_eq!(date(&Value::from(0), &HashMap::new()).unwrap(), "1970-01-01");
        assert!(format("2026-11-20", "%H:%M").unwrap_err().to_string().contains("has none"));
        assert!(format("2026-11-20 10:00", "%z").unwrap_err().to_string().contains("has none"));
        assert!(format("2026-11-20", "%Q").unwrap_err().to_string().contains("invalid date format"));
        assert!(format("next week", "%Y").is_err());
        assert!(date(&Value::from(true), &HashMap::new()).is_err());
    }

    fn call(pairs: &[(&str, i64)]) -> Result<Value> {
        range(&pairs.iter().map(|(k, v)| ((*k).to_string(), Value::from(*v))).collect())
    }

    #[test]
    fn range_counts_like_teras_and_refuses_what_would_not_end() {
        assert_eq!(call(&[("end", 3)]).unwrap(), Value::from(vec![0, 1, 2]));
        assert_eq!(call(&[("start", 1), ("end", 8), ("step_by", 3)]).unwrap(), Value::from(vec![1, 4, 7]));
        assert_eq!(call(&[("end", 0)]).unwrap(), Value::from(Vec::<usize>::new()));
        assert!(call(&[("end", 3), ("step_by", 0)]).unwrap_err().to_string().contains("step_by=0"));
        assert!(call(&[("end", 1_000_000_000_000)]).unwrap_err().to_string().contains("at most 1000000"));
        assert!(call(&[("end", 2), ("start", 3)]).is_err());
        assert!(call(&[("end", -1)]).is_err());
    }
}
