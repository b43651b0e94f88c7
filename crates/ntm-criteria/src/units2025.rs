//! The 34 provincial units since 1/7/2025 (Resolution 202/2025/QH15), each formed from one or
//! more of the 63 provinces of 2008 – mid-2025, and the region of a place on a date.
//!
//! The data is `data/provinces_2025.csv`, copied from the project's reference
//! (`provinces_2025.csv`), with the sources of every row. Districts no longer exist after the
//! reform.

use std::sync::OnceLock;

use serde::Serialize;

use crate::error::{NtmError, Result};
use crate::region::{Province, Region, province, region_of};

/// The day the 34 units replaced the 63 provinces.
pub const MERGER_DATE: &str = "2025-07-01";

const UNITS_CSV: &str = include_str!("../data/provinces_2025.csv");

/// A provincial unit since 1/7/2025.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Unit {
    /// GSO code of the unit (that of the province whose name it kept).
    pub code: String,
    /// Name, without the kind of unit ("Hà Nội", not "Hà Nội (TP)").
    pub name: String,
    /// The provinces of 2008 – mid-2025 it was formed from (itself alone when unchanged).
    pub formed_from: Vec<&'static Province>,
    /// The regions of those provinces, each once, in their order: two for a unit that spans
    /// regions (Lâm Đồng: Central Highlands and South Central Coast).
    pub regions: Vec<Region>,
}

/// The 34 units, in code order.
///
/// ```
/// let units = ntm_criteria::units2025::units();
/// assert_eq!(units.len(), 34);
/// let lam_dong = units.iter().find(|u| u.name == "Lâm Đồng").unwrap();
/// let from: Vec<&str> = lam_dong.formed_from.iter().map(|p| p.name.as_str()).collect();
/// assert_eq!(from, ["Đắk Nông", "Bình Thuận", "Lâm Đồng"]);
/// assert_eq!(lam_dong.regions.len(), 2);
/// // Every one of the 63 provinces is in exactly one unit.
/// assert_eq!(units.iter().map(|u| u.formed_from.len()).sum::<usize>(), 63);
/// ```
pub fn units() -> &'static [Unit] {
    static U: OnceLock<Vec<Unit>> = OnceLock::new();
    U.get_or_init(|| {
        let mut rdr = csv::Reader::from_reader(UNITS_CSV.as_bytes());
        // The bundled file is checked by a unit test: every row parses, every name resolves.
        rdr.records()
            .filter_map(std::result::Result::ok)
            .filter_map(|r| unit_of(r.get(0)?, r.get(1)?, r.get(2)?))
            .collect()
    })
}

fn unit_of(code: &str, name: &str, formed_from: &str) -> Option<Unit> {
    let name = name.split(" (").next()?.trim().to_string();
    let parts: Vec<&str> =
        if formed_from.trim() == "unchanged" { vec![name.as_str()] } else { formed_from.split(" + ").collect() };
    let formed_from: Vec<&'static Province> = parts.iter().map(|p| province(p.trim())).collect::<Result<_>>().ok()?;
    let mut regions: Vec<Region> = Vec::new();
    for p in &formed_from {
        if !regions.contains(&p.region) {
            regions.push(p.region);
        }
    }
    Some(Unit { code: code.to_string(), name, formed_from, regions })
}

/// The unit of a name or code since 1/7/2025 ("Lâm Đồng", "lam dong", "Tỉnh Lâm Đồng", "68",
/// "TP Hồ Chí Minh"); `None` for a name that is not one of the 34.
///
/// ```
/// use ntm_criteria::units2025::unit;
/// assert_eq!(unit("tp hồ chí minh").map(|u| u.code.as_str()), Some("79"));
/// assert!(unit("Hà Giang").is_none()); // merged into Tuyên Quang
/// ```
pub fn unit(input: &str) -> Option<&'static Unit> {
    let p = province(input).ok()?;
    units().iter().find(|u| {
        u.formed_from.iter().any(|f| f.code == p.code) && crate::text::fold(&u.name) == crate::text::fold(&p.name)
    })
}

