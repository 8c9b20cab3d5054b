//! Plain-text tables and CSV for headless output.
//!
//! Columns are aligned by display width (a CJK character takes two terminal columns), control
//! characters from vendor data are replaced so they cannot move the cursor or change colours, and
//! colours are ANSI escapes added only when asked (never when stdout is not a terminal or
//! `NO_COLOR` is set: see [`super::colour_stdout`]). CSV follows RFC 4180 (written by the `csv`
//! crate).

use unicode_width::UnicodeWidthChar;

/// A colour for one cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Colour {
    Green,
    Yellow,
    Red,
    Blue,
    Magenta,
    Cyan,
    /// Faint text (offline, stale).
    Dim,
}

impl Colour {
    fn sgr(self) -> &'static str {
        match self {
            Colour::Green => "\x1b[32m",
            Colour::Yellow => "\x1b[33m",
            Colour::Red => "\x1b[31m",
            Colour::Blue => "\x1b[34m",
            Colour::Magenta => "\x1b[35m",
            Colour::Cyan => "\x1b[36m",
            Colour::Dim => "\x1b[2m",
        }
    }
}

const RESET: &str = "\x1b[0m";

/// One cell: its text and an optional colour.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    pub text: String,
    pub colour: Option<Colour>,
}

impl Cell {
    pub fn plain(text: impl Into<String>) -> Cell {
        Cell {
            text: clean(&text.into()),
            colour: None,
        }
    }

    pub fn coloured(text: impl Into<String>, colour: Colour) -> Cell {
        Cell {
            text: clean(&text.into()),
            colour: Some(colour),
        }
    }
}

/// Replaces control characters (escape, newline, tab, …) with a space, so vendor text cannot
/// break the table or drive the terminal.
pub fn clean(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// Terminal columns `text` takes (CJK wide characters count 2, combining marks 0).
pub fn display_width(text: &str) -> usize {
    text.chars().map(|c| c.width().unwrap_or(0)).sum()
}

/// `text` cut to at most `max` columns, ending in `…` when cut.
pub fn truncate(text: &str, max: usize) -> String {
    if display_width(text) <= max {
        return text.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > max {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out
}

/// Renders a table: a header row and the rows, columns separated by two spaces, each padded to its
/// widest cell by display width. The last column is not padded. Every line ends in `\n`.
pub fn render(headers: &[&str], rows: &[Vec<Cell>], colour: bool) -> String {
    let columns = headers.len();
    let mut widths: Vec<usize> = headers.iter().map(|h| display_width(h)).collect();
    for row in rows {
        for (i, cell) in row.iter().enumerate().take(columns) {
            widths[i] = widths[i].max(display_width(&cell.text));
        }
    }
    let mut out = String::new();
    let header: Vec<Cell> = headers.iter().map(|h| Cell::plain(*h)).collect();
    for row in std::iter::once(&header).chain(rows) {
        let mut line = String::new();
        for (i, width) in widths.iter().enumerate() {
            let cell = row.get(i);
            let text = cell.map_or("", |c| c.text.as_str());
            let last = i + 1 == columns;
            match cell.and_then(|c| c.colour).filter(|_| colour) {
                Some(c) => {
                    line.push_str(c.sgr());
                    line.push_str(text);
                    line.push_str(RESET);
                }
                None => line.push_str(text),
            }
            if !last {
                let pad = width.saturating_sub(display_width(text)) + 2;
                line.extend(std::iter::repeat_n(' ', pad));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

pub use crate::csv_text::{csv_field, csv_record};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cjk_names_align_by_display_width() {
        let rows = vec![
            vec![Cell::plain("张伟"), Cell::plain("ready")],
            vec![Cell::plain("Alice Smith"), Cell::plain("break")],
        ];
        let out = render(&["NAME", "STATE"], &rows, false);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines[0], "NAME         STATE");
        assert_eq!(lines[1], "张伟         ready");
        assert_eq!(lines[2], "Alice Smith  break");
        // The STATE column starts at the same terminal column on every line.
        for (line, word) in lines.iter().zip(["STATE", "ready", "break"]) {
            let at = line.find(word).expect("state column");
            assert_eq!(display_width(&line[..at]), 13, "{line:?}");
        }
    }

    #[test]
    fn colour_only_when_asked() {
        let rows = vec![vec![
            Cell::coloured("ready", Colour::Green),
            Cell::plain("x"),
        ]];
        let plain = render(&["STATE", "X"], &rows, false);
        assert!(!plain.contains('\x1b'));
        let coloured = render(&["STATE", "X"], &rows, true);
        assert!(coloured.contains("\x1b[32mready\x1b[0m  x"), "{coloured:?}");
    }

    #[test]
    fn control_characters_are_neutralised() {
        let cell = Cell::plain("evil\x1b[2J\nname");
        assert_eq!(cell.text, "evil [2J name");
    }

    #[test]
    fn truncate_counts_columns() {
        assert_eq!(truncate("abcdef", 10), "abcdef");
        assert_eq!(truncate("abcdef", 4), "abc…");
        assert_eq!(truncate("销售一组,销售二组", 7), "销售一…");
        assert!(display_width(&truncate("销售一组,销售二组", 7)) <= 7);
    }

    #[test]
    fn csv_records_read_back_as_written() {
        let rows = [
            vec!["backend", "name", "reason_label"],
            vec!["aliyun-sim", "张伟, \"Zhang\"", "two\r\nlines"],
            vec!["", "", ""],
        ];
        let text: String = rows.iter().map(|r| csv_record(r)).collect();
        let read: Vec<Vec<String>> = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(text.as_bytes())
            .records()
            .map(|r| r.unwrap().iter().map(str::to_string).collect())
            .collect();
        assert_eq!(read, rows);
    }

    #[test]
    fn csv_quotes_per_rfc4180() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("two\nlines"), "\"two\nlines\"");
        assert_eq!(csv_record(&["a", "b,c", ""]), "a,\"b,c\",\r\n");
    }
}
