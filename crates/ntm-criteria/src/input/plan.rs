//! Step 1 of a read: every column's role, from its header, and the problems of the header row.

use crate::kind::ProblemKind;
use std::collections::BTreeMap;

use crate::catalog::CriteriaSet;
use crate::error::Problem;
use crate::input::header::{Headers, Role, header_key, looks_like_indicator};
use crate::input::{Problems, ReadOptions, SourceColumn};

/// The role of each column of a read (`None`: left out, by `ignore` or as a row number).
#[derive(Debug, Clone, Default)]
pub(crate) struct Plan {
    pub(crate) roles: Vec<Option<Role>>,
    /// Columns passed through to the output, in input order.
    pub(crate) passthrough: Vec<usize>,
}

impl Plan {
    /// The first column with this role.
    pub(crate) fn column(&self, role: Role) -> Option<usize> {
        self.roles.iter().position(|r| *r == Some(role))
    }

    /// Whether any column has a role matching `f`.
    pub(crate) fn any(&self, f: impl Fn(Role) -> bool) -> bool {
        self.roles.iter().flatten().any(|r| f(*r))
    }
}

/// A problem of the header row.
fn header_problem(options: &ReadOptions<'_>, loc: &str, kind: ProblemKind, msg: String) -> Problem {
    let p = Problem::new(loc, kind, msg);
    match options.header_row {
        Some(row) => p.at_row(row),
        None => p,
    }
}