/// Whether `date` (`YYYY-MM-DD`, checked) is on or after the reform of 1/7/2025.
fn after_reform(date: &str) -> Result<bool> {
    crate::snapshot::check_date(date)?;
    Ok(date.trim() >= MERGER_DATE)
}

/// The region of a place on a date. Before 1/7/2025 this is [`region_of`]: the 63 provinces.
/// From that day, a name of one of the 34 units means that unit: its region when it has one, and
/// [`NtmError::AmbiguousRegion`] when it spans two (give the former province, or the region). A
/// former province's name still gives its region. A region code or name is accepted throughout.
///
/// ```
/// use ntm_criteria::{NtmError, Region};
/// use ntm_criteria::units2025::region_on;
/// assert_eq!(region_on("Lâm Đồng", "2024-12-31")?, Region::CentralHighlands);
/// let err = region_on("Lâm Đồng", "2026-03-01").unwrap_err();
/// assert!(matches!(err, NtmError::AmbiguousRegion { .. }), "{err}");
/// assert!(err.to_string().contains("Bình Thuận"), "{err}");
/// assert_eq!(region_on("Bình Thuận", "2026-03-01")?, Region::SouthCentralCoast); // the former province
/// assert_eq!(region_on("Tuyên Quang", "2026-03-01")?, Region::NorthernMidlandsMountains);
/// assert!(region_on("Lâm Đồng", "1/3/2026").is_err());
/// # Ok::<(), NtmError>(())
/// ```
pub fn region_on(input: &str, date: &str) -> Result<Region> {
    if !after_reform(date)? {
        return region_of(input);
    }
    if let Ok(r) = Region::parse(input) {
        return Ok(r);
    }
    match unit(input) {
        Some(u) if u.regions.len() == 1 => Ok(u.regions[0]),
        Some(u) => Err(NtmError::AmbiguousRegion {
            input: input.to_string(),
            unit: u.name.clone(),
            formed_from: u.formed_from.iter().map(|p| format!("{} ({})", p.name, p.region.name_vi())).collect(),
        }),
        None => region_of(input),
    }
}

/// The provinces in force on a date: the 63 before 1/7/2025, the 34 units from that day, as
/// `(code, name, region)` (`None` for a unit that spans regions).
///
/// ```
/// use ntm_criteria::units2025::provinces_on;
/// assert_eq!(provinces_on("2025-06-30")?.len(), 63);
/// let now = provinces_on("2026-12-02")?;
/// assert_eq!(now.len(), 34);
/// assert!(now.iter().any(|(_, name, region)| name == "Lâm Đồng" && region.is_none()));
/// # Ok::<(), ntm_criteria::NtmError>(())
/// ```
pub fn provinces_on(date: &str) -> Result<Vec<(String, String, Option<Region>)>> {
    if !after_reform(date)? {
        return Ok(crate::provinces().iter().map(|p| (p.code.clone(), p.name.clone(), Some(p.region))).collect());
    }
    Ok(units().iter().map(|u| (u.code.clone(), u.name.clone(), (u.regions.len() == 1).then(|| u.regions[0]))).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_row_of_the_bundled_file_is_a_unit() {
        let rows = UNITS_CSV.lines().skip(1).filter(|l| !l.trim().is_empty()).count();
        assert_eq!(units().len(), rows);
        assert_eq!(rows, 34);
        let mut codes: Vec<&str> = units().iter().flat_map(|u| u.formed_from.iter().map(|p| p.code.as_str())).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), 63, "each old province in exactly one unit");
        assert_eq!(
            units().iter().filter(|u| u.regions.len() > 1).count(),
            7,
            "{:?}",
            units().iter().filter(|u| u.regions.len() > 1).map(|u| &u.name).collect::<Vec<_>>()
        );
    }
}
