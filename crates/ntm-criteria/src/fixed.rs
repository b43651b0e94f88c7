//! Exact decimal results, rounded half-up from integers.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A decimal number with a fixed number of decimals, computed exactly from integers.
///
/// Officials round half-up on the exact value. Float formatting does not: 1 commune of 800 is
/// 0.125%, which must print `0,13%`, while `format!("{:.2}", 0.125)` gives `0.12`.
///
/// ```
/// use ntm_criteria::Fixed;
/// let share = Fixed::ratio(100, 800, 2); // 100 * 1 / 800 percent
/// assert_eq!(share.to_string(), "0.13");
/// assert_eq!(share.to_vi(), "0,13");
/// assert_eq!(Fixed::ratio(2110, 181, 2).to_vi(), "11,66");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Fixed {
    /// The value times `10^scale`.
    pub units: i64,
    /// Number of decimals.
    pub scale: u8,
}

impl Fixed {
    /// `num / den` rounded half-up to `scale` decimals (`den > 0`; `0` when `den == 0`).
    ///
    /// ```
    /// use ntm_criteria::Fixed;
    /// // Lạng Sơn, July 2020: 51 of 181 communes meet all 19 criteria.
    /// assert_eq!(Fixed::ratio(51 * 100, 181, 2).to_vi(), "28,18");
    /// assert_eq!(Fixed::ratio(100, 800, 2).to_vi(), "0,13"); // 0.125 rounds up
    /// assert_eq!(Fixed::ratio(5, 0, 2), Fixed::new(0, 2));
    /// ```
    pub fn ratio(num: u64, den: u64, scale: u8) -> Fixed {
        let scale = scale.min(9);
        if den == 0 {
            return Fixed { units: 0, scale };
        }
        let p = 10u128.pow(scale as u32);
        let units = (num as u128 * p * 2 + den as u128) / (2 * den as u128);
        Fixed { units: units.min(i64::MAX as u128) as i64, scale }
    }

    /// `num / den` truncated (not rounded) to `scale` decimals: what some reports print.
    ///
    /// ```
    /// assert_eq!(ntm_criteria::Fixed::truncated(100, 800, 2).to_string(), "0.12");
    /// ```
    pub fn truncated(num: u64, den: u64, scale: u8) -> Fixed {
        let scale = scale.min(9);
        if den == 0 {
            return Fixed { units: 0, scale };
        }
        let p = 10u128.pow(scale as u32);
        Fixed { units: (num as u128 * p / den as u128).min(i64::MAX as u128) as i64, scale }
    }

    /// From units and scale.
    ///
    /// ```
    /// assert_eq!(ntm_criteria::Fixed::new(2818, 2).to_string(), "28.18");
    /// ```
    pub fn new(units: i64, scale: u8) -> Fixed {
        Fixed { units, scale: scale.min(9) }
    }

    /// The value as `f64` (for plotting; never for printing).
    ///
    /// ```
    /// assert_eq!(ntm_criteria::Fixed::new(1166, 2).to_f64(), 11.66);
    /// ```
    pub fn to_f64(self) -> f64 {
        self.units as f64 / 10f64.powi(self.scale as i32)
    }

    /// Formats with a decimal comma, as in Vietnamese reports.
    ///
    /// ```
    /// assert_eq!(ntm_criteria::Fixed::new(5492, 2).to_vi(), "54,92");
    /// // Past 9 decimals (a hand-built value), units and scale.
    /// assert_eq!(ntm_criteria::Fixed { units: 5, scale: 30 }.to_vi(), "5e-30");
    /// ```
    pub fn to_vi(self) -> String {
        self.format(',')
    }

    /// The value with `sep` before its decimals. A scale above 9, possible only in a hand-built
    /// `Fixed` ([`Fixed::new`] clamps to 9), is shown as units and scale (`5e-30`): written out,
    /// `10^scale` would overflow past 19.
    fn format(self, sep: char) -> String {
        if self.scale > 9 {
            return format!("{}e-{}", self.units, self.scale);
        }
        let neg = self.units < 0;
        let abs = self.units.unsigned_abs();
        let p = 10u64.pow(self.scale as u32);
        let mut s = String::new();
        if neg {
            s.push('-');
        }
        s.push_str(&(abs / p).to_string());
        if self.scale > 0 {
            s.push(sep);
            s.push_str(&format!("{:0width$}", abs % p, width = self.scale as usize));
        }
        s
    }
}

impl fmt::Display for Fixed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.format('.'))
    }
}
