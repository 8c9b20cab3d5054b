//! The one backoff of the backends: exponential, capped, with equal jitter. Used by the poller
//! (failed refreshes), the Huawei sessions (poll errors, re-sign-ins) and the Alibaba client
//! (retried calls), each with its own base and cap.

use rand::Rng;
use std::time::Duration;

/// Doublings after which the ceiling stops growing (`base` × 65 536 is past every cap in use).
const MAX_DOUBLINGS: u32 = 16;

/// The longest wait before retry `attempt` (counted from 1): `base`, doubled for every attempt
/// after the first, never more than `cap`.
pub fn ceiling(base: Duration, cap: Duration, attempt: u32) -> Duration {
    base.saturating_mul(1u32 << attempt.saturating_sub(1).min(MAX_DOUBLINGS))
        .min(cap)
}

/// The wait before retry `attempt` (counted from 1): a random time from half of [`ceiling`] up
/// to it ("equal jitter"). Clients that failed together so retry apart, while each wait still
/// grows with the attempts and never exceeds `cap`.
pub fn delay<R: Rng + ?Sized>(
    base: Duration,
    cap: Duration,
    attempt: u32,
    rng: &mut R,
) -> Duration {
    let most = ceiling(base, cap, attempt);
    let least = most / 2;
    least + rng.gen_range(Duration::ZERO..=most - least)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::rngs::mock::StepRng;
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    const MS: Duration = Duration::from_millis(1);

    #[test]
    fn ceiling_doubles_from_base_up_to_the_cap() {
        let c: Vec<Duration> = (1..=7).map(|n| ceiling(100 * MS, 2000 * MS, n)).collect();
        let want: Vec<Duration> = [100, 200, 400, 800, 1600, 2000, 2000]
            .iter()
            .map(|&ms| ms * MS)
            .collect();
        assert_eq!(c, want);
        // Attempt 0 counts as the first; huge attempts neither overflow nor pass the cap.
        assert_eq!(ceiling(100 * MS, 2000 * MS, 0), 100 * MS);
        assert_eq!(ceiling(100 * MS, 2000 * MS, u32::MAX), 2000 * MS);
        assert_eq!(
            ceiling(Duration::from_secs(5), Duration::MAX, u32::MAX),
            Duration::from_secs(5 * 65_536)
        );
        // A cap below the base wins.
        assert_eq!(ceiling(500 * MS, 300 * MS, 1), 300 * MS);
    }

    #[test]
    fn delay_stays_between_half_the_ceiling_and_the_ceiling() {
        let mut rng = ChaCha8Rng::seed_from_u64(7);
        for attempt in 1..=12 {
            let most = ceiling(100 * MS, 2000 * MS, attempt);
            for _ in 0..200 {
                let d = delay(100 * MS, 2000 * MS, attempt, &mut rng);
                assert!(d >= most / 2 && d <= most, "attempt {attempt}: {d:?}");
                assert!(d <= 2000 * MS);
            }
        }
    }

    #[test]
    fn delay_is_jittered_but_grows_with_the_attempts() {
        let mut rng = ChaCha8Rng::seed_from_u64(42);
        let waits: Vec<Duration> = (0..100)
            .map(|_| delay(MS * 1000, MS * 60_000, 3, &mut rng))
            .collect();
        let distinct: std::collections::BTreeSet<_> = waits.iter().collect();
        assert!(distinct.len() > 90, "jitter spreads the waits");
        // The shortest wait of attempt n+1 is the longest of attempt n.
        for n in 1..6 {
            let mut lowest = StepRng::new(0, 0);
            assert_eq!(
                delay(MS * 1000, MS * 60_000, n + 1, &mut lowest),
                ceiling(MS * 1000, MS * 60_000, n)
            );
        }
    }

    #[test]
    fn zero_base_or_cap_means_no_wait() {
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        assert_eq!(
            delay(Duration::ZERO, 2000 * MS, 3, &mut rng),
            Duration::ZERO
        );
        assert_eq!(delay(100 * MS, Duration::ZERO, 3, &mut rng), Duration::ZERO);
    }

    #[test]
    fn the_same_seed_gives_the_same_waits() {
        let run = |seed| {
            let mut rng = ChaCha8Rng::seed_from_u64(seed);
            (1..=8)
                .map(|n| delay(500 * MS, 8000 * MS, n, &mut rng))
                .collect::<Vec<_>>()
        };
        assert_eq!(run(3), run(3));
        assert_ne!(run(3), run(4));
    }
}
