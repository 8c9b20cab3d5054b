//! A sparkline as text, for places a ratatui `Sparkline` widget does not fit (inside a line of
//! spans, like the header's): one of `▁▂▃▄▅▆▇█` per point, scaled to the highest, `–` where the
//! figure was unknown.

const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/// The last `width` of `values` as bars, scaled to `max` (or the highest value shown).
pub fn text(values: &[Option<u64>], width: usize, max: Option<u64>) -> String {
    let skip = values.len().saturating_sub(width);
    let shown = &values[skip..];
    let top = max
        .or_else(|| shown.iter().flatten().copied().max())
        .unwrap_or(0)
        .max(1);
    shown
        .iter()
        .map(|v| match v {
            None => '–',
            Some(v) => {
                let i = ((*v).min(top) * (BARS.len() as u64 - 1) + top / 2) / top;
                BARS[i as usize]
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_scale_to_the_highest_and_unknown_is_a_dash() {
        assert_eq!(text(&[Some(0), Some(4), Some(8), None], 10, None), "▁▅█–");
        assert_eq!(text(&[Some(1), Some(2), Some(3)], 2, None), "▆█");
        assert_eq!(text(&[], 5, None), "");
        assert_eq!(text(&[Some(50)], 1, Some(100)), "▅");
    }
}
