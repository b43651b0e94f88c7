//! Tables of plain rows: the planning, comparison, status and audit outputs shown as named,
//! ordered columns (a frame in Python, an HTML table in a notebook).
//!
//! Each row type names its columns once ([`Tabular::COLUMNS`]); a [`Table`] holds the rows as
//! JSON objects in that column order, adds the criteria's names beside a `number` column, and
//! flattens nested objects into columns of their own.
//!
//! ```
//! use ntm_criteria::table::{Table, Tabular};
//! use ntm_criteria::{CommuneTable, CriteriaSet, MissedCriterion};
//! let csv = "code,criteria_met\nA,1;2;3;4;5;6;7;8;9;10;11;12;13;14;15;16;18;19\n";
//! let t = CommuneTable::from_csv_reader(csv.as_bytes(), "t.csv", 19)?;
//! let set = CriteriaSet::bundled("2016-2020")?;
//! let missed = Table::of("most_missed", &t.most_missed()?)?.with_names(Some(&set.criterion_names()));
//! assert_eq!(&missed.columns[..3], ["rank", "number", "name_vi"]);
//! assert_eq!(missed.rows[0]["number"], 17);
//! assert_eq!(missed.rows[0]["name_en"], "Environment and food safety");
//! assert_eq!(MissedCriterion::COLUMNS.len() + 2, missed.columns.len());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use serde::Serialize;
use serde_json::{Map, Value};

use crate::communes::RecognitionLevel;
use crate::fixed::Fixed;
use crate::plan::{CriterionNeed, MissedCriterion, NearCommune};
use crate::rollup::RollupRow;
use crate::snapshot::{BandChange, CommuneChange, CriterionChange, Merger, UnmatchedCommune};
use crate::status::StatusRow;

/// A row type shown as a table.
pub trait Tabular: Serialize {
    /// The columns a table of these rows shows, in order.
    const COLUMNS: &'static [&'static str];
}

macro_rules! tabular {
    ($($ty:ty => [$($c:literal),* $(,)?];)*) => {
        $(impl Tabular for $ty {
            const COLUMNS: &'static [&'static str] = &[$($c),*];
        })*
    };
}

tabular! {
    NearCommune => ["code", "name", "district", "met_count", "missing_count", "missing", "recognition"];
    MissedCriterion => ["rank", "number", "missed", "share", "missed_near", "share_near"];
    CriterionNeed => ["number", "communes"];
    StatusRow => ["status", "label_vi", "label_en", "communes", "codes"];
    RollupRow => ["key", "villages", "meeting", "recognised", "all_meeting"];
    CommuneChange => [
        "code", "name", "before_code", "met_before", "met_after", "change", "gained", "lost",
        "recognition_before", "recognition_after", "reached_standard", "fell_from_standard",
    ];
    Merger => ["code", "name", "predecessors", "met_before", "met_after", "meets_all", "any_predecessor_met_all"];
    UnmatchedCommune => ["code", "name", "district", "met_count", "recognition", "mapped_to"];
    BandChange => ["label_vi", "label_en", "lo", "hi", "before", "after", "change"];
    CriterionChange => ["number", "before", "after", "change", "gained", "lost"];
}

/// The columns a criterion's names add beside its `number`.
pub const NAME_COLUMNS: [&str; 2] = ["name_vi", "name_en"];

/// Rows with named columns, in order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Table {
    /// What the table is (`"most_missed"`, `"findings"`, …).
    pub name: String,
    /// The columns, in order.
    pub columns: Vec<String>,
    /// The rows, as their JSON objects (a row may lack a column: the cell is empty).
    pub rows: Vec<Map<String, Value>>,
}

