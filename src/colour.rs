//! One rule for colour on every output callboard writes: `NO_COLOR` (no-color.org) turns colour
//! off, `CLICOLOR_FORCE` (other than `0`) turns it on even when piped, `CLICOLOR=0` turns it off
//! (bixense.com/clicolors), else colour only on a terminal; and how many colours the terminal
//! shows (`COLORTERM` = `truecolor`/`24bit` for 24-bit; the Linux console and `vt100`-style
//! `TERM`s the 16 ANSI colours; else the 256-colour palette, which current terminals and
//! multiplexers map correctly).

use ratatui::style::{Color, Style};

/// How many colours the terminal shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Depth {
    /// 24-bit (`38;2;r;g;b`).
    TrueColor,
    /// The xterm 256-colour palette (`38;5;n`).
    Palette256,
    /// The 16 ANSI colours only (the Linux console, `vt100`-style terminals).
    Basic16,
}

fn set(get: &impl Fn(&str) -> Option<String>, name: &str) -> Option<String> {
    get(name).filter(|v| !v.is_empty())
}

/// Whether a stream gets colour, given whether it is a terminal and the environment.
pub fn stream_colour_with(is_terminal: bool, get: impl Fn(&str) -> Option<String>) -> bool {
    if set(&get, "NO_COLOR").is_some() {
        return false;
    }
    if set(&get, "CLICOLOR_FORCE").is_some_and(|v| v != "0") {
        return true;
    }
    if set(&get, "CLICOLOR").is_some_and(|v| v == "0") {
        return false;
    }
    is_terminal
}

/// [`stream_colour_with`] for this process's environment.
pub fn stream_colour(is_terminal: bool) -> bool {
    stream_colour_with(is_terminal, |k| std::env::var(k).ok())
}

/// Whether the dashboard is asked for no colour at all (`NO_COLOR`, or `CLICOLOR=0` without
/// `CLICOLOR_FORCE`): it then starts with the `mono` theme.
pub fn screen_mono() -> bool {
    !stream_colour_with(true, |k| std::env::var(k).ok())
}

/// The terminal's colour depth from the environment.
pub fn depth_with(get: impl Fn(&str) -> Option<String>) -> Depth {
    if let Some(v) = set(&get, "COLORTERM").map(|v| v.to_ascii_lowercase()) {
        if v == "truecolor" || v == "24bit" {
            return Depth::TrueColor;
        }
    }
    let term = set(&get, "TERM").unwrap_or_default().to_ascii_lowercase();
    let basic = ["linux", "vt100", "vt102", "vt220", "ansi", "cons25"].contains(&term.as_str())
        || term.ends_with("-16color")
        || term.ends_with("-8color");
    if basic {
        Depth::Basic16
    } else {
        Depth::Palette256
    }
}

/// [`depth_with`] for this process's environment (read once).
pub fn depth() -> Depth {
    static DEPTH: std::sync::OnceLock<Depth> = std::sync::OnceLock::new();
    *DEPTH.get_or_init(|| depth_with(|k| std::env::var(k).ok()))
}

/// The xterm-256 index nearest to an RGB colour (the 6×6×6 cube or the 24 greys).
pub fn nearest_256(r: u8, g: u8, b: u8) -> u8 {
    const LEVELS: [u8; 6] = [0, 95, 135, 175, 215, 255];
    let level = |v: u8| {
        LEVELS
            .iter()
            .enumerate()
            .min_by_key(|(_, l)| (i32::from(**l) - i32::from(v)).abs())
            .map_or(0, |(i, _)| i)
    };
    let (ri, gi, bi) = (level(r), level(g), level(b));
    let cube = 16 + 36 * ri + 6 * gi + bi;
    let cube_rgb = (LEVELS[ri], LEVELS[gi], LEVELS[bi]);
    let avg = (u16::from(r) + u16::from(g) + u16::from(b)) / 3;
    let grey_i = (avg.saturating_sub(3) / 10).min(23);
    let grey_v = 8 + 10 * grey_i;
    let dist = |(a, b2, c): (u8, u8, u8)| {
        let d = |x: u8, y: u8| (i32::from(x) - i32::from(y)).pow(2);
        d(a, r) + d(b2, g) + d(c, b)
    };
    let grey = u8::try_from(grey_v).unwrap_or(255);
    if dist((grey, grey, grey)) < dist(cube_rgb) {
        // 232..=255 are the greys.
        232 + u8::try_from(grey_i).unwrap_or(23)
    } else {
        u8::try_from(cube).unwrap_or(231)
    }
}

