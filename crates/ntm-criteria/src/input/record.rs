//! The record door: one commune's values given by key, as [`CriteriaSet::assess`] takes them
//! from Rust and `CriteriaSet.assess` from a Python dict.
//!
//! A key is matched by the header rule of every door ([`Headers::role`]: `"1,1"`, `" 10 "`,
//! `"17.1: Hygienic"`); a text value is read by the cell rule ([`read_value`]), a typed one is
//! checked by the assessment with the same rule. The two numbers of a two-part indicator may come
//! under its component keys (`17.1:hygienic`, `17.1:clean`). Every problem is reported at once:
//! first those of the keys, in the order given (unknown keys, table columns, keys given twice);
//! then, in set order, a component without its partner, text that cannot be read, and the
//! values the assessment refuses.
//!
//! ```
//! use ntm_criteria::input::record::{Given, Record};
//! use ntm_criteria::{CriteriaSet, Profile, Region, Status, Value};
//! let set = CriteriaSet::bundled("2016-2020")?;
//! let mut r = Record::new(set);
//! r.add("10", Given::Text("38,5"));
//! r.add("17.1:hygienic", Given::Value(Value::Number(95.0)));
//! r.add("17.1:clean", Given::Value(Value::Number(60.0)));
//! let values = r.values();
//! let result = set.assess_values(&values.values, &Profile::region(Region::NorthernMidlandsMountains));
//! let a = values.check(set, result)?;
//! assert_eq!((a.criterion(10), a.criterion(17)), (Some(Status::Met), Some(Status::NotAssessed)));
//!
//! let mut r = Record::new(set);
//! r.add("region", Given::Text("NMM"));
//! r.add("10", Given::Value(Value::Number(40.0)));
//! r.add(" 10 ", Given::Value(Value::Number(41.0)));
//! r.add("4.2", Given::Text("95,5%"));
//! r.add("1.1", Given::Text("2"));
//! let read = r.values();
//! assert_eq!(read.values[set.indicator_index("4.2")?], Value::Number(95.5));
//! let result = set.assess_values(&read.values, &Profile::region(Region::NorthernMidlandsMountains));
//! let e = read.check(set, result).unwrap_err();
//! let kinds: Vec<_> = e.problems().iter().map(|p| p.kind).collect();
//! assert_eq!(kinds, ["not_an_indicator", "duplicate_indicator", "not_yes_no"]);
//! # Ok::<(), ntm_criteria::NtmError>(())
//! ```

use std::collections::BTreeMap;

use crate::assess::Value;
use crate::catalog::CriteriaSet;
use crate::error::{NtmError, Problem, Result};
use crate::input::cell::{Cell, ParseIssue, read_value};
use crate::input::header::{Headers, Role};
use crate::kind::ProblemKind;

/// A value as the caller holds it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Given<'a> {
    /// A typed value (a number, a verdict, a pair, missing), checked by the assessment.
    Value(Value),
    /// Text, read by the cell rule of every door (`92,5%`, `Đạt`).
    Text(&'a str),
}

/// One commune's values being gathered by key.
#[derive(Debug)]
pub struct Record<'s> {
    set: &'s CriteriaSet,
    headers: Option<Headers<'s>>,
    slots: Vec<Value>,
    given: Vec<bool>,
    parts: BTreeMap<usize, [Option<f64>; 2]>,
    key_problems: Vec<Problem>,
    read_problems: Vec<Problem>,
}

/// The values of a record, and the problems of its keys and of the values that could not be read
/// ([`RecordValues::check`] reports them with the assessment's).
#[derive(Debug, Clone, PartialEq)]
pub struct RecordValues {
    /// The values in set order (`values[i]` is indicator `i`); a value that could not be read is
    /// missing here.
    pub values: Vec<Value>,
    key_problems: Vec<Problem>,
    read_problems: Vec<Problem>,
}

