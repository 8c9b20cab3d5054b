//! Big digits for the wallboard: one 5-pixel-high font drawn either full size (a block per pixel,
//! 5 rows) or at half height (two pixels per cell with `▀ ▄ █`, 3 rows).

/// The glyph of `c` as rows of pixels (`#` on), or `None` for a character the font lacks.
fn glyph(c: char) -> Option<[&'static str; 5]> {
    Some(match c {
        '0' => ["###", "# #", "# #", "# #", "###"],
        '1' => [" # ", "## ", " # ", " # ", "###"],
        '2' => ["###", "  #", "###", "#  ", "###"],
        '3' => ["###", "  #", "###", "  #", "###"],
        '4' => ["# #", "# #", "###", "  #", "  #"],
        '5' => ["###", "#  ", "###", "  #", "###"],
        '6' => ["###", "#  ", "###", "# #", "###"],
        '7' => ["###", "  #", "  #", "  #", "  #"],
        '8' => ["###", "# #", "###", "# #", "###"],
        '9' => ["###", "# #", "###", "  #", "###"],
        ':' => [" ", "#", " ", "#", " "],
        '.' => [" ", " ", " ", " ", "#"],
        '%' => ["# #", "  #", " # ", "#  ", "# #"],
        '–' | '-' => ["   ", "   ", "###", "   ", "   "],
        '+' => ["   ", " # ", "###", " # ", "   "],
        ' ' => [" ", " ", " ", " ", " "],
        _ => return None,
    })
}

/// How big the digits are drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Size {
    /// 5 rows.
    Full,
    /// 3 rows.
    Half,
}

impl Size {
    pub fn rows(self) -> u16 {
        match self {
            Size::Full => 5,
            Size::Half => 3,
        }
    }
}

/// The display width of `text` in big digits (one column between glyphs); characters the font
/// lacks count as a space.
pub fn width(text: &str) -> usize {
    let n = text.chars().count();
    text.chars()
        .map(|c| glyph(c).map_or(1, |g| g[0].chars().count()))
        .sum::<usize>()
        + n.saturating_sub(1)
}

/// `text` in big digits: [`Size::rows`] lines of equal width.
pub fn render(text: &str, size: Size) -> Vec<String> {
    let mut pixels: Vec<String> = vec![String::new(); 5];
    for (i, c) in text.chars().enumerate() {
        let g = glyph(c).unwrap_or([" "; 5]);
        for (row, line) in pixels.iter_mut().enumerate() {
            if i > 0 {
                line.push(' ');
            }
            line.push_str(g[row]);
        }
    }
    let on = |row: Option<&String>, col: usize| {
        row.and_then(|r| r.as_bytes().get(col).copied()) == Some(b'#')
    };
    match size {
        Size::Full => pixels
            .iter()
            .map(|r| {
                r.chars()
                    .map(|c| if c == '#' { '█' } else { ' ' })
                    .collect()
            })
            .collect(),
        Size::Half => (0..3)
            .map(|row| {
                let (top, bottom) = (pixels.get(row * 2), pixels.get(row * 2 + 1));
                (0..pixels[0].len())
                    .map(|col| match (on(top, col), on(bottom, col)) {
                        (true, true) => '█',
                        (true, false) => '▀',
                        (false, true) => '▄',
                        (false, false) => ' ',
                    })
                    .collect()
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_render_at_both_sizes() {
        assert_eq!(render("1", Size::Full), [" █ ", "██ ", " █ ", " █ ", "███"]);
        assert_eq!(render("7", Size::Half), ["▀▀█", "  █", "  ▀"]);
        assert_eq!(width("12:05"), 3 + 1 + 3 + 1 + 1 + 1 + 3 + 1 + 3);
        let lines = render("85%", Size::Full);
        assert!(lines.iter().all(|l| l.chars().count() == width("85%")));
        assert_eq!(render("–", Size::Full)[2], "███");
    }
}
