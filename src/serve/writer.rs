//! The bytes of one session's screen: a `Write` sink the ratatui crossterm backend draws into (a
//! whole frame is taken at once and handed to the session's writer task, which sends it on the
//! SSH channel under the channel's flow control), and the fixed sequences that take over and give
//! back the client's terminal.

/// Alternate screen, cursor hidden, screen cleared.
pub const ENTER: &[u8] = b"\x1b[?1049h\x1b[?25l\x1b[2J";
/// Synchronized output around each frame (DEC 2026; terminals without it ignore it).
pub const SYNC_BEGIN: &[u8] = b"\x1b[?2026h";
pub const SYNC_END: &[u8] = b"\x1b[?2026l";
/// Attributes reset, cursor shown, alternate screen left.
pub const LEAVE: &[u8] = b"\x1b[0m\x1b[?25h\x1b[?1049l";

/// A frame being drawn; clones share the bytes (the backend writes, the session takes).
#[derive(Debug, Default, Clone)]
pub struct FrameBuffer {
    bytes: std::sync::Arc<std::sync::Mutex<Vec<u8>>>,
}

impl FrameBuffer {
    /// The bytes written since the last take.
    pub fn take(&self) -> Vec<u8> {
        std::mem::take(&mut *crate::sync::lock(&self.bytes))
    }

    /// Appends `bytes`.
    pub fn push(&self, bytes: &[u8]) {
        crate::sync::lock(&self.bytes).extend_from_slice(bytes);
    }
}

impl std::io::Write for FrameBuffer {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.push(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
