//! CPU time and resident memory of a process, read from /proc, for the load harnesses.

/// Usage of one process (`"self"` or a pid) so far.
pub struct Usage {
    /// User + system CPU seconds (100 ticks per second).
    pub cpu_secs: f64,
    pub rss_mib: f64,
    pub peak_rss_mib: f64,
}

/// Reads `/proc/PID/stat` and `/proc/PID/status`; zeros when the process is gone.
pub fn usage(pid: &str) -> Usage {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    let rest = stat.rsplit_once(") ").map(|(_, r)| r).unwrap_or("");
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| f.get(i).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let mib = |key: &str| {
        status
            .lines()
            .find(|l| l.starts_with(key))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|v| v.parse::<f64>().ok())
            .unwrap_or(0.0)
            / 1024.0
    };
    Usage {
        cpu_secs: (ticks(11) + ticks(12)) / 100.0,
        rss_mib: mib("VmRSS:"),
        peak_rss_mib: mib("VmHWM:"),
    }
}
