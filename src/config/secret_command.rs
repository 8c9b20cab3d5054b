//! Running a secret command (`{ command = "…" }`): `sh -c` in a process group of its own, its
//! standard output read with a cap ([`MAX_SECRET_COMMAND_OUTPUT_BYTES`]), and — when it runs too
//! long or prints too much — stopped together with every process it started in that group.

use super::secret_source::{SecretError, MAX_SECRET_COMMAND_OUTPUT_BYTES};
use crate::secret::Secret;
use std::io::Read;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// How much of the command's standard error is kept for its first line in a message; the rest is
/// read and dropped, so a chatty command does not block on a full pipe.
const STDERR_KEPT_BYTES: u64 = 4096;

/// How often the command is checked on while it runs.
const POLL: Duration = Duration::from_millis(10);

/// Runs `command` with `sh -c` for at most `timeout`; its trimmed standard output is the secret.
pub(super) fn run_command(command: &str, timeout: Duration) -> Result<Secret, SecretError> {
    run_capped(command, timeout, MAX_SECRET_COMMAND_OUTPUT_BYTES)
}

fn run_capped(command: &str, timeout: Duration, cap: u64) -> Result<Secret, SecretError> {
    let spawn_error = |source| SecretError::CommandSpawn {
        command: command.to_string(),
        source,
    };
    let timed_out = || SecretError::CommandTimeout {
        command: command.to_string(),
    };
    let too_much = || SecretError::CommandOutputTooLarge {
        command: command.to_string(),
        cap,
    };
    let mut sh = Command::new("sh");
    sh.arg("-c")
        .arg(command)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    #[cfg(unix)]
    {
        // Its own group, so that stopping it stops what it started (`vault …; true` runs `vault`
        // as a grandchild, which killing `sh` alone would leave running).
        use std::os::unix::process::CommandExt;
        sh.process_group(0);
    }
    let mut child = sh.spawn().map_err(spawn_error)?;
    let overflow = Arc::new(AtomicBool::new(false));
    let stdout = read_stdout(&mut child, cap, Arc::clone(&overflow));
    let stderr = read_stderr(&mut child);
    let deadline = Instant::now() + timeout;
    let status = loop {
        if overflow.load(Ordering::SeqCst) {
            stop(&mut child);
            return Err(too_much());
        }
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if Instant::now() < deadline => std::thread::sleep(POLL),
            Ok(None) => {
                stop(&mut child);
                // The reader threads end when the last holder of the pipes is gone; don't wait.
                return Err(timed_out());
            }
            Err(source) => {
                stop(&mut child);
                return Err(spawn_error(source));
            }
        }
    };
    // A background process the command left behind may still hold the pipes open.
    while !(stdout.is_finished() && stderr.is_finished()) {
        if overflow.load(Ordering::SeqCst) {
            kill_group(child.id());
            return Err(too_much());
        }
        if Instant::now() >= deadline {
            kill_group(child.id());
            return Err(timed_out());
        }
        std::thread::sleep(POLL);
    }
    let out = stdout.join().unwrap_or_default();
    let err = stderr.join().unwrap_or_default();
    // Before the exit status: a writer cut off at the cap dies of SIGPIPE (exit code 141).
    if overflow.load(Ordering::SeqCst) {
        return Err(too_much());
    }
    if !status.success() {
        return Err(SecretError::CommandFailed {
            command: command.to_string(),
            code: status.code(),
            signal: signal_of(&status),
            stderr: first_line(&err),
        });
    }
    let text = String::from_utf8(out).map_err(|_| SecretError::CommandNotUnicode {
        command: command.to_string(),
    })?;
    match text.trim() {
        "" => Err(SecretError::CommandEmpty {
            command: command.to_string(),
        }),
        t => Ok(Secret::new(t)),
    }
}

/// Reads at most `cap + 1` bytes of standard output on a thread; more than `cap` sets `overflow`
/// (and drops what was read). Then the pipe is closed, so a command that goes on writing ends.
fn read_stdout(child: &mut Child, cap: u64, overflow: Arc<AtomicBool>) -> JoinHandle<Vec<u8>> {
    let pipe = child.stdout.take();
    std::thread::spawn(move || {
        let mut buf = Vec::new();
        if let Some(pipe) = pipe {
            let _ = pipe.take(cap.saturating_add(1)).read_to_end(&mut buf);
        }
        if buf.len() as u64 > cap {
            overflow.store(true, Ordering::SeqCst);
            buf.clear();
        }
        buf
    })
}

/// Keeps the first [`STDERR_KEPT_BYTES`] of standard error, reading (and dropping) the rest.
fn read_stderr(child: &mut Child) -> JoinHandle<Vec<u8>> {
    let pipe = child.stderr.take();
    std::thread::spawn(move || {
        let mut kept = Vec::new();
        if let Some(mut pipe) = pipe {
            let _ = (&mut pipe).take(STDERR_KEPT_BYTES).read_to_end(&mut kept);
            let _ = std::io::copy(&mut pipe, &mut std::io::sink());
        }
        kept
    })
}

