//! Key input of an SSH session: the raw bytes a client's terminal sends, decoded into the
//! crossterm [`KeyEvent`]s the app understands (crossterm's own parser reads only the local
//! terminal). Covers printable UTF-8, Enter, Esc, Tab, BackTab, Backspace, arrows, Home/End,
//! PgUp/PgDn, Insert/Delete, F1–F12, Ctrl-letters and Alt-keys. An unknown or malformed sequence
//! is dropped, never a panic; a sequence cut between two reads is completed by the next one.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// The longest escape sequence kept while waiting for its end; anything longer is dropped.
const MAX_PENDING: usize = 32;

/// Turns a stream of terminal bytes into key events; keeps an unfinished sequence between reads.
#[derive(Debug, Default)]
pub struct KeyDecoder {
    pending: Vec<u8>,
}

/// What the front of the buffer holds.
enum Step {
    /// A key (or nothing, for an ignored sequence) and how many bytes it took.
    Done(Option<KeyEvent>, usize),
    /// The sequence may go on in the next read.
    NeedMore,
}

impl KeyDecoder {
    pub fn new() -> KeyDecoder {
        KeyDecoder::default()
    }

    /// Decodes `bytes` (appended to what was left over) into keys.
    pub fn feed(&mut self, bytes: &[u8]) -> Vec<KeyEvent> {
        self.pending.extend_from_slice(bytes);
        let mut keys = Vec::new();
        let mut at = 0;
        while at < self.pending.len() {
            match step(&self.pending[at..]) {
                Step::Done(key, used) => {
                    keys.extend(key);
                    at += used.max(1);
                }
                Step::NeedMore => {
                    if self.pending.len() - at > MAX_PENDING {
                        at = self.pending.len();
                    }
                    break;
                }
            }
        }
        self.pending.drain(..at.min(self.pending.len()));
        keys
    }

    /// The read ended with a lone Esc (or an unfinished sequence) and nothing followed within the
    /// caller's wait: a lone Esc is the Esc key; an unfinished sequence is dropped.
    pub fn flush(&mut self) -> Vec<KeyEvent> {
        let keys = if self.pending == [0x1b] {
            vec![key(KeyCode::Esc, KeyModifiers::NONE)]
        } else {
            Vec::new()
        };
        self.pending.clear();
        keys
    }

    /// Whether bytes wait for the rest of their sequence (the caller then calls [`Self::flush`]
    /// after a short wait, so a lone Esc is not held back).
    pub fn has_pending(&self) -> bool {
        !self.pending.is_empty()
    }
}

fn key(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
    KeyEvent::new(code, modifiers)
}

fn plain(code: KeyCode) -> Step {
    Step::Done(Some(key(code, KeyModifiers::NONE)), 1)
}

fn step(buf: &[u8]) -> Step {
    let Some(&b) = buf.first() else {
        return Step::NeedMore;
    };
    match b {
        0x1b => escape(buf),
        b'\r' | b'\n' => {
            // CR LF from a terminal in CRLF mode is one Enter.
            let used = if b == b'\r' && buf.get(1) == Some(&b'\n') {
                2
            } else {
                1
            };
            Step::Done(Some(key(KeyCode::Enter, KeyModifiers::NONE)), used)
        }
        b'\t' => plain(KeyCode::Tab),
        0x7f | 0x08 => plain(KeyCode::Backspace),
        0x00 => Step::Done(Some(key(KeyCode::Char(' '), KeyModifiers::CONTROL)), 1),
        0x01..=0x1a => {
            let letter = char::from(b'a' + b - 1);
            Step::Done(Some(key(KeyCode::Char(letter), KeyModifiers::CONTROL)), 1)
        }
        0x1c..=0x1f => Step::Done(None, 1),
        _ => utf8(buf),
    }
}

/// One UTF-8 character (printable), or skip an invalid byte.
fn utf8(buf: &[u8]) -> Step {
    let len = match buf[0] {
        0x00..=0x7f => 1,
        0xc2..=0xdf => 2,
        0xe0..=0xef => 3,
        0xf0..=0xf4 => 4,
        _ => return Step::Done(None, 1),
    };
    if buf.len() < len {
        // Only wait when what is there so far is a valid start.
        return if buf[1..].iter().all(|c| (0x80..=0xbf).contains(c)) {
            Step::NeedMore
        } else {
            Step::Done(None, 1)
        };
    }
    match std::str::from_utf8(&buf[..len])
        .ok()
        .and_then(|s| s.chars().next())
    {
        Some(c) if !c.is_control() => {
            Step::Done(Some(key(KeyCode::Char(c), KeyModifiers::NONE)), len)
        }
        Some(_) => Step::Done(None, len),
        None => Step::Done(None, 1),
    }
}

