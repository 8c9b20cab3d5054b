//! Reading a small local file (the config, a theme, a secret file) with a bound: regular files
//! only — no FIFO, which would block, no device such as `/dev/zero`, which never ends — and at
//! most a cap of bytes, checked before reading and enforced while reading.

use std::fs::{File, Metadata};
use std::io::Read;
use std::path::Path;

/// Why a local file was not read. The messages say what the file is; the caller names the file
/// and the fix. They never contain the file's contents.
#[derive(Debug, thiserror::Error)]
pub enum LocalFileError {
    /// A FIFO, device, socket or directory.
    #[error("it is {kind}, not a regular file")]
    NotRegular { kind: &'static str },
    /// More than `cap` bytes.
    #[error("it is larger than {}", size_text(*cap))]
    TooLarge { cap: u64 },
    /// The bytes are not UTF-8 (when read as text).
    #[error("it is not UTF-8 text")]
    NotUtf8,
    /// Opening or reading failed (not found, permission denied…).
    #[error("{0}")]
    Io(#[source] std::io::Error),
}

impl LocalFileError {
    /// Whether the file does not exist.
    pub fn is_not_found(&self) -> bool {
        matches!(self, LocalFileError::Io(e) if e.kind() == std::io::ErrorKind::NotFound)
    }
}

/// `64 KiB`, `1 MiB`, or `N bytes`.
pub fn size_text(bytes: u64) -> String {
    const KIB: u64 = 1024;
    const MIB: u64 = 1024 * KIB;
    match bytes {
        b if b >= MIB && b % MIB == 0 => format!("{} MiB", b / MIB),
        b if b >= KIB && b % KIB == 0 => format!("{} KiB", b / KIB),
        b => format!("{b} bytes"),
    }
}

/// What kind of file this is, in words: `a directory`, `a named pipe (FIFO)`…
pub fn file_kind(meta: &Metadata) -> &'static str {
    let kind = meta.file_type();
    if kind.is_dir() {
        return "a directory";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if kind.is_char_device() {
            return "a character device";
        }
        if kind.is_block_device() {
            return "a block device";
        }
        if kind.is_socket() {
            return "a socket";
        }
    }
    "not a plain file"
}

/// The metadata of `path` (following symbolic links) if it is a regular file.
pub fn regular_file(path: &Path) -> Result<Metadata, LocalFileError> {
    let meta = std::fs::metadata(path).map_err(LocalFileError::Io)?;
    check_regular(&meta)?;
    Ok(meta)
}

fn check_regular(meta: &Metadata) -> Result<(), LocalFileError> {
    if meta.is_file() {
        Ok(())
    } else {
        Err(LocalFileError::NotRegular {
            kind: file_kind(meta),
        })
    }
}

/// Reads at most `cap` bytes of the regular file `path`. The type and size are checked before
/// the file is opened (so a FIFO is never opened, which would block) and again on the open file
/// (in case the path was swapped meanwhile), and the read stops after `cap + 1` bytes whatever
/// the size said.
pub fn read_bytes(path: &Path, cap: u64) -> Result<Vec<u8>, LocalFileError> {
    let too_large = LocalFileError::TooLarge { cap };
    if regular_file(path)?.len() > cap {
        return Err(too_large);
    }
    let file = File::open(path).map_err(LocalFileError::Io)?;
    let meta = file.metadata().map_err(LocalFileError::Io)?;
    check_regular(&meta)?;
    if meta.len() > cap {
        return Err(too_large);
    }
    let mut bytes = Vec::new();
    file.take(cap.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(LocalFileError::Io)?;
    if bytes.len() as u64 > cap {
        return Err(too_large);
    }
    Ok(bytes)
}

/// [`read_bytes`], as UTF-8 text.
pub fn read_text(path: &Path, cap: u64) -> Result<String, LocalFileError> {
    String::from_utf8(read_bytes(path, cap)?).map_err(|_| LocalFileError::NotUtf8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_as_words() {
        assert_eq!(size_text(64 * 1024), "64 KiB");
        assert_eq!(size_text(1024 * 1024), "1 MiB");
        assert_eq!(size_text(1000), "1000 bytes");
    }

    #[test]
    fn reads_regular_files_up_to_the_cap() {
        let path =
            std::env::temp_dir().join(format!("callboard-local-file-{}", std::process::id()));
        std::fs::write(&path, "12345").unwrap();
        assert_eq!(read_text(&path, 5).unwrap(), "12345");
        assert!(matches!(
            read_bytes(&path, 4),
            Err(LocalFileError::TooLarge { cap: 4 })
        ));
        std::fs::write(&path, [0xff, 0xfe]).unwrap();
        assert!(matches!(read_text(&path, 5), Err(LocalFileError::NotUtf8)));
        let _ = std::fs::remove_file(&path);
        assert!(read_bytes(&path, 5).unwrap_err().is_not_found());
        let dir = std::env::temp_dir();
        let e = read_bytes(&dir, 5).unwrap_err();
        assert_eq!(e.to_string(), "it is a directory, not a regular file");
    }
}
