//! Reproduces the Lạng Sơn NTM progress report of July 2020 from the commune table.
//!
//! Run from the repository root:
//!
//! ```text
//! cargo run --example lang_son_2020 [path/to/communes.csv]
//! cargo run --example lang_son_2020 --features xlsx -- [path/to/communes.csv] --xlsx [lang_son_2020.xlsx]
//! ```
//!
//! With `--xlsx`, it also writes the report workbook (four sheets: summary, districts, criteria,
//! communes; `ntm_criteria::workbook`), which needs the `xlsx` feature: the plain run stays a
//! small first build.
//!
//! The per-commune criteria lists in `examples/data/lang_son_2020.csv` are SYNTHETIC (no
//! per-commune table was published); they are generated so that the aggregates equal the
//! published ones. The sentence printed first must equal the published one byte for byte.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use ntm_criteria::{Banding, CommuneTable, CriteriaSet, Lang, RecognitionLevel, ReportOptions, SummaryOptions};

/// The command line: `[communes.csv] [--xlsx [out.xlsx]]`.
struct Args {
    path: PathBuf,
    xlsx: Option<PathBuf>,
}

fn args() -> Result<Args, String> {
    let mut path = None;
    let mut xlsx = None;
    let mut it = std::env::args_os().skip(1).peekable();
    while let Some(a) = it.next() {
        if a == "--xlsx" {
            let next = it.next_if(|n| !n.to_string_lossy().starts_with("--"));
            xlsx = Some(next.map(PathBuf::from).unwrap_or_else(|| PathBuf::from("lang_son_2020.xlsx")));
        } else if a.to_string_lossy().starts_with("--") || path.is_some() {
            return Err(format!("unexpected argument {a:?}: the arguments are [communes.csv] [--xlsx [out.xlsx]]"));
        } else {
            path = Some(PathBuf::from(a));
        }
    }
    let path = path.unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data/lang_son_2020.csv"));
    Ok(Args { path, xlsx })
}

/// Writes the report workbook of the table (`--xlsx`).
#[cfg(feature = "xlsx")]
fn write_xlsx(
    table: &CommuneTable,
    set: &CriteriaSet,
    banding: &Banding,
    out: &std::path::Path,
) -> Result<(), Box<dyn std::error::Error>> {
    use ntm_criteria::workbook::{ReportWorkbook, WorkbookOptions};
    let options = WorkbookOptions {
        place: Some("Lạng Sơn".into()),
        banding: Some(banding.clone()),
        report: ReportOptions::default().as_of("Đến hết tháng 7/2020"),
        ..WorkbookOptions::default()
    };
    ReportWorkbook::from_table(table, options)?.with_criteria(set)?.save(out)?;
    eprintln!("wrote {}", out.display());
    Ok(())
}

#[cfg(not(feature = "xlsx"))]
fn write_xlsx(
    _: &CommuneTable,
    _: &CriteriaSet,
    _: &Banding,
    _: &std::path::Path,
) -> Result<(), Box<dyn std::error::Error>> {
    Err("--xlsx writes the workbook with the `xlsx` feature: cargo run --example lang_son_2020 --features xlsx -- --xlsx".into())
}

fn run() -> Result<(), Box<dyn std::error::Error>> {
    let Args { path, xlsx } = args()?;
    let set = CriteriaSet::bundled("2016-2020")?;
    let table = CommuneTable::from_path(&path, set.criteria_count())?;
    // The seed labels its last band "từ 5-9".
    let banding = Banding::official().with_label(3, "từ 5-9", "5-9")?;
    let options = SummaryOptions::default();
    let summary = table.summary(&banding, options)?;
    if let Some(out) = &xlsx {
        write_xlsx(&table, set, &banding, out)?;
    }
    let mut out = std::io::stdout().lock();

    writeln!(out, "{}", summary.report(Lang::Vi, &ReportOptions::default().as_of("Đến hết tháng 7/2020")))?;
    writeln!(out)?;
    writeln!(out, "{}", summary.report(Lang::En, &ReportOptions::default().as_of("By the end of July 2020")))?;
    let recognised_2020 = table
        .rows
        .iter()
        .filter(|r| r.recognition.level != RecognitionLevel::None && r.recognition.year == Some(2020))
        .count();
    writeln!(out)?;
    writeln!(out, "Có {recognised_2020:02} xã được thẩm định công nhận đạt chuẩn nông thôn mới năm 2020.")?;

    writeln!(out)?;
    writeln!(out, "== Theo huyện / by district ==")?;
    // Grouped by district code, so that districts print in the official order.
    for ((_, district), s) in table.summary_by(|r| (r.district_code.clone(), r.district.clone()), &banding, options)? {
        writeln!(out, "{district} ({} xã): {}", s.communes, s.report(Lang::Vi, &ReportOptions::default()))?;
    }

    writeln!(out)?;
    writeln!(out, "== Số xã đạt từng tiêu chí / attainment per criterion ==")?;
    writeln!(out, "{:>3}  {:<48} {:>7} {:>8}", "TC", "Tiêu chí", "Số xã", "Tỷ lệ")?;
    if let Some(per) = &summary.per_criterion {
        for (c, crit) in per.iter().zip(set.criteria()) {
            writeln!(
                out,
                "{:>3}  {:<48} {:>3}/{:<3} {:>7}%",
                c.number,
                crit.name_vi,
                c.met,
                summary.communes,
                c.share.to_vi()
            )?;
        }
    }
    writeln!(
        out,
        "Tổng số tiêu chí đạt: {} / {} ({}%)",
        summary.total_criteria,
        summary.communes * u64::from(summary.criteria_count),
        summary.criteria_share.to_vi()
    )?;
    Ok(())
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        // A reader that stops early (`| head`) is not an error of the report.
        Err(e) if e.downcast_ref::<std::io::Error>().is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe) => {
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
