//! Tera functions versa replaces: to keep a template from exhausting memory, and from reading
//! outside the site.

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

#[cfg(test)]
mod tests {
    use super::*;

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

/// tera's `date(format="%-d %B %Y")` filter, which tera only ships with its `builtins` feature
/// (and half a dozen crates versa does not need). It reads what front matter allows: a date
/// (`2026-11-20`), optionally with a time (RFC 3339 or `2026-11-20 10:00`). A format chrono cannot
/// read is an error here rather than a panic inside chrono.
pub(super) fn date(value: &Value, args: &HashMap<String, Value>) -> Result<Value> {
    use chrono::format::{Item, StrftimeItems};
    let format = match args.get("format") {
        Some(Value::String(f)) => f.as_str(),
        Some(other) => return Err(Error::msg(format!("Filter `date` received format={other}, which is not a string"))),
        None => "%Y-%m-%d",
    };
    let items: Vec<Item<'_>> = StrftimeItems::new(format).collect();
    if items.iter().any(|item| matches!(item, Item::Error)) {
        return Err(Error::msg(format!(
            "Filter `date` received format=\"{format}\", which is not a valid date format"
        )));
    }
    let text = match value {
        Value::String(s) => s.as_str(),
        other => {
            return Err(Error::msg(format!("Filter `date` received {other}, which is not a date like 2026-11-20")))
        }
    };
    // Everything becomes a time with an offset (UTC when none is given), so no format item can
    // ask for a part the value lacks: chrono panics on that while formatting.
    let naive = || {
        ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d %H:%M:%S%.f", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M"]
            .iter()
            .find_map(|form| chrono::NaiveDateTime::parse_from_str(text, form).ok())
            .or_else(|| chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").ok().and_then(|d| d.and_hms_opt(0, 0, 0)))
            .map(|at| at.and_utc().fixed_offset())
    };
    let Some(at) = chrono::DateTime::parse_from_rfc3339(text).ok().or_else(naive) else {
        return Err(Error::msg(format!("Filter `date` received `{text}`, which is not a date like 2026-11-20")));
    };
    Ok(Value::String(at.format_with_items(items.into_iter()).to_string()))
}

#[cfg(test)]
mod date_tests {
    use super::*;

    fn format(value: &str, format: &str) -> Result<Value> {
        date(&Value::String(value.into()), &HashMap::from([("format".to_string(), Value::String(format.into()))]))
    }

    #[test]
    fn dates_format_as_tera_does_and_bad_formats_are_errors() {
        assert_eq!(format("2026-11-20", "%-d %B %Y").unwrap(), "20 November 2026");
        assert_eq!(format("2026-11-20T10:00:00+02:00", "%H:%M %z").unwrap(), "10:00 +0200");
        assert_eq!(format("2026-11-20 10:00", "%H:%M %Z").unwrap(), "10:00 +00:00");
        assert!(format("2026-11-20", "%Q").is_err());
        assert!(format("next week", "%Y").is_err());
    }
}
