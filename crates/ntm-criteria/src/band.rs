//! Bands of communes by number of criteria met (nhóm xã theo số tiêu chí đạt).

use serde::{Deserialize, Serialize};

use crate::error::{NtmError, Result};

/// The number of criteria assumed when none is given: the 19 of the 2016-2020 and 2021-2025
/// sets, which the published reports and most office tables count (the 2026-2030 set has 10,
/// and says so itself).
///
/// ```
/// assert_eq!(ntm_criteria::DEFAULT_CRITERIA_COUNT, ntm_criteria::CriteriaSet::bundled("2016-2020")?.criteria_count());
/// # Ok::<(), ntm_criteria::NtmError>(())
/// ```
pub const DEFAULT_CRITERIA_COUNT: u32 = 19;

/// A number of criteria as a user gives it: 1 to 32 (a criteria mask has 32 bits), refused
/// otherwise, never clamped.
///
/// ```
/// assert_eq!(ntm_criteria::criteria_count(19)?, 19);
/// let e = ntm_criteria::criteria_count(33).unwrap_err();
/// assert!(e.to_string().contains("1 to 32"), "{e}");
/// # Ok::<(), ntm_criteria::NtmError>(())
/// ```
pub fn criteria_count(n: i64) -> Result<u32> {
    u32::try_from(n).ok().filter(|n| (1..=32).contains(n)).ok_or_else(|| NtmError::InvalidArgument {
        argument: "criteria_count".into(),
        reason: format!("{n} criteria: a table holds 1 to 32 criteria"),
    })
}

/// One band: communes meeting `lo..=hi` criteria, with its report labels.
///
/// ```
/// use ntm_criteria::Band;
/// let b = Band::new(15, 18, "15-18", "15-18");
/// assert!(b.contains(16));
/// assert!(!b.contains(19));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Band {
    /// Lowest count in the band.
    pub lo: u32,
    /// Highest count in the band.
    pub hi: u32,
    /// Vietnamese label used in reports ("15-18", "dưới 5", "từ 5-9").
    pub label_vi: String,
    /// English label ("15-18", "fewer than 5", "all 19").
    pub label_en: String,
}

impl Band {
    /// A band with its labels.
    ///
    /// ```
    /// assert_eq!(ntm_criteria::Band::new(0, 4, "dưới 5", "fewer than 5").hi, 4);
    /// ```
    pub fn new(lo: u32, hi: u32, label_vi: &str, label_en: &str) -> Band {
        Band { lo, hi, label_vi: label_vi.to_string(), label_en: label_en.to_string() }
    }

    /// Whether `count` falls in the band.
    ///
    /// ```
    /// assert!(ntm_criteria::Band::new(5, 9, "5-9", "5-9").contains(5));
    /// ```
    pub fn contains(&self, count: u32) -> bool {
        self.lo <= count && count <= self.hi
    }
}