/// Matches every header to its role; every problem of the header row is reported.
pub(crate) fn plan(columns: &[SourceColumn<'_>], options: &ReadOptions<'_>, problems: &mut Problems) -> Plan {
    let headers = Headers::for_read(options);
    let ignored: Vec<String> = options.ignore.iter().map(|s| header_key(s)).collect();
    let kept: Vec<String> = options.keep.iter().map(|s| header_key(s)).collect();
    let mut plan = Plan::default();
    let mut unknown_ids: Vec<String> = Vec::new();
    let explicit: Vec<Role> = columns.iter().filter_map(|c| options.explicit_role(&c.name)).collect();
    for (i, col) in columns.iter().enumerate() {
        let key = header_key(&col.name);
        let role = if let Some(role) = options.explicit_role(&col.name) {
            if let Some(p) = explicit_data_column(&headers, options, col.name.trim(), role) {
                problems.push(p);
            }
            Some(role)
        } else if ignored.contains(&key) || (key.is_empty() && i + 1 == columns.len()) {
            // Left out on request, or the empty last header of an Excel export's trailing comma.
            None
        } else if kept.contains(&key) {
            plan.passthrough.push(i);
            None
        } else {
            match headers.role(&col.name) {
                Ok(Role::RowNumber | Role::Derived) => None,
                // A column named for a role another column was explicitly given: passed through.
                Ok(role) if explicit.contains(&role) => {
                    plan.passthrough.push(i);
                    None
                }
                Ok(role) => Some(role),
                Err(_) if options.set.is_none() && looks_like_indicator(&col.name) => {
                    unknown_ids.push(col.name.trim().to_string());
                    None
                }
                // A summary reads what it knows of any frame.
                Err(e) if options.lenient && e.kind == "unknown_column" => None,
                Err(e) => {
                    problems
                        .push(header_problem(options, col.name.trim(), e.kind, e.message).with_input(col.name.clone()));
                    None
                }
            }
        };
        if role.is_some_and(Role::is_passthrough) {
            plan.passthrough.push(i);
        }
        plan.roles.push(role);
    }
    plan.passthrough.sort_unstable();
    if !unknown_ids.is_empty() {
        problems.push(indicator_columns_without_set(options, &unknown_ids));
    }
    check_duplicates(columns, &plan, options, problems);
    if let Some(set) = options.set {
        check_components(set, &plan, options, problems);
    }
    check_required(columns, &plan, options, problems);
    plan
}

/// A column a caller named as the id (or a key) that is also an indicator or criterion
/// column: refused, so that the indicator is never silently dropped from the assessment.
fn explicit_data_column(headers: &Headers<'_>, options: &ReadOptions<'_>, name: &str, role: Role) -> Option<Problem> {
    let data = headers
        .role(name)
        .ok()
        .filter(|r| matches!(r, Role::Indicator(_) | Role::Component(..) | Role::Criterion(_)))?;
    if data == role {
        return None;
    }
    let param = options.explicit_columns().find(|(_, c)| header_key(c) == header_key(name)).map_or("a key", |(p, _)| p);
    let what = match (data, options.set) {
        (Role::Indicator(i) | Role::Component(i, _), Some(set)) => {
            format!("indicator {} of set {}", set.indicator_at(i).id, set.id())
        }
        (Role::Criterion(k), _) => format!("the status of criterion {k}"),
        _ => "a data column".to_string(),
    };
    let msg = format!(
        "{param}={name:?} names {what}: name the column that holds the {} instead",
        param.trim_end_matches("_col").replace('_', " ")
    );
    Some(header_problem(options, name, ProblemKind::ConflictingColumn, msg).with_input(name.to_string()))
}

/// One problem for the criterion-level columns (`c1`…, `criteria_met`, `met_count`) of a read
/// with a set, which assesses indicator values: they would otherwise be left unread.
fn criteria_columns_with_set(
    columns: &[SourceColumn<'_>],
    plan: &Plan,
    set: &CriteriaSet,
    options: &ReadOptions<'_>,
    problems: &mut Problems,
) {
    let names: Vec<&str> = columns
        .iter()
        .enumerate()
        .filter(|(i, _)| {
            plan.roles
                .get(*i)
                .copied()
                .flatten()
                .is_some_and(|r| matches!(r, Role::Criterion(_) | Role::CriteriaMet | Role::MetCount))
        })
        .map(|(_, c)| c.name.trim())
        .collect();
    let Some(first) = names.first() else { return };
    let has_indicators = plan.any(|r| matches!(r, Role::Indicator(_) | Role::Component(..)));
    let n = set.criteria_count();
    let what = if has_indicators { "besides indicator values" } else { "and no indicator values" };
    let msg = format!(
        "the columns {} hold criterion statuses {what}: set {} assesses indicator values; read criterion statuses \
         without the set (read_communes(path, criteria_count={n}), CommuneTable::read with ReadOptions::criteria({n}))",
        names.join(", "),
        set.id()
    );
    problems.push(header_problem(options, first, ProblemKind::CriteriaWithSet, msg).with_input(names.join(", ")));
}

/// One problem for all the indicator columns of a read without a set (instead of one each).
fn indicator_columns_without_set(options: &ReadOptions<'_>, ids: &[String]) -> Problem {
    let shown: Vec<&str> = ids.iter().take(6).map(String::as_str).collect();
    let more = if ids.len() > shown.len() { format!(", … ({} columns)", ids.len()) } else { String::new() };
    header_problem(
        options,
        ids[0].as_str(),
        ProblemKind::NeedsCriteriaSet,
        format!(
            "the columns {}{more} look like indicator ids: read indicator values with a criteria set (read_communes(path, criteria_set=\"2016-2020\"), IndicatorTable::from_path)",
            shown.join(", ")
        ),
    )
    .with_input(ids.join(", "))
}

/// Two columns with the same role (`met_count` and `Met Count`, `Mã xã` and `code`).
fn check_duplicates(columns: &[SourceColumn<'_>], plan: &Plan, options: &ReadOptions<'_>, problems: &mut Problems) {
    let mut first: BTreeMap<Role, usize> = BTreeMap::new();
    for (i, role) in plan.roles.iter().enumerate() {
        let Some(role) = role else { continue };
        if let Some(&j) = first.get(role) {
            let msg =
                format!("{:?} and {:?} are the same column: keep one", columns[j].name.trim(), columns[i].name.trim());
            let loc = role.canonical().map(str::to_string).unwrap_or_else(|| columns[i].name.trim().to_string());
            problems.push(
                header_problem(options, &loc, ProblemKind::DuplicateColumn, msg).with_input(columns[i].name.clone()),
            );
        } else {
            first.insert(*role, i);
        }
    }
}

/// A two-part indicator needs both component columns, and not also a verdict column.
fn check_components(set: &CriteriaSet, plan: &Plan, options: &ReadOptions<'_>, problems: &mut Problems) {
    let mut by_ind: BTreeMap<usize, (bool, [bool; 2])> = BTreeMap::new();
    for role in plan.roles.iter().flatten() {
        match *role {
            Role::Indicator(i) => by_ind.entry(i).or_default().0 = true,
            Role::Component(i, k) => by_ind.entry(i).or_default().1[k & 1] = true,
            _ => {}
        }
    }
    for (idx, (whole, parts)) in by_ind {
        let ind = set.indicator_at(idx);
        let names = ind.components.clone().unwrap_or_default();
        if whole && (parts[0] || parts[1]) {
            let msg =
                format!("both a column {} (a verdict) and columns for its components: keep one or the other", ind.id);
            problems.push(header_problem(options, &ind.id, ProblemKind::DuplicateIndicator, msg));
        } else if parts[0] != parts[1] && names.len() == 2 {
            let missing = if parts[0] { &names[1] } else { &names[0] };
            let loc = format!("{}:{missing}", ind.id);
            let msg = format!("indicator {} needs both component columns; {loc} is missing", ind.id);
            problems.push(header_problem(options, &loc, ProblemKind::MissingComponent, msg).with_input(loc.clone()));
        }
    }
}

/// The columns a read cannot do without: criteria (or indicators) always, the code for a file,
/// every indicator when `require_all`, and the explicitly named columns.
fn check_required(columns: &[SourceColumn<'_>], plan: &Plan, options: &ReadOptions<'_>, problems: &mut Problems) {
    for (param, name) in options.explicit_columns() {
        let key = header_key(name);
        if !columns.iter().any(|c| header_key(&c.name) == key) {
            problems.push(
                Problem::new(param, ProblemKind::MissingColumn, format!("there is no column {name:?}"))
                    .with_input(name.to_string()),
            );
        }
    }
    // A file names its communes; a frame may not (its rows are numbered).
    if options.header_row.is_some() && plan.column(Role::Id).is_none() {
        problems.push(header_problem(
            options,
            "code",
            ProblemKind::MissingColumn,
            "the table needs a commune code column (code, Mã xã)".into(),
        ));
    }
    let has_data = plan.any(|r| {
        matches!(r, Role::CriteriaMet | Role::MetCount | Role::Criterion(_) | Role::Indicator(_) | Role::Component(..))
    });
    if !has_data && options.require_data {
        let msg = match options.set {
            Some(set) => format!("the table has no criteria_met, met_count or indicator columns of set {}", set.id()),
            None => "the table needs criteria_met, met_count or criterion columns (c1, TC1, Tiêu chí 1)".to_string(),
        };
        problems.push(header_problem(options, "criteria_met", ProblemKind::MissingColumn, msg));
    }
    if let Some(set) = options.set {
        criteria_columns_with_set(columns, plan, set, options, problems);
    }
    if let Some(req) = options.set.and_then(CriteriaSet::requires)
        && has_data
        && plan.column(Role::Recognition).is_none()
    {
        let msg = format!(
            "set {} applies only to units already recognised at level {}: the table needs a recognition column \
             (recognition, mức công nhận) holding ntm, nang_cao, kieu_mau, or nothing for a unit not recognised",
            options.set.map_or("", CriteriaSet::id),
            req.level.as_str()
        );
        problems.push(header_problem(options, "recognition", ProblemKind::MissingColumn, msg));
    }
    if let (true, Some(set)) = (options.require_all, options.set) {
        for (idx, ind) in set.indicators().enumerate() {
            if !plan.any(|r| matches!(r, Role::Indicator(i) | Role::Component(i, _) if i == idx)) {
                let hint = match &ind.components {
                    Some([x, y]) => format!(" (or {id}:{x} and {id}:{y})", id = ind.id),
                    None => String::new(),
                };
                let msg = format!("there is no column {}{hint}", ind.id);
                problems.push(header_problem(options, &ind.id, ProblemKind::MissingIndicator, msg));
            }
        }
    }
}
