//! The crate's one way to lock a `std::sync::Mutex`: [`lock`], which recovers a poisoned lock
//! instead of panicking.

use std::sync::{Mutex, MutexGuard, PoisonError};

/// Locks `m`; if a thread panicked while holding it, takes the guard anyway.
///
/// Recovering is safe for callboard's mutexes: each guards plain data (a map, a cache, a
/// session's state, the simulator's core) that every holder changes in steps which each leave it
/// valid, and no holder awaits or calls out while it holds the lock. A panic under the lock
/// therefore leaves the data as it was between two such steps, so the next holder can go on.
/// Propagating the poison instead would turn one panicked task into a panic of every later caller
/// (the UI, the pollers, the simulator's handlers), which the crate's no-panic rule forbids.
pub fn lock<T: ?Sized>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[test]
    fn locks_and_recovers_a_poisoned_mutex() {
        let m = Arc::new(Mutex::new(vec![1]));
        lock(&m).push(2);
        let poisoner = m.clone();
        let joined = std::thread::spawn(move || {
            let mut g = poisoner.lock().unwrap();
            g.push(3);
            panic!("poison the lock");
        })
        .join();
        assert!(joined.is_err());
        assert!(m.is_poisoned());
        assert_eq!(*lock(&m), vec![1, 2, 3]);
    }
}
