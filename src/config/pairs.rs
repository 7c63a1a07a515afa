//! `[pairs]`: which "A vs B" pages the site generates from the matrix (see `site::pairs`).
//!
//! `generate = "all"` makes a page for every pair of contenders; a list names them the way their
//! URLs do, `generate = ["fastapi-vs-drf", "fastapi-vs-ninja"]`. Each pair is written in
//! `site.toml`'s contender order, so one pair has one URL; the other order is a redirect.
//! Every entry keeps its position, so a mistake is an error at its line and column.

use std::fmt;

use indexmap::IndexMap;
use serde::de::{self, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer};
use toml::Spanned;

use super::Contender;
use crate::error::{Diagnostic, Source};

/// `[pairs]` as written.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct PairsConfig {
    #[serde(default)]
    pub(crate) generate: Option<Spanned<Generate>>,
    /// The pairs to build, checked: filled in by [`PairsConfig::resolve`].
    #[serde(skip)]
    pub(crate) pairs: Vec<Pair>,
}

/// `generate = "all"`, or the list of pairs.
#[derive(Debug, Clone)]
pub(crate) enum Generate {
    /// Any string; anything but `"all"` is an error at it.
    Word(String),
    List(Vec<Spanned<String>>),
}

/// Two contenders, by index in `site.toml`'s order, the first declared first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct Pair {
    pub(crate) a: usize,
    pub(crate) b: usize,
}

impl<'de> Deserialize<'de> for Generate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Forms;
        impl<'de> Visitor<'de> for Forms {
            type Value = Generate;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("\"all\" or a list of pairs like [\"fastapi-vs-drf\"]")
            }
            fn visit_str<E: de::Error>(self, text: &str) -> Result<Generate, E> {
                Ok(Generate::Word(text.to_string()))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Generate, A::Error> {
                let mut list = Vec::new();
                while let Some(entry) = seq.next_element::<Spanned<String>>()? {
                    list.push(entry);
                }
                Ok(Generate::List(list))
            }
        }
        deserializer.deserialize_any(Forms)
    }
}

impl PairsConfig {
    /// Check `generate` against the contenders and fill in [`PairsConfig::pairs`]; every
    /// problem is an error at its entry.
    pub(crate) fn resolve(
        &mut self,
        contenders: &IndexMap<String, Contender>,
        source: &Source,
    ) -> Result<(), Vec<Diagnostic>> {
        let Some(generate) = &self.generate else { return Ok(()) };
        let span = generate.span();
        let at = |span: std::ops::Range<usize>, message: String, help: String| {
            Diagnostic::error(message).at_offset(source, span.start, span.len()).help(help)
        };
        let n = contenders.len();
        match generate.get_ref() {
            Generate::Word(word) if word == "all" => {
                self.pairs = (0..n).flat_map(|a| (a + 1..n).map(move |b| Pair { a, b })).collect();
                Ok(())
            }
            Generate::Word(word) => Err(vec![at(
                span,
                format!("`generate` must be \"all\" or a list of pairs, not \"{word}\""),
                "write `generate = \"all\"`, or `generate = [\"a-vs-b\", …]` with contender keys from site.toml".into(),
            )]),
            Generate::List(list) => {
                let mut errors = Vec::new();
                let mut pairs = Vec::new();
                for entry in list {
                    match parse_pair(entry.get_ref(), contenders) {
                        Ok(pair) if pairs.contains(&pair) => errors.push(at(
                            entry.span(),
                            format!("the pair `{}` is listed twice", entry.get_ref()),
                            "remove one of them".into(),
                        )),
                        Ok(pair) => pairs.push(pair),
                        Err((message, help)) => errors.push(at(entry.span(), message, help)),
                    }
                }
                self.pairs = pairs;
                if errors.is_empty() {
                    Ok(())
                } else {
                    Err(errors)
                }
            }
        }
    }
}

/// `"fastapi-vs-drf"` (with `site.toml`'s `contenders`) → the pair, or the message and help of what is wrong with it.
pub(crate) fn parse_pair(text: &str, contenders: &IndexMap<String, Contender>) -> Result<Pair, (String, String)> {
    let keys: Vec<&str> = contenders.keys().map(String::as_str).collect();
    // Keys may hold `-vs-` themselves: take the split whose both sides are contenders.
    let splits: Vec<(&str, &str)> =
        text.match_indices("-vs-").map(|(i, sep)| (&text[..i], &text[i + sep.len()..])).collect();
    if splits.is_empty() {
        return Err((
            format!("`{text}` is not a pair: write it as `<a>-vs-<b>`"),
            format!("contenders in site.toml: `{}`", keys.join("`, `")),
        ));
    }
    let index = |key: &str| keys.iter().position(|k| *k == key);
    let found = splits.iter().find_map(|&(a, b)| Some((index(a)?, index(b)?, a, b)));
    let Some((a, b, key_a, key_b)) = found else {
        let (a, b) = splits[0];
        let unknown = if index(a).is_none() { a } else { b };
        let help = match crate::diagnostics::closest(unknown, &keys) {
            Some(best) => format!("did you mean `{best}`? contenders in site.toml: `{}`", keys.join("`, `")),
            None => format!("contenders in site.toml: `{}`", keys.join("`, `")),
        };
        return Err((format!("unknown contender `{unknown}` in the pair `{text}`"), help));
    };
    if a == b {
        return Err((
            format!("`{text}` compares `{key_a}` with itself"),
            "a pair names two different contenders".into(),
        ));
    }
    if a > b {
        return Err((
            format!("write the pair `{text}` as `{key_b}-vs-{key_a}`: pairs follow site.toml's contender order"),
            format!("`/{key_a}-vs-{key_b}/` redirects to `/{key_b}-vs-{key_a}/`, so readers find it either way"),
        ));
    }
    Ok(Pair { a, b })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn contenders(keys: &[&str]) -> IndexMap<String, Contender> {
        keys.iter()
            .map(|k| {
                let contender = Contender { key: (*k).to_string(), name: k.to_uppercase(), ..Contender::default() };
                ((*k).to_string(), contender)
            })
            .collect()
    }

    #[test]
    fn keys_with_vs_in_them_split_where_both_sides_are_contenders() {
        let known = contenders(&["a-vs-b", "c"]);
        assert_eq!(parse_pair("a-vs-b-vs-c", &known), Ok(Pair { a: 0, b: 1 }));
        assert!(parse_pair("c-vs-a-vs-b", &known).unwrap_err().0.starts_with("write the pair"));
    }
}