/// A validated list of bands over `0..=max`: no overlaps, and full coverage unless partial.
///
/// ```
/// use ntm_criteria::{Band, Banding};
/// let official = Banding::official();
/// assert_eq!(official.band_of(16).map(|b| b.label_vi.as_str()), Some("15-18"));
///
/// // Thừa Thiên Huế 2019 used 8-9 and "dưới 8".
/// let hue = Banding::new(vec![
///     Band::new(19, 19, "19", "all 19"),
///     Band::new(15, 18, "15-18", "15-18"),
///     Band::new(10, 14, "10-14", "10-14"),
///     Band::new(8, 9, "8-9", "8-9"),
///     Band::new(0, 7, "dưới 8", "fewer than 8"),
/// ], 19, false)?;
/// assert_eq!(hue.bands().len(), 5);
///
/// // Overlaps are refused.
/// assert!(Banding::new(vec![Band::new(10, 15, "a", "a"), Band::new(15, 19, "b", "b")], 19, true).is_err());
/// Ok::<(), ntm_criteria::NtmError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "BandingRepr", into = "BandingRepr")]
pub struct Banding {
    bands: Vec<Band>,
    max: u32,
    partial: bool,
    /// `lookup[count]` = band index, or `u8::MAX` when no band holds the count.
    lookup: Vec<u8>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct BandingRepr {
    bands: Vec<Band>,
    max: u32,
    #[serde(default)]
    partial: bool,
}

impl TryFrom<BandingRepr> for Banding {
    type Error = NtmError;
    fn try_from(r: BandingRepr) -> Result<Banding> {
        Banding::new(r.bands, r.max, r.partial)
    }
}

impl From<Banding> for BandingRepr {
    fn from(b: Banding) -> BandingRepr {
        BandingRepr { bands: b.bands, max: b.max, partial: b.partial }
    }
}

impl Default for Banding {
    fn default() -> Self {
        Banding::official()
    }
}

impl Banding {
    /// Validates and builds a banding over `0..=max`. With `partial = false` every count
    /// `0..=max` must fall in exactly one band; with `partial = true` gaps are allowed
    /// ("from 14 up") but overlaps never are. Bands keep the given order (the report order).
    ///
    /// ```
    /// use ntm_criteria::{Band, Banding};
    /// // A partial banding: only communes with at least 15 criteria are banded.
    /// let near = Banding::new(vec![Band::new(19, 19, "19", "all 19"), Band::new(15, 18, "15-18", "15-18")], 19, true)?;
    /// assert_eq!(near.index_of(16), Some(1));
    /// assert_eq!(near.index_of(14), None);
    /// // The same bands without `partial` leave 0..=14 uncovered: refused.
    /// assert!(Banding::new(near.bands().to_vec(), 19, false).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(bands: Vec<Band>, max: u32, partial: bool) -> Result<Banding> {
        if max > 32 {
            return Err(NtmError::Banding { reason: format!("at most 32 criteria, got {max}") });
        }
        if bands.is_empty() {
            return Err(NtmError::Banding { reason: "no bands".into() });
        }
        if bands.len() >= u8::MAX as usize {
            return Err(NtmError::Banding { reason: "too many bands".into() });
        }
        let mut lookup = vec![u8::MAX; max as usize + 1];
        for (i, b) in bands.iter().enumerate() {
            if b.lo > b.hi {
                return Err(NtmError::Banding {
                    reason: format!("band {:?}: lo {} is above hi {}", b.label_vi, b.lo, b.hi),
                });
            }
            if b.hi > max {
                return Err(NtmError::Banding {
                    reason: format!("band {:?} goes to {}, above {max}", b.label_vi, b.hi),
                });
            }
            for c in b.lo..=b.hi {
                let slot = &mut lookup[c as usize];
                if *slot != u8::MAX {
                    return Err(NtmError::Banding {
                        reason: format!(
                            "bands {:?} and {:?} overlap at {c}",
                            bands[*slot as usize].label_vi, b.label_vi
                        ),
                    });
                }
                *slot = i as u8;
            }
        }
        if !partial && let Some(c) = lookup.iter().position(|&s| s == u8::MAX) {
            return Err(NtmError::Banding {
                reason: format!("no band holds {c} criteria (declare the banding partial to allow gaps)"),
            });
        }
        Ok(Banding { bands, max, partial, lookup })
    }

    /// The official banding of provincial reports for 19 criteria: 19; 15-18; 10-14; 5-9; under 5.
    ///
    /// ```
    /// let labels: Vec<_> = ntm_criteria::Banding::official().bands().iter().map(|b| b.label_vi.clone()).collect();
    /// assert_eq!(labels, ["19", "15-18", "10-14", "5-9", "dưới 5"]);
    /// ```
    pub fn official() -> Banding {
        Banding::default_for(19)
    }