impl Table {
    /// A table of rows of a [`Tabular`] type, with its columns.
    ///
    /// ```
    /// use ntm_criteria::table::Table;
    /// use ntm_criteria::CommuneTable;
    /// let t = CommuneTable::from_csv_reader("code,met_count\nA,17\nB,19\n".as_bytes(), "t", 19)?;
    /// let near = Table::of("nearest_to_standard", &t.nearest_to_standard(5))?;
    /// assert_eq!((near.rows.len(), near.rows[0]["code"].as_str()), (1, Some("A")));
    /// assert_eq!(near.columns[3], "met_count");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn of<T: Tabular>(name: &str, rows: &[T]) -> serde_json::Result<Table> {
        Table::new(name, T::COLUMNS, rows)
    }

    /// A table of any serializable rows, with the columns given; a row that does not serialize
    /// to an object is an error.
    ///
    /// ```
    /// use ntm_criteria::table::Table;
    /// let t = Table::new("t", &["a"], &[serde_json::json!({"a": 1})])?;
    /// assert_eq!(t.rows[0]["a"], 1);
    /// assert!(Table::new("t", &["a"], &[1]).is_err());
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn new<T: Serialize>(name: &str, columns: &[&str], rows: &[T]) -> serde_json::Result<Table> {
        let rows = rows
            .iter()
            .map(|r| match serde_json::to_value(r)? {
                Value::Object(m) => Ok(m),
                other => Err(serde::ser::Error::custom(format!("a row of {name} is not an object: {other}"))),
            })
            .collect::<serde_json::Result<Vec<_>>>()?;
        Ok(Table { name: name.to_string(), columns: columns.iter().map(|c| c.to_string()).collect(), rows })
    }

    /// The table with each row's criterion names (`name_vi`, `name_en`, from `names[number -
    /// 1]`) in columns after `number`; `None` leaves it as it is. A number without a name gets
    /// empty cells.
    ///
    /// ```
    /// use ntm_criteria::table::Table;
    /// let names = [("Quy hoạch".to_string(), "Planning".to_string())];
    /// let t = Table::new("t", &["number", "missed"], &[serde_json::json!({"number": 1, "missed": 3})])?;
    /// let t = t.with_names(Some(&names));
    /// assert_eq!(t.columns, ["number", "name_vi", "name_en", "missed"]);
    /// assert_eq!(t.rows[0]["name_vi"], "Quy hoạch");
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn with_names(mut self, names: Option<&[(String, String)]>) -> Table {
        let Some(names) = names else { return self };
        for row in &mut self.rows {
            let number = row.get("number").and_then(Value::as_u64).and_then(|n| usize::try_from(n).ok());
            let c = number.and_then(|n| n.checked_sub(1)).and_then(|i| names.get(i));
            row.insert(NAME_COLUMNS[0].into(), c.map_or(Value::Null, |c| Value::from(c.0.clone())));
            row.insert(NAME_COLUMNS[1].into(), c.map_or(Value::Null, |c| Value::from(c.1.clone())));
        }
        let at = self.columns.iter().position(|c| c == "number").map_or(self.columns.len(), |i| i + 1);
        for (i, n) in NAME_COLUMNS.iter().enumerate() {
            self.columns.insert(at + i, n.to_string());
        }
        self
    }

    /// The cell of `row` in `column` (`Null` when the row lacks it).
    ///
    /// ```
    /// use ntm_criteria::table::Table;
    /// let t = Table::new("t", &["a", "b"], &[serde_json::json!({"a": 1})])?;
    /// assert_eq!((Table::cell(&t.rows[0], "a"), Table::cell(&t.rows[0], "b")), (&1.into(), &serde_json::Value::Null));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn cell<'a>(row: &'a Map<String, Value>, column: &str) -> &'a Value {
        row.get(column).unwrap_or(&Value::Null)
    }

    /// The table as flat columns, for a frame: `(column, key, cells)`, where `key` names the
    /// cells' field. A column whose cells are objects (other than [`Fixed`] numbers) becomes one
    /// column per key, named by the key (`column.key` when the key is also a column's name).
    ///
    /// ```
    /// use ntm_criteria::table::Table;
    /// let t = Table::new("t", &["kind", "numbers"], &[serde_json::json!({"kind": "x", "numbers": {"stated": 7}})])?;
    /// let flat = t.flat_columns();
    /// let names: Vec<&str> = flat.iter().map(|(name, _, _)| name.as_str()).collect();
    /// assert_eq!(names, ["kind", "stated"]);
    /// assert_eq!(flat[1].2, [&serde_json::json!(7)]);
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn flat_columns(&self) -> Vec<(String, String, Vec<&Value>)> {
        let mut out = Vec::new();
        for c in &self.columns {
            let nested = self.rows.iter().any(|r| matches!(r.get(c), Some(Value::Object(m)) if !fixed_shape(m)));
            if !nested {
                out.push((c.clone(), c.clone(), self.rows.iter().map(|r| Table::cell(r, c)).collect()));
                continue;
            }
            let mut keys: Vec<&String> =
                self.rows.iter().filter_map(|r| r.get(c).and_then(Value::as_object)).flat_map(|m| m.keys()).collect();
            keys.sort();
            keys.dedup();
            for k in keys {
                let name = if self.columns.contains(k) { format!("{c}.{k}") } else { k.clone() };
                let cells = self
                    .rows
                    .iter()
                    .map(|r| r.get(c).and_then(Value::as_object).and_then(|m| m.get(k)).unwrap_or(&Value::Null))
                    .collect();
                out.push((name, k.clone(), cells));
            }
        }
        out
    }

    /// The table as HTML (its first 20 rows), each cell's text given by `shown(column, cell)`
    /// and escaped.
    ///
    /// ```
    /// use ntm_criteria::table::Table;
    /// let t = Table::new("t", &["a"], &[serde_json::json!({"a": "<b>"})])?;
    /// let h = t.html(|_, v| Ok::<_, ()>(v.as_str().unwrap_or("").to_string())).unwrap();
    /// assert!(h.contains("<td>&lt;b&gt;</td>") && h.contains("<th>a</th>"));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn html<E>(&self, mut shown: impl FnMut(&str, &Value) -> Result<String, E>) -> Result<String, E> {
        use crate::html::escape;
        let mut h = format!(
            "<div class=\"ntm-table\"><p><code>{}</code>: {} rows</p><table><thead><tr>",
            escape(&self.name),
            self.rows.len()
        );
        for c in &self.columns {
            h.push_str(&format!("<th>{}</th>", escape(c)));
        }
        h.push_str("</tr></thead><tbody>");
        for r in self.rows.iter().take(20) {
            h.push_str("<tr>");
            for c in &self.columns {
                h.push_str(&format!("<td>{}</td>", escape(&shown(c, Table::cell(r, c))?)));
            }
            h.push_str("</tr>");
        }
        if self.rows.len() > 20 {
            h.push_str(&format!("<tr><td colspan=\"{}\">…</td></tr>", self.columns.len()));
        }
        h.push_str("</tbody></table></div>");
        Ok(h)
    }
}