fn escape(buf: &[u8]) -> Step {
    match buf.get(1) {
        None => Step::NeedMore,
        Some(b'[') => csi(buf),
        Some(b'O') => ss3(buf),
        Some(0x1b) => plain(KeyCode::Esc),
        Some(_) => match step(&buf[1..]) {
            // Alt + key: ESC then the key.
            Step::Done(Some(mut k), used) => {
                k.modifiers |= KeyModifiers::ALT;
                Step::Done(Some(k), used + 1)
            }
            Step::Done(None, used) => Step::Done(None, used + 1),
            Step::NeedMore => Step::NeedMore,
        },
    }
}

/// `ESC O P`..`S` (F1–F4) and application-mode arrows `ESC O A`..`D`, Home `H`, End `F`.
fn ss3(buf: &[u8]) -> Step {
    let Some(&c) = buf.get(2) else {
        return Step::NeedMore;
    };
    let code = match c {
        b'A' => KeyCode::Up,
        b'B' => KeyCode::Down,
        b'C' => KeyCode::Right,
        b'D' => KeyCode::Left,
        b'H' => KeyCode::Home,
        b'F' => KeyCode::End,
        b'M' => KeyCode::Enter,
        b'P' => KeyCode::F(1),
        b'Q' => KeyCode::F(2),
        b'R' => KeyCode::F(3),
        b'S' => KeyCode::F(4),
        _ => return Step::Done(None, 3),
    };
    Step::Done(Some(key(code, KeyModifiers::NONE)), 3)
}

/// `ESC [ params final`: arrows, Home/End, BackTab, and `ESC [ n ~` keys, with xterm modifiers
/// (`;2` Shift, `;3` Alt, `;5` Ctrl, ...).
fn csi(buf: &[u8]) -> Step {
    // Parameters are digits and `;`; the final byte is 0x40..=0x7e.
    let mut end = 2;
    loop {
        match buf.get(end) {
            None => return Step::NeedMore,
            Some(b'0'..=b'9' | b';') => end += 1,
            Some(0x40..=0x7e) => break,
            // Private or intermediate bytes (mouse, focus, ...): skip to the final byte.
            Some(0x20..=0x3f) => end += 1,
            Some(_) => return Step::Done(None, end),
        }
        if end > MAX_PENDING {
            return Step::Done(None, end);
        }
    }
    let used = end + 1;
    let params = std::str::from_utf8(&buf[2..end]).unwrap_or("");
    let mut nums = params.split(';').map(|p| p.parse::<u16>().ok());
    let first = nums.next().flatten();
    let modifiers = nums
        .next()
        .flatten()
        .map_or(KeyModifiers::NONE, modifiers_of);
    let code = match buf[end] {
        b'A' => KeyCode::Up,
        b'B' => KeyCode::Down,
        b'C' => KeyCode::Right,
        b'D' => KeyCode::Left,
        b'H' => KeyCode::Home,
        b'F' => KeyCode::End,
        b'Z' => return Step::Done(Some(key(KeyCode::BackTab, KeyModifiers::SHIFT)), used),
        b'P' => KeyCode::F(1),
        b'Q' => KeyCode::F(2),
        b'R' => KeyCode::F(3),
        b'S' => KeyCode::F(4),
        b'~' => match first.and_then(tilde_key) {
            Some(code) => code,
            None => return Step::Done(None, used),
        },
        _ => return Step::Done(None, used),
    };
    Step::Done(Some(key(code, modifiers)), used)
}

fn tilde_key(n: u16) -> Option<KeyCode> {
    Some(match n {
        1 | 7 => KeyCode::Home,
        2 => KeyCode::Insert,
        3 => KeyCode::Delete,
        4 | 8 => KeyCode::End,
        5 => KeyCode::PageUp,
        6 => KeyCode::PageDown,
        11..=15 => KeyCode::F((n - 10) as u8),
        17..=21 => KeyCode::F((n - 11) as u8),
        23 | 24 => KeyCode::F((n - 12) as u8),
        _ => return None,
    })
}