    /// The banding to use for `criteria_count` criteria: the one given, checked to cover that
    /// many ([`Banding::check_criteria_count`]), or else the default one for that count
    /// ([`Banding::default_for`]). Every entry point that takes an optional banding uses this
    /// rule.
    ///
    /// ```
    /// use ntm_criteria::Banding;
    /// assert_eq!(Banding::given_or_default(None, 10)?, Banding::default_for(10));
    /// let official = Banding::official();
    /// assert_eq!(Banding::given_or_default(Some(&official), 19)?, official);
    /// assert!(Banding::given_or_default(Some(&official), 10).is_err()); // bands up to 19 of 10
    /// # Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn given_or_default(given: Option<&Banding>, criteria_count: u32) -> Result<Banding> {
        match given {
            Some(b) => b.check_criteria_count(criteria_count).map(|()| b.clone()),
            None => Ok(Banding::default_for(criteria_count)),
        }
    }

    /// [`Banding::given_or_default`] when the number of criteria may be unknown: it is then the
    /// given banding's own (its `max`), or else [`DEFAULT_CRITERIA_COUNT`].
    ///
    /// ```
    /// use ntm_criteria::Banding;
    /// assert_eq!(Banding::settled(None, None)?, Banding::official());
    /// assert_eq!(Banding::settled(None, Some(10))?, Banding::default_for(10));
    /// let ten = Banding::default_for(10);
    /// assert_eq!(Banding::settled(Some(&ten), None)?, ten);
    /// # Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn settled(given: Option<&Banding>, criteria_count: Option<u32>) -> Result<Banding> {
        let n = criteria_count.or(given.map(Banding::max)).unwrap_or(DEFAULT_CRITERIA_COUNT);
        Banding::given_or_default(given, n)
    }

    /// The default banding for a set of `n` criteria, refusing a count outside 1..=32 (see
    /// [`criteria_count`]) instead of clamping it as [`Banding::default_for`] does.
    ///
    /// ```
    /// use ntm_criteria::Banding;
    /// assert_eq!(Banding::checked_default_for(10)?, Banding::default_for(10));
    /// assert!(Banding::checked_default_for(0).is_err() && Banding::checked_default_for(33).is_err());
    /// # Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn checked_default_for(n: i64) -> Result<Banding> {
        criteria_count(n).map(Banding::default_for)
    }

    /// The default banding for a set of `n` criteria: the official one for 19; otherwise
    /// `n`; `5..=n-1`; under 5 (for `n <= 5`: `n`; under `n`). `n` is clamped to 1..=32: for a
    /// count that comes from a user, use [`Banding::checked_default_for`].
    ///
    /// ```
    /// let b = ntm_criteria::Banding::default_for(10);
    /// let labels: Vec<_> = b.bands().iter().map(|b| b.label_vi.clone()).collect();
    /// assert_eq!(labels, ["10", "5-9", "dưới 5"]);
    /// ```
    pub fn default_for(n: u32) -> Banding {
        let n = n.clamp(1, 32);
        let bands = if n == 19 {
            vec![
                Band::new(19, 19, "19", "all 19"),
                Band::new(15, 18, "15-18", "15-18"),
                Band::new(10, 14, "10-14", "10-14"),
                Band::new(5, 9, "5-9", "5-9"),
                Band::new(0, 4, "dưới 5", "fewer than 5"),
            ]
        } else if n > 5 {
            vec![
                Band::new(n, n, &n.to_string(), &format!("all {n}")),
                Band::new(5, n - 1, &format!("5-{}", n - 1), &format!("5-{}", n - 1)),
                Band::new(0, 4, "dưới 5", "fewer than 5"),
            ]
        } else {
            vec![
                Band::new(n, n, &n.to_string(), &format!("all {n}")),
                Band::new(0, n - 1, &format!("dưới {n}"), &format!("fewer than {n}")),
            ]
        };
        // These bands are valid by construction; fall back to a single band if not.
        Banding::new(bands, n, false).unwrap_or_else(|_| Banding {
            bands: vec![Band::new(0, n, "0-n", "0-n")],
            max: n,
            partial: false,
            lookup: vec![0; n as usize + 1],
        })
    }

    /// The bands, in report order.
    ///
    /// ```
    /// let official = ntm_criteria::Banding::official();
    /// let ranges: Vec<_> = official.bands().iter().map(|b| (b.lo, b.hi)).collect();
    /// assert_eq!(ranges, [(19, 19), (15, 18), (10, 14), (5, 9), (0, 4)]);
    /// ```
    pub fn bands(&self) -> &[Band] {
        &self.bands
    }

    /// The number of criteria the banding covers (`0..=max`).
    ///
    /// ```
    /// assert_eq!(ntm_criteria::Banding::official().max(), 19);
    /// ```
    pub fn max(&self) -> u32 {
        self.max
    }

    /// Whether gaps are allowed.
    ///
    /// ```
    /// assert!(!ntm_criteria::Banding::official().is_partial());
    /// ```
    pub fn is_partial(&self) -> bool {
        self.partial
    }

    /// The band index of a count, `None` when no band holds it.
    ///
    /// ```
    /// assert_eq!(ntm_criteria::Banding::official().index_of(19), Some(0));
    /// assert_eq!(ntm_criteria::Banding::official().index_of(25), None);
    /// ```
    #[inline]
    pub fn index_of(&self, count: u32) -> Option<usize> {
        match self.lookup.get(count as usize) {
            Some(&s) if s != u8::MAX => Some(s as usize),
            _ => None,
        }
    }

    /// The band of a count.
    ///
    /// ```
    /// assert_eq!(ntm_criteria::Banding::official().band_of(3).map(|b| b.lo), Some(0));
    /// ```
    pub fn band_of(&self, count: u32) -> Option<&Band> {
        self.index_of(count).map(|i| &self.bands[i])
    }

    /// The bands by index, for messages: `bands are numbered from 0: 0 "19", 1 "15-18", …`.
    fn numbered(&self) -> String {
        let list: Vec<String> = self.bands.iter().enumerate().map(|(i, b)| format!("{i} {:?}", b.label_vi)).collect();
        format!("bands are numbered from 0, and this banding's {} bands are {}", self.bands.len(), list.join(", "))
    }

    /// Checks that the banding is made for a set of `n` criteria (it covers `0..=n`), naming a
    /// band that goes past `n`.
    ///
    /// ```
    /// use ntm_criteria::{Band, Banding};
    /// assert!(Banding::official().check_criteria_count(19).is_ok());
    /// let typo = Banding::new(vec![Band::new(15, 25, "15-25", "15-25"), Band::new(0, 14, "dưới 15", "under 15")], 25, false)?;
    /// let err = typo.check_criteria_count(19).unwrap_err().to_string();
    /// assert!(err.contains(r#"band "15-25" goes to 25, past the 19 criteria of the set"#), "{err}");
    /// # Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn check_criteria_count(&self, n: u32) -> Result<()> {
        if self.max == n {
            return Ok(());
        }
        let reason = match self.bands.iter().find(|b| b.hi > n) {
            Some(b) => format!("band {:?} goes to {}, past the {n} criteria of the set", b.label_vi, b.hi),
            None => format!("the banding covers 0..={} but the set has {n} criteria", self.max),
        };
        Err(NtmError::Banding { reason })
    }

    /// A copy with the labels of band `index` changed (the seed writes "từ 5-9").
    ///
    /// ```
    /// let b = ntm_criteria::Banding::official().with_label(3, "từ 5-9", "5-9")?;
    /// assert_eq!(b.bands()[3].label_vi, "từ 5-9");
    /// Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn with_label(mut self, index: usize, label_vi: &str, label_en: &str) -> Result<Banding> {
        if index >= self.bands.len() {
            return Err(NtmError::Banding { reason: format!("no band {index}: {}", self.numbered()) });
        }
        let band = &mut self.bands[index];
        band.label_vi = label_vi.to_string();
        band.label_en = label_en.to_string();
        Ok(self)
    }
}
