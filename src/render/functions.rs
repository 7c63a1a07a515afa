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