impl<'s> Record<'s> {
    /// An empty record for `set`.
    pub fn new(set: &'s CriteriaSet) -> Record<'s> {
        let n = set.indicator_count();
        Record {
            set,
            headers: None,
            slots: vec![Value::Missing; n],
            given: vec![false; n],
            parts: BTreeMap::new(),
            key_problems: Vec::new(),
            read_problems: Vec::new(),
        }
    }

    /// The role of a key: an indicator or a component of one, or the problem of the key (an
    /// unknown one, with the nearest names; a table column such as `region`, `not_an_indicator`).
    /// A caller may remember the role of a key it sees again and give it to [`Record::put`].
    pub fn role(&mut self, key: &str) -> std::result::Result<Role, Problem> {
        if let Ok(i) = self.set.indicator_index(key) {
            return Ok(Role::Indicator(i));
        }
        let headers = self.headers.get_or_insert_with(|| Headers::for_set(self.set));
        match headers.role(key) {
            Ok(r @ (Role::Indicator(_) | Role::Component(..))) => Ok(r),
            Ok(_) => Err(Problem::new(
                key,
                ProblemKind::NotAnIndicator,
                format!(
                    "{key:?} is a table column, not an indicator: give indicator values only (the region, commune group and ĐBKK flag apart)"
                ),
            )
            .with_input(key)),
            Err(e) => Err(Problem::new(key, e.kind, e.message).with_input(key)),
        }
    }

    /// Adds the value of a key: [`Record::role`], then [`Record::put`].
    pub fn add(&mut self, key: &str, value: Given<'_>) {
        match self.role(key) {
            Ok(role) => self.put(key, role, value),
            Err(p) => self.key_problems.push(p),
        }
    }

    /// Adds a key whose problem the caller found (a key that is not text, say).
    pub fn refuse_key(&mut self, problem: Problem) {
        self.key_problems.push(problem);
    }

    /// Adds a value the caller could not read (an object of no known type, say).
    pub fn refuse_value(&mut self, problem: Problem) {
        self.read_problems.push(problem);
    }

    /// Adds the value of a key whose role is known.
    pub fn put(&mut self, key: &str, role: Role, value: Given<'_>) {
        match role {
            Role::Indicator(i) => self.put_indicator(key, i, value),
            Role::Component(i, k) => self.put_component(key, i, k, value),
            _ => self.add(key, value),
        }
    }

    fn put_indicator(&mut self, key: &str, i: usize, value: Given<'_>) {
        let Some(slot) = self.slots.get_mut(i) else { return };
        if std::mem::replace(&mut self.given[i], true) {
            let p = Problem::new(key, ProblemKind::DuplicateIndicator, "the indicator is given twice");
            self.key_problems.push(p.with_input(given_text(&value)));
            return;
        }
        match value {
            Given::Value(v) => *slot = v,
            Given::Text(t) => match read_value(Cell::Text(t), self.set.indicator_at(i)) {
                Ok(v) => *slot = v,
                Err(e) => self.read_problems.push(issue(key, e, t)),
            },
        }
    }

    fn put_component(&mut self, key: &str, i: usize, k: usize, value: Given<'_>) {
        let x = match value {
            Given::Value(Value::Number(x)) => x,
            Given::Value(Value::Missing) => f64::NAN,
            Given::Text(t) => match crate::input::cell::read_component(Cell::Text(t), self.set.indicator_at(i).unit) {
                Ok(x) => x.unwrap_or(f64::NAN),
                Err(e) => return self.read_problems.push(issue(key, e, t)),
            },
            Given::Value(v) => {
                let p = Problem::new(key, ProblemKind::NotANumber, "a component takes one number");
                return self.read_problems.push(p.with_input(crate::assess::value_text(v)));
            }
        };
        let part = &mut self.parts.entry(i).or_default()[k & 1];
        if part.replace(x).is_some() {
            let p = Problem::new(key, ProblemKind::DuplicateIndicator, "the component is given twice");
            self.key_problems.push(p.with_input(given_text(&value)));
        }
    }

    /// The values, with the problems found so far (the values of bad keys are left out, so that
    /// the assessment still checks the others).
    pub fn values(mut self) -> RecordValues {
        self.pairs();
        RecordValues { values: self.slots, key_problems: self.key_problems, read_problems: self.read_problems }
    }

    /// The two numbers of each two-part indicator given by its component keys: both numbers, or
    /// both missing; never together with the indicator's own key.
    fn pairs(&mut self) {
        for (i, [a, b]) in std::mem::take(&mut self.parts) {
            let ind = self.set.indicator_at(i);
            let id = ind.id.clone();
            if self.given[i] {
                let msg = "both the indicator and its components are given";
                self.key_problems.push(Problem::new(id, ProblemKind::DuplicateIndicator, msg));
                continue;
            }
            match (a, b) {
                (Some(a), Some(b)) if a.is_nan() && b.is_nan() => self.slots[i] = Value::Missing,
                (Some(a), Some(b)) if !a.is_nan() && !b.is_nan() => self.slots[i] = Value::Pair(a, b),
                _ => {
                    let comps = ind.components.clone().unwrap_or_default();
                    let missing = if a.is_none_or(f64::is_nan) { 0 } else { 1 };
                    let name = comps.get(missing).cloned().unwrap_or_default();
                    let msg = format!(
                        "indicator {id} has one of its two numbers: give both {:?} and {:?}, or neither",
                        comps.first().cloned().unwrap_or_default(),
                        comps.get(1).cloned().unwrap_or_default()
                    );
                    self.read_problems.push(Problem::new(format!("{id}:{name}"), ProblemKind::MissingComponent, msg));
                }
            }
        }
    }
}

impl RecordValues {
    /// The result of assessing these values (`result`), with every problem: those of the keys
    /// first, in the order given, then the values that could not be read and the assessment's
    /// problems, in set order.
    pub fn check<T>(self, set: &CriteriaSet, result: Result<T>) -> Result<T> {
        if self.key_problems.is_empty() && self.read_problems.is_empty() {
            return result;
        }
        let mut problems = self.read_problems;
        match result {
            Ok(_) => {}
            Err(NtmError::Validation { problems: more, .. }) => problems.extend(more),
            Err(e) => return Err(e),
        }
        let headers = Headers::for_set(set);
        let position = |p: &Problem| {
            let id = p.loc.split(':').next().unwrap_or(&p.loc);
            set.indicator_index(id).ok().or_else(|| match headers.role(&p.loc) {
                Ok(Role::Indicator(i) | Role::Component(i, _)) => Some(i),
                _ => None,
            })
        };
        problems.sort_by_key(|p| position(p).unwrap_or(usize::MAX));
        let mut all = self.key_problems;
        all.append(&mut problems);
        let problems = all;
        Err(NtmError::validation("indicator values", problems))
    }
}

fn issue(key: &str, e: ParseIssue, text: &str) -> Problem {
    Problem::new(key, e.kind, e.message).with_input(text)
}

fn given_text(v: &Given<'_>) -> String {
    match v {
        Given::Value(v) => crate::assess::value_text(*v),
        Given::Text(t) => (*t).to_string(),
    }
}