/// xterm's modifier parameter: 1 + (Shift 1, Alt 2, Ctrl 4).
fn modifiers_of(p: u16) -> KeyModifiers {
    let bits = p.saturating_sub(1);
    let mut m = KeyModifiers::NONE;
    if bits & 1 != 0 {
        m |= KeyModifiers::SHIFT;
    }
    if bits & 2 != 0 {
        m |= KeyModifiers::ALT;
    }
    if bits & 4 != 0 {
        m |= KeyModifiers::CONTROL;
    }
    m
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(bytes: &[u8]) -> Vec<(KeyCode, KeyModifiers)> {
        let mut d = KeyDecoder::new();
        let mut keys = d.feed(bytes);
        keys.extend(d.flush());
        keys.into_iter().map(|k| (k.code, k.modifiers)).collect()
    }

    const N: KeyModifiers = KeyModifiers::NONE;

    #[test]
    fn printable_text_and_cjk() {
        assert_eq!(
            codes("a/坐席".as_bytes()),
            vec![
                (KeyCode::Char('a'), N),
                (KeyCode::Char('/'), N),
                (KeyCode::Char('坐'), N),
                (KeyCode::Char('席'), N)
            ]
        );
    }

    #[test]
    fn control_keys() {
        assert_eq!(
            codes(b"\r\t\x7f\x03\x1b[Z"),
            vec![
                (KeyCode::Enter, N),
                (KeyCode::Tab, N),
                (KeyCode::Backspace, N),
                (KeyCode::Char('c'), KeyModifiers::CONTROL),
                (KeyCode::BackTab, KeyModifiers::SHIFT)
            ]
        );
        assert_eq!(codes(b"\r\n"), vec![(KeyCode::Enter, N)]);
    }

    #[test]
    fn arrows_pages_and_function_keys() {
        assert_eq!(
            codes(b"\x1b[A\x1bOB\x1b[5~\x1b[6~\x1b[H\x1b[4~\x1b[3~\x1bOP\x1b[24~\x1b[15~"),
            vec![
                (KeyCode::Up, N),
                (KeyCode::Down, N),
                (KeyCode::PageUp, N),
                (KeyCode::PageDown, N),
                (KeyCode::Home, N),
                (KeyCode::End, N),
                (KeyCode::Delete, N),
                (KeyCode::F(1), N),
                (KeyCode::F(12), N),
                (KeyCode::F(5), N)
            ]
        );
        assert_eq!(
            codes(b"\x1b[1;5C"),
            vec![(KeyCode::Right, KeyModifiers::CONTROL)]
        );
    }

    #[test]
    fn lone_escape_is_the_esc_key_once_flushed() {
        let mut d = KeyDecoder::new();
        assert!(d.feed(b"\x1b").is_empty());
        assert!(d.has_pending());
        assert_eq!(
            d.flush().into_iter().map(|k| k.code).collect::<Vec<_>>(),
            vec![KeyCode::Esc]
        );
        assert_eq!(
            codes(b"\x1bx"),
            vec![(KeyCode::Char('x'), KeyModifiers::ALT)]
        );
    }

    #[test]
    fn a_sequence_split_across_reads_is_joined() {
        let mut d = KeyDecoder::new();
        assert!(d.feed(b"\x1b[").is_empty());
        assert!(d.feed(b"1").is_empty());
        let keys = d.feed(b"5~q");
        assert_eq!(
            keys.iter().map(|k| k.code).collect::<Vec<_>>(),
            vec![KeyCode::F(5), KeyCode::Char('q')]
        );
        let mut d = KeyDecoder::new();
        assert!(d.feed(&[0xe5]).is_empty());
        assert_eq!(d.feed(&[0x9d, 0x90])[0].code, KeyCode::Char('坐'));
    }

    #[test]
    fn unknown_and_malformed_input_is_ignored() {
        assert_eq!(codes(b"\x1b[99~x"), vec![(KeyCode::Char('x'), N)]);
        assert_eq!(codes(&[0xff, 0xc3, b'y']), vec![(KeyCode::Char('y'), N)]);
        // Mouse reports (SGR) are skipped whole.
        assert_eq!(codes(b"\x1b[<0;10;5Mz"), vec![(KeyCode::Char('z'), N)]);
        // A never-ending sequence is bounded.
        let mut d = KeyDecoder::new();
        let long = [b"\x1b[".as_slice(), &[b'1'; 100]].concat();
        d.feed(&long);
        assert!(d.pending.len() <= MAX_PENDING + 2);
    }

    #[test]
    fn every_short_byte_string_decodes_without_panic() {
        // A cheap exhaustive fuzz: every 1- and 2-byte input, and 3-byte ones from escape heads.
        let mut d = KeyDecoder::new();
        for a in 0..=255u8 {
            let _ = d.feed(&[a]);
            let _ = d.flush();
            for b in 0..=255u8 {
                let _ = d.feed(&[a, b]);
                let _ = d.flush();
                if a == 0x1b {
                    for c in [b'[', b'O', b'1', b';', b'~', 0xe5, 0x1b] {
                        let _ = d.feed(&[a, b, c]);
                        let _ = d.flush();
                    }
                }
            }
        }
        // Pseudo-random soup.
        let mut x: u32 = 12345;
        let mut soup = Vec::new();
        for _ in 0..20_000 {
            x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            soup.push((x >> 16) as u8);
        }
        for chunk in soup.chunks(7) {
            let _ = d.feed(chunk);
        }
        let _ = d.flush();
    }
}
