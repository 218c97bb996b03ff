//! The generator's randomness: rand's Xoshiro256PlusPlus, one of its named portable generators,
//! so that a seed gives the same files on every platform.

pub use rand::rngs::Xoshiro256PlusPlus as Rng;
pub use rand::{RngExt, SeedableRng};

/// One of `xs`, uniformly (`xs` is never empty: the word lists are constants).
pub fn pick<'a, T>(rng: &mut Rng, xs: &'a [T]) -> &'a T {
    &xs[rng.random_range(0..xs.len())]
}

/// Ranks `0..n` drawn with probability proportional to `1 / (rank + 1)`.
pub struct Zipf {
    cdf: Vec<f64>,
}

impl Zipf {
    pub fn new(n: usize) -> Zipf {
        let mut total = 0.0;
        let cdf = (0..n)
            .map(|k| {
                total += 1.0 / (k as f64 + 1.0);
                total
            })
            .collect();
        Zipf { cdf }
    }

    pub fn sample(&self, rng: &mut Rng) -> usize {
        let u = rng.random::<f64>() * self.cdf[self.cdf.len() - 1];
        self.cdf
            .partition_point(|&c| c <= u)
            .min(self.cdf.len() - 1)
    }
}
