//! A [`PublishedReport`] from its JSON form (the dict a Python user gives `audit`), with every
//! problem named: each field, each band, in this API's words rather than serde's.

use serde_json::Value;

use crate::audit::PublishedReport;
use crate::error::{NtmError, Problem, Result};
use crate::kind::ProblemKind;
use crate::overrides::Tree;

/// How deep a report's figures lie at most (the report, `bands`, a band, its fields): a list or
/// mapping at this depth or below is refused, whatever its size, before it is walked.
const REPORT_DEPTH: usize = 4;

impl PublishedReport {
    /// The serde form of a report's fields given as a host's [`Tree`] (a Python dict): exact
    /// numbers as whole numbers or `{units, scale}`, a [`Tree::Number`] as a float (which
    /// [`PublishedReport::from_json_value`] refuses as inexact), criterion numbers as keys. A value
    /// with no such form, or nested too deep, is a [`NtmError::Validation`] naming its place.
    ///
    /// ```
    /// use ntm_criteria::{Fixed, PublishedReport, Tree};
    /// let t = Tree::Map(vec![
    ///     (Tree::Text("communes".into()), Tree::Exact(Fixed::new(181, 0))),
    ///     (Tree::Text("average".into()), Tree::Exact(Fixed::new(1166, 2))),
    /// ]);
    /// let r = PublishedReport::from_json_value(&PublishedReport::json_of_tree(&t)?)?;
    /// assert_eq!((r.communes, r.average), (Some(181), Some(Fixed::new(1166, 2))));
    /// let odd = Tree::Map(vec![(Tree::Text("average".into()), Tree::Other("(1+2j)".into()))]);
    /// let e = PublishedReport::json_of_tree(&odd).unwrap_err();
    /// assert_eq!(e.problems()[0].loc, "average");
    /// # Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn json_of_tree(tree: &Tree) -> Result<Value> {
        json_at(tree, "", 0).map_err(|p| NtmError::validation("published report", vec![*p]))
    }

    /// Reads a report from its serde form. A report that does not read gives a
    /// [`NtmError::Validation`] listing every bad field and every bad band (`bands[2].count`),
    /// with messages that say what a figure may be.
    ///
    /// ```
    /// use ntm_criteria::PublishedReport;
    /// let ok = serde_json::json!({"communes": 181, "average": "11,66"});
    /// assert_eq!(PublishedReport::from_json_value(&ok)?.communes, Some(181));
    /// let bad = serde_json::json!({"communes": "many", "bands": [{"lo": 19, "hi": 19, "count": 51}, {"lo": 0, "hi": 4, "count": -1}], "colour": 1});
    /// let e = PublishedReport::from_json_value(&bad).unwrap_err();
    /// let found: Vec<(&str, &str)> = e.problems().iter().map(|p| (p.loc.as_str(), p.kind.as_str())).collect();
    /// assert!(found.contains(&("communes", "bad_figure")) && found.contains(&("colour", "unknown_field")), "{found:?}");
    /// assert!(found.iter().any(|(loc, _)| loc.starts_with("bands[1]")), "{found:?}");
    /// # Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn from_json_value(v: &Value) -> Result<PublishedReport> {
        if let Ok(r) = serde_json::from_value::<PublishedReport>(v.clone()) {
            return Ok(r);
        }
        let Value::Object(m) = v else {
            let p = Problem::new("report", ProblemKind::InvalidType, "a report is a dict");
            return Err(NtmError::validation("published report", vec![p]));
        };
        let mut problems = Vec::new();
        for (k, x) in m {
            match (k.as_str(), x) {
                ("bands", Value::Array(bands)) => {
                    for (i, b) in bands.iter().enumerate() {
                        // Earlier bands are valid placeholders, so that the path names band `i`.
                        let mut one = vec![serde_json::json!({"lo": 0, "hi": 0, "count": 0}); i];
                        one.push(b.clone());
                        problems.extend(field_problem(serde_json::json!({"bands": one}), &format!("bands[{i}]"), b));
                    }
                }
                _ => problems.extend(field_problem(serde_json::json!({ k: x }), k, x)),
            }
        }
        if problems.is_empty() {
            problems.push(Problem::new("report", ProblemKind::InvalidReport, "the report cannot be read"));
        }
        Err(NtmError::validation("published report", problems))
    }
}