/// A [`Fixed`] number as its JSON object (`{"units", "scale"}`) gives it back; `None` for any
/// other value.
///
/// ```
/// use ntm_criteria::{table::fixed, Fixed};
/// let share = serde_json::to_value(Fixed::ratio(1, 3, 2)).unwrap();
/// assert_eq!(fixed(&share).map(|f| f.to_string()).as_deref(), Some("0.33"));
/// assert_eq!(fixed(&serde_json::json!({"units": 1})), None);
/// ```
pub fn fixed(v: &Value) -> Option<Fixed> {
    use serde::Deserialize;
    match v {
        Value::Object(m) if fixed_shape(m) => Fixed::deserialize(v).ok(),
        _ => None,
    }
}

/// Whether an object has the fields of a [`Fixed`] number (what [`fixed`] reads, without
/// reading it).
fn fixed_shape(m: &Map<String, Value>) -> bool {
    m.len() == 2 && m.contains_key("units") && m.contains_key("scale")
}

/// The code a recognition level shows in a table or a dict (`""`, `ntm`, `nang_cao`,
/// `kieu_mau`: [`RecognitionLevel::as_str`]) for a text under a `recognition…` field as JSON
/// writes it (`"none"` for not recognised); `None` for any other field or text.
///
/// ```
/// use ntm_criteria::table::level_code;
/// assert_eq!(level_code("recognition_before", "none"), Some(""));
/// assert_eq!(level_code("recognition", "nang_cao"), Some("nang_cao"));
/// assert_eq!(level_code("name", "none"), None);
/// ```
pub fn level_code(field: &str, text: &str) -> Option<&'static str> {
    if !field.starts_with("recognition") {
        return None;
    }
    serde_json::from_value::<RecognitionLevel>(Value::from(text)).ok().map(RecognitionLevel::as_str)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn table(rows: Vec<Value>) -> Table {
        Table::new("t", &["number", "numbers", "units"], &rows).unwrap()
    }

    #[test]
    fn nested_objects_become_columns_and_fixed_numbers_do_not() {
        let share = serde_json::to_value(Fixed::ratio(1, 3, 2)).unwrap();
        let t = table(vec![
            json!({"number": 1, "numbers": {"units": 5, "stated": 7}, "units": share}),
            json!({"number": 2, "numbers": null, "units": null}),
        ]);
        let flat = t.flat_columns();
        let names: Vec<&str> = flat.iter().map(|(n, _, _)| n.as_str()).collect();
        // `units` is also a column's name, so the nested key is qualified; `stated` is not.
        assert_eq!(names, ["number", "stated", "numbers.units", "units"]);
        assert_eq!(flat[1].2, [&json!(7), &Value::Null]);
        assert_eq!((flat[2].1.as_str(), flat[2].2[0]), ("units", &json!(5)));
        assert_eq!(fixed(flat[3].2[0]), Some(Fixed::ratio(1, 3, 2)));
    }

    #[test]
    fn names_go_after_number_and_an_unknown_number_gets_empty_cells() {
        let names = vec![("Quy hoạch".to_string(), "Planning".to_string())];
        let t = table(vec![json!({"number": 1}), json!({"number": 5}), json!({})]).with_names(Some(&names));
        assert_eq!(t.columns, ["number", "name_vi", "name_en", "numbers", "units"]);
        assert_eq!(t.rows[0]["name_en"], "Planning");
        assert_eq!((&t.rows[1]["name_vi"], &t.rows[2]["name_en"]), (&Value::Null, &Value::Null));
        assert_eq!(table(vec![]).with_names(None).columns.len(), 3);
    }

    #[test]
    fn html_escapes_and_stops_at_twenty_rows() {
        let rows: Vec<Value> = (0..25).map(|i| json!({"number": i, "numbers": "<b>"})).collect();
        let h = table(rows).html(|_, v| Ok::<_, ()>(v.to_string())).unwrap();
        assert_eq!(h.matches("<tr>").count(), 1 + 20 + 1); // the header, 20 rows, the "…" row
        assert!(h.contains("&quot;&lt;b&gt;&quot;") && !h.contains("<b>"));
        assert!(h.contains("<code>t</code>: 25 rows"));
    }

    #[test]
    fn a_row_that_is_not_an_object_is_refused() {
        assert!(Table::new("t", &["a"], &[1, 2]).is_err());
    }

    #[test]
    fn every_tabular_column_is_a_field_of_its_row() {
        let s = crate::CommuneTable::from_csv_reader("code,met_count\nA,17\n".as_bytes(), "t", 19).unwrap();
        let near = Table::of("n", &s.nearest_to_standard(1)).unwrap();
        assert!(NearCommune::COLUMNS.iter().all(|c| near.rows[0].contains_key(*c)));
        let gap = s.target_gap(1);
        let need = Table::of("p", &gap.per_criterion).unwrap();
        assert!(need.rows.iter().all(|r| CriterionNeed::COLUMNS.iter().all(|c| r.contains_key(*c))));
        let status = Table::of("s", &s.status_summary().rows()).unwrap();
        assert!(StatusRow::COLUMNS.iter().all(|c| status.rows[0].contains_key(*c)));
    }
}