/// The nearest of the 16 ANSI colours (their usual xterm values).
pub fn nearest_16(r: u8, g: u8, b: u8) -> Color {
    const BASIC: [(Color, (u8, u8, u8)); 16] = [
        (Color::Black, (0, 0, 0)),
        (Color::Red, (205, 0, 0)),
        (Color::Green, (0, 205, 0)),
        (Color::Yellow, (205, 205, 0)),
        (Color::Blue, (0, 0, 238)),
        (Color::Magenta, (205, 0, 205)),
        (Color::Cyan, (0, 205, 205)),
        (Color::Gray, (229, 229, 229)),
        (Color::DarkGray, (127, 127, 127)),
        (Color::LightRed, (255, 0, 0)),
        (Color::LightGreen, (0, 255, 0)),
        (Color::LightYellow, (255, 255, 0)),
        (Color::LightBlue, (92, 92, 255)),
        (Color::LightMagenta, (255, 0, 255)),
        (Color::LightCyan, (0, 255, 255)),
        (Color::White, (255, 255, 255)),
    ];
    let d = |(x, y, z): (u8, u8, u8)| {
        let e = |a: u8, b2: u8| (i32::from(a) - i32::from(b2)).pow(2);
        e(x, r) + e(y, g) + e(z, b)
    };
    BASIC
        .iter()
        .min_by_key(|(_, rgb)| d(*rgb))
        .map_or(Color::White, |(c, _)| *c)
}

fn colour_for(c: Color, depth: Depth) -> Color {
    match (c, depth) {
        (Color::Rgb(r, g, b), Depth::Palette256) => Color::Indexed(nearest_256(r, g, b)),
        (Color::Rgb(r, g, b), Depth::Basic16) => nearest_16(r, g, b),
        _ => c,
    }
}

/// `style` with its 24-bit colours mapped to `depth`.
pub fn style_for(style: Style, depth: Depth) -> Style {
    Style {
        fg: style.fg.map(|c| colour_for(c, depth)),
        bg: style.bg.map(|c| colour_for(c, depth)),
        underline_color: style.underline_color.map(|c| colour_for(c, depth)),
        ..style
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        move |k| {
            pairs
                .iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| v.to_string())
        }
    }

    #[test]
    fn the_conventions_in_their_order() {
        assert!(stream_colour_with(true, env(&[])));
        assert!(!stream_colour_with(false, env(&[])));
        assert!(!stream_colour_with(true, env(&[("CLICOLOR", "0")])));
        assert!(stream_colour_with(false, env(&[("CLICOLOR_FORCE", "1")])));
        assert!(stream_colour_with(
            false,
            env(&[("CLICOLOR_FORCE", "1"), ("CLICOLOR", "0")])
        ));
        assert!(!stream_colour_with(false, env(&[("CLICOLOR_FORCE", "0")])));
        assert!(!stream_colour_with(
            true,
            env(&[("NO_COLOR", "1"), ("CLICOLOR_FORCE", "1")])
        ));
        assert!(stream_colour_with(true, env(&[("NO_COLOR", "")])));
    }

    #[test]
    fn depth_and_palette() {
        assert_eq!(
            depth_with(env(&[("COLORTERM", "truecolor")])),
            Depth::TrueColor
        );
        assert_eq!(depth_with(env(&[("COLORTERM", "24bit")])), Depth::TrueColor);
        assert_eq!(depth_with(env(&[])), Depth::Palette256);
        assert_eq!(
            depth_with(env(&[("TERM", "xterm-256color")])),
            Depth::Palette256
        );
        assert_eq!(depth_with(env(&[("TERM", "linux")])), Depth::Basic16);
        assert_eq!(
            depth_with(env(&[("TERM", "linux"), ("COLORTERM", "truecolor")])),
            Depth::TrueColor
        );
        assert_eq!(nearest_16(250, 10, 10), Color::LightRed);
        assert_eq!(nearest_16(120, 120, 120), Color::DarkGray);
        let s = style_for(Style::default().bg(Color::Rgb(0, 0, 230)), Depth::Basic16);
        assert_eq!(s.bg, Some(Color::Blue));
        assert_eq!(nearest_256(0, 0, 0), 16);
        assert_eq!(nearest_256(255, 255, 255), 231);
        assert_eq!(nearest_256(255, 0, 0), 196);
        assert_eq!(nearest_256(128, 128, 128), 244);
        let s = style_for(
            Style::default().fg(Color::Rgb(255, 0, 0)),
            Depth::Palette256,
        );
        assert_eq!(s.fg, Some(Color::Indexed(196)));
        let s = style_for(Style::default().fg(Color::Rgb(255, 0, 0)), Depth::TrueColor);
        assert_eq!(s.fg, Some(Color::Rgb(255, 0, 0)));
    }
}