/// The problem of one field (given alone, as `sub`), if it does not read.
fn field_problem(sub: Value, loc: &str, input: &Value) -> Option<Problem> {
    let e = serde_path_to_error::deserialize::<_, PublishedReport>(sub).err()?;
    let path = e.path().to_string();
    let loc = if path.is_empty() || path == "." { loc.to_string() } else { path };
    let mut msg = e.into_inner().to_string();
    // serde's words for an input of the wrong type, in the words of this API.
    if msg.contains("untagged enum CountRepr") {
        msg = "a count is a whole number or its printed text (\"04\", \"1.586\")".into();
    } else if msg.contains("untagged enum FigureRepr") {
        msg = "a figure is printed text (\"11,66\", \"28,18%\"), a whole number or a Decimal".into();
    }
    let kind = if msg.starts_with("unknown field") {
        ProblemKind::UnknownField
    } else if msg.contains("cannot parse figure")
        || msg.contains("not an exact figure")
        || msg.starts_with("a count is")
        || msg.starts_with("a figure is")
    {
        ProblemKind::BadFigure
    } else {
        ProblemKind::InvalidField
    };
    let input = match input {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    Some(Problem::new(loc, kind, msg).with_input(input))
}

/// [`PublishedReport::json_of_tree`] at the place `loc`, `depth` levels down.
fn json_at(t: &Tree, loc: &str, depth: usize) -> std::result::Result<Value, Box<Problem>> {
    let bad = |msg: String| Box::new(Problem::new(loc, ProblemKind::InvalidType, msg).with_input(t.input()));
    let at = |k: &str| if loc.is_empty() { k.to_string() } else { format!("{loc}.{k}") };
    if matches!(t, Tree::List(_) | Tree::Map(_)) && depth >= REPORT_DEPTH {
        return Err(bad(format!("nested too deep: a report's figures are at most {REPORT_DEPTH} levels down")));
    }
    Ok(match t {
        Tree::Null => Value::Null,
        Tree::Bool(b) => Value::Bool(*b),
        Tree::Exact(x) if x.scale == 0 => Value::from(x.units),
        Tree::Exact(x) => serde_json::json!({"units": x.units, "scale": x.scale}),
        Tree::Number(x) => {
            serde_json::Number::from_f64(*x).map(Value::Number).ok_or_else(|| bad(format!("{x} is not a figure")))?
        }
        Tree::Text(s) => Value::String(s.clone()),
        Tree::List(items) => Value::Array(
            items
                .iter()
                .enumerate()
                .map(|(i, x)| json_at(x, &format!("{loc}[{i}]"), depth + 1))
                .collect::<std::result::Result<_, _>>()?,
        ),
        Tree::Map(entries) => {
            let mut m = serde_json::Map::new();
            for (k, v) in entries {
                let key = match k {
                    Tree::Text(k) => k.clone(),
                    Tree::Exact(n) if n.scale == 0 => n.units.to_string(),
                    other => return Err(bad(format!("a key must be a str (or a criterion number), not {other}"))),
                };
                let v = json_at(v, &at(&key), depth + 1)?;
                m.insert(key, v);
            }
            Value::Object(m)
        }
        Tree::Other(s) => {
            return Err(bad(format!(
                "{s} is not a figure: give a whole number, the printed text (\"11,66\") or a Decimal of at most 18 digits"
            )));
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixed::Fixed;

    fn map(entries: Vec<(&str, Tree)>) -> Tree {
        Tree::Map(entries.into_iter().map(|(k, v)| (Tree::Text(k.into()), v)).collect())
    }

    fn problem(t: &Tree) -> (String, String) {
        let e = PublishedReport::json_of_tree(t).unwrap_err();
        (e.problems()[0].loc.clone(), e.problems()[0].msg.clone())
    }

    #[test]
    fn a_tree_gives_the_serde_form_of_its_figures() {
        let per = Tree::Map(vec![(Tree::Exact(Fixed::new(1, 0)), Tree::Exact(Fixed::new(181, 0)))]);
        let t = map(vec![("average", Tree::Exact(Fixed::new(1166, 2))), ("per_criterion", per), ("scope", Tree::Null)]);
        let r = PublishedReport::from_json_value(&PublishedReport::json_of_tree(&t).unwrap()).unwrap();
        assert_eq!((r.average, r.per_criterion.get(&1)), (Some(Fixed::new(1166, 2)), Some(&181)));
        // A float keeps its form, for the report's reader to refuse as inexact.
        let f = PublishedReport::json_of_tree(&map(vec![("average", Tree::Number(11.66))])).unwrap();
        assert!(PublishedReport::from_json_value(&f).is_err());
    }

    #[test]
    fn what_has_no_form_is_refused_with_its_place() {
        let (loc, msg) =
            problem(&map(vec![("bands", Tree::List(vec![map(vec![("count", Tree::Other("{1, 2}".into()))])]))]));
        assert_eq!(loc, "bands[0].count");
        assert!(msg.starts_with("{1, 2} is not a figure"), "{msg}");
        let (loc, msg) = problem(&map(vec![("bands", Tree::Map(vec![(Tree::Bool(true), Tree::Null)]))]));
        assert_eq!(loc, "bands");
        assert!(msg.contains("a key must be a str"), "{msg}");
        assert_eq!(problem(&map(vec![("average", Tree::Number(f64::NAN))])).0, "average");
    }

    #[test]
    fn a_report_nested_past_its_depth_is_refused_before_it_is_walked() {
        let mut deep = Tree::List(vec![]);
        for _ in 0..REPORT_DEPTH {
            deep = Tree::List(vec![deep]);
        }
        let (loc, msg) = problem(&map(vec![("bands", deep)]));
        assert_eq!(loc, format!("bands{}", "[0]".repeat(REPORT_DEPTH - 1)));
        assert!(msg.starts_with("nested too deep"), "{msg}");
    }
}
