//! The comparisons the batch kernel makes, four rows at a time, as the bits of a tile.
//!
//! The kernel's rules ([`super::kernel`]) are written once, over [`Lanes`]. The lanes are plain
//! Rust ([`Plain`], any CPU), or AVX2 ([`Avx2`], x86-64 CPUs that have it, detected at run
//! time), where one instruction compares four values and one more turns the four answers into
//! four bits (`vcmppd`, `vmovmskpd`). Both give the same bits for every value, NaN included: a
//! test below compares them on every kind of value.

/// Rows of a tile: one bit per row in a 64-bit word.
pub(super) const TILE: usize = 64;

/// Four values, four rows' answers, and the comparisons between them.
///
/// Every method of an implementation is `#[inline(always)]`, and the kernel calls them from its
/// own functions and from small closures only. The AVX2 instructions are compiled only inside
/// the function that `pulp` builds for AVX2: a call that is not inlined into it, such as a large
/// closure, makes each compare a function call. That happened once, and the kernel ran seven
/// times slower.
pub(super) trait Lanes: Copy {
    /// Four values.
    type V: Copy;
    /// Four rows' answers (true or false).
    type M: Copy;
    /// A table of eight thresholds (one per key), ready for [`Lanes::pick`].
    type Table: Copy;
    fn load(self, x: &[f64; 4]) -> Self::V;
    fn splat(self, x: f64) -> Self::V;
    fn nan(self, a: Self::V) -> Self::M;
    /// Ordered comparisons: false when either side is NaN.
    fn lt(self, a: Self::V, b: Self::V) -> Self::M;
    fn gt(self, a: Self::V, b: Self::V) -> Self::M;
    fn eq(self, a: Self::V, b: Self::V) -> Self::M;
    /// `lo <= a <= hi`.
    fn within(self, a: Self::V, lo: Self::V, hi: Self::V) -> Self::M;
    fn and(self, a: Self::M, b: Self::M) -> Self::M;
    fn or(self, a: Self::M, b: Self::M) -> Self::M;
    /// The four answers as bits 0 to 3.
    fn bits(self, m: Self::M) -> u64;
    fn table(self, t: &[f64; 8]) -> Self::Table;
    /// The thresholds of four rows from their keys: `t[key]` for each, from the keys as
    /// [`place`] writes them.
    fn pick(self, t: Self::Table, place: &[u64; 4]) -> Self::V;
}

/// A key's place in a table of eight thresholds, as [`Lanes::pick`] reads it: bits 0-31 and
/// 32-63 the two halves of the threshold within its half of the table (AVX2 picks 32-bit
/// words), bit 63 which half.
#[inline(always)]
pub(super) fn place(key: u8) -> u64 {
    let k = u64::from(key & 7);
    let word = 2 * (k & 3);
    word | (word + 1) << 32 | (k >> 2) << 63
}

/// The key of a [`place`].
#[inline(always)]
fn key_of(place: u64) -> usize {
    ((place & 7) / 2 + 4 * (place >> 63)) as usize
}

/// Joins the answers about two groups of four rows into the tile's bits at group pair `g`.
/// Eight rows per step: their bits joined before one shift into place (a loop of four-row
/// steps measured a quarter slower: a shift and an OR more per answer).
#[inline(always)]
fn join<L: Lanes, const K: usize>(l: L, out: &mut [u64; K], g: usize, ma: [L::M; K], mb: [L::M; K]) {
    for ((o, ma), mb) in out.iter_mut().zip(ma).zip(mb) {
        *o |= (l.bits(ma) | l.bits(mb) << 4) << (8 * g);
    }
}

// The three loops below stay written out: a closure per group of four rows, shared by them,
// was not inlined, and outside the AVX2 function its compares became calls (seven times
// slower).

/// The bits of a tile (bit `i` for row `i`), `K` answers per value at once.
#[inline(always)]
pub(super) fn masks<L: Lanes, const K: usize>(l: L, x: &[f64; TILE], f: impl Fn(L::V) -> [L::M; K]) -> [u64; K] {
    let mut out = [0u64; K];
    for (g, q) in x.as_chunks::<8>().0.iter().enumerate() {
        let [a, b] = q.as_chunks::<4>().0 else { continue };
        join(l, &mut out, g, f(l.load(a)), f(l.load(b)));
    }
    out
}

/// [`masks`] with each row's threshold from `t` by its key's place.
#[inline(always)]
pub(super) fn masks_keyed<L: Lanes, const K: usize>(
    l: L,
    x: &[f64; TILE],
    t: L::Table,
    places: &[u64; TILE],
    f: impl Fn(L::V, L::V) -> [L::M; K],
) -> [u64; K] {
    let mut out = [0u64; K];
    let groups = x.as_chunks::<8>().0.iter().zip(places.as_chunks::<8>().0);
    for (g, (q, p)) in groups.enumerate() {
        let ([a, b], [pa, pb]) = (q.as_chunks::<4>().0, p.as_chunks::<4>().0) else { continue };
        join(l, &mut out, g, f(l.load(a), l.pick(t, pa)), f(l.load(b), l.pick(t, pb)));
    }
    out
}