/// Kills the command's process group, then the command itself, and reaps it.
fn stop(child: &mut Child) {
    // The group first, while the unreaped child keeps its id from being reused.
    kill_group(child.id());
    let _ = child.kill();
    let _ = child.wait();
}

/// Sends SIGKILL to the process group `pgid` (the command's, made with `process_group(0)`). std
/// has no `killpg` and callboard has no unsafe code; the shell's `kill` builtin does it (and `sh`
/// runs every secret command anyway).
fn kill_group(pgid: u32) {
    #[cfg(unix)]
    {
        let _ = Command::new("sh")
            .arg("-c")
            .arg("kill -s KILL -- \"-$1\" 2>/dev/null")
            .arg("sh")
            .arg(pgid.to_string())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
    }
    #[cfg(not(unix))]
    let _ = pgid;
}

fn signal_of(status: &ExitStatus) -> Option<i32> {
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        status.signal()
    }
    #[cfg(not(unix))]
    {
        let _ = status;
        None
    }
}

/// The first non-empty line of standard error, trimmed (escaped and cut when shown).
fn first_line(stderr: &[u8]) -> String {
    String::from_utf8_lossy(stderr)
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("")
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slow_commands_are_stopped() {
        let started = Instant::now();
        let e = run_command(
            "printf '%s%s' par tial; sleep 5",
            Duration::from_millis(200),
        )
        .unwrap_err();
        assert!(matches!(e, SecretError::CommandTimeout { .. }), "{e:?}");
        assert!(started.elapsed() < Duration::from_secs(4));
        assert!(e.to_string().contains("did not finish within 10 s"), "{e}");
        assert!(!e.to_string().contains("partial"));
    }

    #[test]
    fn background_children_holding_the_pipe_do_not_hang_it() {
        let e = run_command("echo s3cret; sleep 5 &", Duration::from_millis(300));
        assert!(
            matches!(e, Err(SecretError::CommandTimeout { .. })),
            "{e:?}"
        );
        let ok = run_command(
            "echo s3cret; sleep 5 >/dev/null 2>&1 &",
            Duration::from_secs(5),
        );
        assert_eq!(ok.unwrap().expose(), "s3cret");
    }

    /// Whether process `pid` has ended (gone, or a zombie nobody reaped yet).
    #[cfg(target_os = "linux")]
    fn ended(pid: &str) -> bool {
        match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
            Err(_) => true,
            Ok(stat) => stat
                .rsplit(')')
                .next()
                .and_then(|rest| rest.split_whitespace().next())
                .is_some_and(|state| state == "Z" || state == "X"),
        }
    }

    #[cfg(target_os = "linux")]
    fn wait_ended(pid: &str) -> bool {
        let until = Instant::now() + Duration::from_secs(3);
        while Instant::now() < until {
            if ended(pid) {
                return true;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        false
    }

    /// A timed-out command is killed with everything it started: `sh` runs `sleep` as a child
    /// here, which killing `sh` alone would leave running for 30 s.
    #[cfg(target_os = "linux")]
    #[test]
    fn a_timeout_kills_the_command_and_its_children() {
        let file =
            std::env::temp_dir().join(format!("callboard-secret-pid-{}", std::process::id()));
        let command = format!(
            "sleep 30 & echo $! > {}; sleep 30 >/dev/null 2>&1; echo never",
            file.display()
        );
        let e = run_command(&command, Duration::from_millis(500)).unwrap_err();
        assert!(matches!(e, SecretError::CommandTimeout { .. }), "{e:?}");
        let pid = std::fs::read_to_string(&file).unwrap();
        let _ = std::fs::remove_file(&file);
        assert!(wait_ended(pid.trim()), "sleep {} still runs", pid.trim());
    }

    /// Too much output stops the command at once, not after the timeout.
    #[cfg(target_os = "linux")]
    #[test]
    fn too_much_output_stops_the_command_at_once() {
        let file =
            std::env::temp_dir().join(format!("callboard-secret-pid2-{}", std::process::id()));
        let command = format!(
            "sleep 30 & echo $! > {}; while :; do echo s3cret; done",
            file.display()
        );
        let started = Instant::now();
        let e = run_command(&command, Duration::from_secs(10)).unwrap_err();
        assert!(
            matches!(e, SecretError::CommandOutputTooLarge { .. }),
            "{e:?}"
        );
        assert!(started.elapsed() < Duration::from_secs(5));
        let pid = std::fs::read_to_string(&file).unwrap();
        let _ = std::fs::remove_file(&file);
        assert!(wait_ended(pid.trim()), "sleep {} still runs", pid.trim());
    }

    #[test]
    fn the_signal_that_ended_it_is_named() {
        let e = run_command("kill -s TERM $$", Duration::from_secs(5)).unwrap_err();
        assert!(
            matches!(
                e,
                SecretError::CommandFailed {
                    signal: Some(15),
                    ..
                }
            ),
            "{e:?}"
        );
        assert!(e.to_string().contains("killed by signal 15"), "{e}");
    }
}
