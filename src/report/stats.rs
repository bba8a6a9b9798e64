//! Item and test statistics as pure functions over plain numbers, so they
//! can be checked against a hand-computed example (`docs/item-analysis.md`).
//!
//! Variances are population variances (divided by n, not n − 1), as in the
//! classical KR-20 formula with p·q; the choice cancels in correlations.

/// Running sums of one variable: enough for its mean and variance.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Moments {
    pub n: f64,
    pub sum: f64,
    pub sum_squares: f64,
}

impl Moments {
    pub fn add(&mut self, value: f64) {
        self.n += 1.0;
        self.sum += value;
        self.sum_squares += value * value;
    }

    pub fn mean(&self) -> Option<f64> {
        (self.n > 0.0).then(|| self.sum / self.n)
    }

    /// Population variance; never negative (rounding could make it so).
    pub fn variance(&self) -> Option<f64> {
        let mean = self.mean()?;
        Some((self.sum_squares / self.n - mean * mean).max(0.0))
    }

    pub fn sd(&self) -> Option<f64> {
        self.variance().map(f64::sqrt)
    }
}

/// Running sums of two variables, for their Pearson correlation.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Pairs {
    pub x: Moments,
    pub y: Moments,
    pub sum_products: f64,
}

impl Pairs {
    pub fn add(&mut self, x: f64, y: f64) {
        self.x.add(x);
        self.y.add(y);
        self.sum_products += x * y;
    }

    /// Pearson's r; `None` with fewer than two pairs or when either
    /// variable does not vary (everyone right, or the same rest score).
    pub fn correlation(&self) -> Option<f64> {
        if self.x.n < 2.0 {
            return None;
        }
        let (mean_x, mean_y) = (self.x.mean()?, self.y.mean()?);
        let covariance = self.sum_products / self.x.n - mean_x * mean_y;
        let spread = (self.x.variance()? * self.y.variance()?).sqrt();
        (spread > 1e-12).then(|| (covariance / spread).clamp(-1.0, 1.0))
    }
}

/// The share of a group taken from each score band, best first, for the
/// upper (or, with the bands reversed, lower) `share` of the takers.
/// `bands` are (takers, sum of item scores) per total score, in the order
/// to take them; a band that straddles the cut is taken in proportion, so
/// ties at the cut count fractionally instead of by an arbitrary order.
/// Returns the mean item score of the group, `None` with no takers.
pub fn group_mean(bands: impl IntoIterator<Item = (f64, f64)>, takers: f64, share: f64) -> Option<f64> {
    let size = takers * share;
    if size <= 0.0 {
        return None;
    }
    let (mut left, mut sum) = (size, 0.0);
    for (count, score_sum) in bands {
        if left <= 0.0 {
            break;
        }
        let taken = count.min(left);
        sum += score_sum * taken / count;
        left -= taken;
    }
    Some(sum / size)
}

/// Kelley's share of takers in each of the upper and lower groups.
pub const GROUP_SHARE: f64 = 0.27;

/// Reliability of a test of `items` items from each item's variance and the
/// variance of the total score: Cronbach's alpha, which is KR-20 when every
/// item is scored right or wrong (its variance is then p·q).
pub fn reliability(item_variances: &[f64], total_variance: f64) -> Option<f64> {
    let k = item_variances.len() as f64;
    if k < 2.0 || total_variance <= 1e-12 {
        return None;
    }
    let sum: f64 = item_variances.iter().sum();
    Some(k / (k - 1.0) * (1.0 - sum / total_variance))
}

/// Least-squares slope of `values` against their place (0, 1, 2, …):
/// the change per step, `None` with fewer than two values.
pub fn slope(values: &[f64]) -> Option<f64> {
    let mut pairs = Pairs::default();
    for (place, value) in values.iter().enumerate() {
        pairs.add(place as f64, *value);
    }
    if pairs.x.n < 2.0 {
        return None;
    }
    let variance = pairs.x.variance()?;
    let covariance = pairs.sum_products / pairs.x.n - pairs.x.mean()? * pairs.y.mean()?;
    Some(covariance / variance)
}

#[cfg(test)]
mod tests {
    use super::{Moments, Pairs, group_mean, reliability, slope};

    fn close(actual: Option<f64>, expected: f64) {
        let actual = actual.expect("a value");
        assert!((actual - expected).abs() < 1e-6, "{actual} ≠ {expected}");
    }

    #[test]
    fn moments_are_population_moments() {
        let mut totals = Moments::default();
        for total in [3.0, 2.0, 2.0, 1.0, 0.0] {
            totals.add(total);
        }
        close(totals.mean(), 1.6);
        close(totals.variance(), 1.04);
        close(totals.sd(), 1.04f64.sqrt());
        assert_eq!(Moments::default().mean(), None);
    }

    #[test]
    fn correlation_needs_spread_in_both() {
        let mut pairs = Pairs::default();
        for (x, y) in [(1.0, 2.0), (1.0, 1.0), (1.0, 1.0), (1.0, 0.0), (0.0, 0.0)] {
            pairs.add(x, y);
        }
        close(pairs.correlation(), 0.534_522);
        let mut flat = Pairs::default();
        flat.add(1.0, 1.0);
        flat.add(1.0, 2.0);
        assert_eq!(flat.correlation(), None);
    }

    #[test]
    fn groups_take_tied_bands_in_proportion() {
        // 5 takers, totals 3, 2, 2, 1, 0; item right for all but the last.
        let upper = [(1.0, 1.0), (2.0, 2.0), (1.0, 1.0), (1.0, 0.0)];
        close(group_mean(upper, 5.0, 0.27), 1.0);
        let lower = upper.iter().rev().copied();
        close(group_mean(lower, 5.0, 0.27), 0.35 / 1.35);
        assert_eq!(group_mean([], 0.0, 0.27), None);
    }

    #[test]
    fn reliability_and_slope() {
        close(reliability(&[0.16, 0.24, 0.24], 1.04), 0.576_923);
        assert_eq!(reliability(&[0.16], 1.0), None);
        close(slope(&[50.0, 60.0, 70.0]), 10.0);
        assert_eq!(slope(&[50.0]), None);
    }
}