/// Plain Rust: four values one by one (the compiler vectorises what it can).
#[derive(Clone, Copy)]
pub(super) struct Plain;

impl Lanes for Plain {
    type V = [f64; 4];
    type M = [bool; 4];
    type Table = [f64; 8];

    #[inline(always)]
    fn load(self, x: &[f64; 4]) -> [f64; 4] {
        *x
    }
    #[inline(always)]
    fn splat(self, x: f64) -> [f64; 4] {
        [x; 4]
    }
    #[inline(always)]
    fn nan(self, a: [f64; 4]) -> [bool; 4] {
        a.map(f64::is_nan)
    }
    #[inline(always)]
    fn lt(self, a: [f64; 4], b: [f64; 4]) -> [bool; 4] {
        std::array::from_fn(|i| a[i] < b[i])
    }
    #[inline(always)]
    fn gt(self, a: [f64; 4], b: [f64; 4]) -> [bool; 4] {
        std::array::from_fn(|i| a[i] > b[i])
    }
    #[inline(always)]
    fn eq(self, a: [f64; 4], b: [f64; 4]) -> [bool; 4] {
        std::array::from_fn(|i| a[i] == b[i])
    }
    #[inline(always)]
    fn within(self, a: [f64; 4], lo: [f64; 4], hi: [f64; 4]) -> [bool; 4] {
        std::array::from_fn(|i| (a[i] >= lo[i]) & (a[i] <= hi[i]))
    }
    #[inline(always)]
    fn and(self, a: [bool; 4], b: [bool; 4]) -> [bool; 4] {
        std::array::from_fn(|i| a[i] & b[i])
    }
    #[inline(always)]
    fn or(self, a: [bool; 4], b: [bool; 4]) -> [bool; 4] {
        std::array::from_fn(|i| a[i] | b[i])
    }
    #[inline(always)]
    fn bits(self, m: [bool; 4]) -> u64 {
        m.iter().enumerate().fold(0, |b, (i, &t)| b | u64::from(t) << i)
    }
    #[inline(always)]
    fn table(self, t: &[f64; 8]) -> [f64; 8] {
        *t
    }
    #[inline(always)]
    fn pick(self, t: [f64; 8], place: &[u64; 4]) -> [f64; 4] {
        place.map(|p| t[key_of(p)])
    }
}

#[cfg(all(feature = "simd", target_arch = "x86_64"))]
pub(super) use avx2::Avx2;

#[cfg(all(feature = "simd", target_arch = "x86_64"))]
mod avx2 {
    use super::Lanes;
    use pulp::x86::V3;
    use pulp::{cast, f64x4, m64x4};
    use std::arch::x86_64::{__m256, __m256d, __m256i};

    /// AVX2: four values per instruction (a CPU that has AVX2 and FMA, `pulp`'s `V3`).
    #[derive(Clone, Copy)]
    pub(in crate::batch) struct Avx2(pub(in crate::batch) V3);

    impl Lanes for Avx2 {
        type V = f64x4;
        type M = m64x4;
        type Table = (__m256, __m256);

