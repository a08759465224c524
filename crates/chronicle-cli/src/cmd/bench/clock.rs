//! Clocks for benchmarks: this thread's CPU time (neighbours on a shared machine do not
//! count), wall time, and the load average to say how busy the machine was.

use std::time::Instant;

/// One timed run: thread CPU seconds (wall seconds when unavailable) and wall seconds.
#[derive(Clone, Copy)]
pub(super) struct Timing {
    pub(super) cpu: f64,
    pub(super) wall: f64,
}

impl Default for Timing {
    fn default() -> Timing {
        Timing {
            cpu: f64::MAX,
            wall: f64::MAX,
        }
    }
}

impl Timing {
    pub(super) fn of(f: impl FnOnce()) -> Timing {
        let wall = Instant::now();
        let cpu = cpu_time(f);
        Timing {
            cpu,
            wall: wall.elapsed().as_secs_f64(),
        }
    }

    /// The better of two runs, field by field.
    pub(super) fn min(self, other: Timing) -> Timing {
        Timing {
            cpu: self.cpu.min(other.cpu),
            wall: self.wall.min(other.wall),
        }
    }
}

/// The 1, 5 and 15 minute load averages, as `uptime` shows them (other processes share the
/// machine; a figure taken under load says so).
pub(super) fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|| "unknown".into())
}

/// CPU time this thread has used (user + system), from the thread CPU clock; else from
/// Linux's `/proc/thread-self/schedstat`, which only advances at scheduler ticks.
///
/// On a shared machine wall-clock time measures the neighbours as much as the code.
pub(super) fn thread_cpu_seconds() -> Option<f64> {
    #[cfg(unix)]
    {
        let mut now = libc::timespec {
            tv_sec: 0,
            tv_nsec: 0,
        };
        // SAFETY: `now` is a valid, writable timespec for the duration of the call.
        if unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut now) } == 0 {
            return Some(now.tv_sec as f64 + now.tv_nsec as f64 / 1e9);
        }
    }
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let nanos: u64 = stat.split_whitespace().next()?.parse().ok()?;
    Some(nanos as f64 / 1e9)
}

/// Times `f` in CPU seconds of this thread when available, else wall-clock seconds.
pub(super) fn cpu_time(f: impl FnOnce()) -> f64 {
    let wall = Instant::now();
    let before = thread_cpu_seconds();
    f();
    match (before, thread_cpu_seconds()) {
        (Some(a), Some(b)) => b - a,
        _ => wall.elapsed().as_secs_f64(),
    }
}
