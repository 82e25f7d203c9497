//! Alternating measurement: Criterion measures one function after the other, and on a shared
//! machine the load can shift between them. This runs every candidate in turn, in short
//! rounds, and keeps each one's fastest round — a ratio that load can hardly skew, because a
//! disturbance slows one round of one candidate and the best round of each survives it.

use std::hint::black_box;
use std::time::Instant;

/// Runs each of `runs` `iters` times per round, one after the other, for `rounds` rounds,
/// and returns each one's best time per iteration in nanoseconds, in the order given.
#[allow(clippy::disallowed_methods)] // a benchmark reads the clock
pub(crate) fn best_of_rounds(
    rounds: usize,
    iters: usize,
    runs: &mut [&mut dyn FnMut()],
) -> Vec<f64> {
    let mut best = vec![f64::MAX; runs.len()];
    for _ in 0..rounds {
        for (run, best) in runs.iter_mut().zip(best.iter_mut()) {
            let start = Instant::now();
            for _ in 0..iters {
                run();
            }
            *best = best.min(start.elapsed().as_nanos() as f64 / iters as f64);
        }
    }
    black_box(&best);
    best
}