        #[inline(always)]
        fn load(self, x: &[f64; 4]) -> f64x4 {
            cast(*x)
        }
        #[inline(always)]
        fn splat(self, x: f64) -> f64x4 {
            self.0.splat_f64x4(x)
        }
        #[inline(always)]
        fn nan(self, a: f64x4) -> m64x4 {
            self.0.is_nan_f64x4(a)
        }
        #[inline(always)]
        fn lt(self, a: f64x4, b: f64x4) -> m64x4 {
            self.0.cmp_lt_f64x4(a, b)
        }
        #[inline(always)]
        fn gt(self, a: f64x4, b: f64x4) -> m64x4 {
            self.0.cmp_gt_f64x4(a, b)
        }
        #[inline(always)]
        fn eq(self, a: f64x4, b: f64x4) -> m64x4 {
            self.0.cmp_eq_f64x4(a, b)
        }
        #[inline(always)]
        fn within(self, a: f64x4, lo: f64x4, hi: f64x4) -> m64x4 {
            self.and(self.0.cmp_ge_f64x4(a, lo), self.0.cmp_le_f64x4(a, hi))
        }
        #[inline(always)]
        fn and(self, a: m64x4, b: m64x4) -> m64x4 {
            cast(self.0.avx._mm256_and_pd(cast(a), cast(b)))
        }
        #[inline(always)]
        fn or(self, a: m64x4, b: m64x4) -> m64x4 {
            cast(self.0.avx._mm256_or_pd(cast(a), cast(b)))
        }
        #[inline(always)]
        fn bits(self, m: m64x4) -> u64 {
            self.0.avx._mm256_movemask_pd(cast::<m64x4, __m256d>(m)) as u64
        }
        #[inline(always)]
        fn table(self, t: &[f64; 8]) -> (__m256, __m256) {
            let [a, b, c, d, e, f, g, h] = *t;
            (cast([a, b, c, d]), cast([e, f, g, h]))
        }
        #[inline(always)]
        fn pick(self, t: (__m256, __m256), place: &[u64; 4]) -> f64x4 {
            // Each threshold's two 32-bit words from either half of the table, then the half
            // by bit 63 of the place.
            let idx: __m256i = cast(*place);
            let lo: __m256d = cast(self.0.avx2._mm256_permutevar8x32_ps(t.0, idx));
            let hi: __m256d = cast(self.0.avx2._mm256_permutevar8x32_ps(t.1, idx));
            cast(self.0.avx._mm256_blendv_pd(lo, hi, cast(idx)))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Values of every kind the kernel meets: NaN, infinities, zeros, thresholds and their
    /// neighbours.
    fn values() -> Vec<f64> {
        let mut v = vec![f64::NAN, -f64::NAN, f64::INFINITY, f64::NEG_INFINITY, 0.0, -0.0, 1.0, 0.5, 50.0, 100.0];
        v.extend([49.999_999, 50.000_001, f64::MIN_POSITIVE, f64::MAX, -1.0, 1e-300]);
        v
    }

    fn tiles() -> Vec<[f64; TILE]> {
        let v = values();
        (0..v.len()).map(|s| std::array::from_fn(|i| v[(s + i * 7) % v.len()])).collect()
    }

    fn answers<L: Lanes>(l: L, x: &[f64; TILE], t: f64) -> [u64; 7] {
        let (tv, lo, hi) = (l.splat(t), l.splat(0.0), l.splat(100.0));
        masks(l, x, |v| {
            let (nan, lt, gt) = (l.nan(v), l.lt(v, tv), l.gt(v, tv));
            [nan, lt, gt, l.eq(v, tv), l.within(v, lo, hi), l.or(nan, lt), l.and(l.gt(v, lo), lt)]
        })
    }

    fn keyed<L: Lanes>(l: L, x: &[f64; TILE], t: &[f64; 8], places: &[u64; TILE]) -> [u64; 2] {
        masks_keyed(l, x, l.table(t), places, |v, t| [l.lt(v, t), l.nan(t)])
    }

    #[test]
    fn plain_lanes_give_each_rows_answer_as_its_bit() {
        for x in tiles() {
            for t in values() {
                let [nan, lt, gt, eq, within, nan_or_lt, pos_and_lt] = answers(Plain, &x, t);
                for (i, &v) in x.iter().enumerate() {
                    let bit = |m: u64| (m >> i) & 1 == 1;
                    assert_eq!(bit(nan), v.is_nan());
                    assert_eq!(bit(lt), v < t);
                    assert_eq!(bit(gt), v > t);
                    assert_eq!(bit(eq), v == t);
                    assert_eq!(bit(within), (0.0..=100.0).contains(&v));
                    assert_eq!(bit(nan_or_lt), v.is_nan() || v < t);
                    assert_eq!(bit(pos_and_lt), v > 0.0 && v < t);
                }
            }
        }
    }

    #[test]
    fn a_keys_place_picks_its_threshold() {
        let t = [10.0, 20.0, f64::NAN, 40.0, 50.0, 60.0, 70.0, 80.0];
        for k in 0..8u8 {
            assert_eq!(key_of(place(k)), usize::from(k));
            let got = Plain.pick(t, &[place(k); 4])[0];
            assert!(got == t[usize::from(k)] || (got.is_nan() && t[usize::from(k)].is_nan()));
        }
        // Over a tile: each row compared with its own key's threshold.
        let keys: [u8; TILE] = std::array::from_fn(|i| (i * 5 % 8) as u8);
        let places = keys.map(place);
        for x in tiles() {
            let [lt, unknown] = keyed(Plain, &x, &t, &places);
            for (i, (&v, &k)) in x.iter().zip(&keys).enumerate() {
                let want = t[usize::from(k)];
                assert_eq!((lt >> i) & 1 == 1, v < want);
                assert_eq!((unknown >> i) & 1 == 1, want.is_nan());
            }
        }
    }

    #[cfg(all(feature = "simd", target_arch = "x86_64"))]
    #[test]
    fn avx2_lanes_give_the_bits_of_plain_lanes() {
        let Some(v3) = pulp::x86::V3::try_new() else {
            eprintln!("SKIPPED: this CPU has no AVX2; the plain lanes are the ones used");
            return;
        };
        let t8 = [10.0, 20.0, f64::NAN, 40.0, 50.0, 60.0, 70.0, 80.0];
        let places: [u64; TILE] = std::array::from_fn(|i| place((i * 5 % 8) as u8));
        for x in tiles() {
            for t in values() {
                assert_eq!(answers(Avx2(v3), &x, t), answers(Plain, &x, t), "threshold {t}");
            }
            assert_eq!(keyed(Avx2(v3), &x, &t8, &places), keyed(Plain, &x, &t8, &places));
        }
    }
}
