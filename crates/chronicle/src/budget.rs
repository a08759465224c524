//! Cooperative deadlines: a budget a caller sets around a piece of work (annotating an
//! article, running a query), which long loops check so the work stops, not just its answer.
//!
//! The budget lives in a thread-local, so stages and queries check it with
//! [`expired`] without any change to their signatures; with no budget set the check is a
//! single thread-local read and always `false` (the CLI's output is unchanged).

use std::cell::RefCell;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Instant;

/// When work must stop: an instant, a shared cancel flag (server shutdown), or both.
#[derive(Debug, Clone, Default)]
pub struct Deadline {
    at: Option<Instant>,
    cancel: Option<Arc<AtomicBool>>,
}

impl Deadline {
    /// Stops at `at`.
    pub fn at(at: Instant) -> Deadline {
        Deadline {
            at: Some(at),
            cancel: None,
        }
    }

    /// Also stops once `flag` is set (e.g. on SIGTERM).
    pub fn with_cancel(mut self, flag: Arc<AtomicBool>) -> Deadline {
        self.cancel = Some(flag);
        self
    }

    /// Whether the time is up or the work was cancelled.
    pub fn is_expired(&self) -> bool {
        self.cancel
            .as_ref()
            .is_some_and(|f| f.load(Ordering::Relaxed))
            || self.at.is_some_and(|at| Instant::now() >= at)
    }
}

thread_local! {
    static CURRENT: RefCell<Option<Deadline>> = const { RefCell::new(None) };
}

/// Runs `f` with `deadline` as this thread's budget (the previous one is restored after).
pub fn within<R>(deadline: Deadline, f: impl FnOnce() -> R) -> R {
    struct Restore(Option<Deadline>);
    impl Drop for Restore {
        fn drop(&mut self) {
            let previous = self.0.take();
            CURRENT.with(|c| *c.borrow_mut() = previous);
        }
    }
    let previous = CURRENT.with(|c| c.borrow_mut().replace(deadline));
    let _restore = Restore(previous);
    f()
}

/// Whether this thread's budget (if any) has run out. Cheap enough to call per sentence.
pub fn expired() -> bool {
    CURRENT.with(|c| c.borrow().as_ref().is_some_and(Deadline::is_expired))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn budgets_nest_and_restore() {
        assert!(!expired());
        let past = Deadline::at(Instant::now() - Duration::from_millis(1));
        within(past, || {
            assert!(expired());
            within(
                Deadline::at(Instant::now() + Duration::from_secs(60)),
                || assert!(!expired()),
            );
            assert!(expired());
        });
        assert!(!expired());
        let flag = Arc::new(AtomicBool::new(false));
        let d = Deadline::default().with_cancel(flag.clone());
        assert!(!d.is_expired());
        flag.store(true, Ordering::Relaxed);
        assert!(d.is_expired());
    }
}
