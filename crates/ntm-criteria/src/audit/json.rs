//! A [`PublishedReport`] from its JSON form (the dict a Python user gives `audit`), with every
//! problem named: each field, each band, in this API's words rather than serde's.

use serde_json::Value;

use crate::audit::PublishedReport;
use crate::error::{NtmError, Problem, Result};
use crate::kind::ProblemKind;

impl PublishedReport {
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
