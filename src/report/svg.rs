//! The report's charts as inline SVG: a histogram of scores with the pass
//! mark, bars of mastery per topic, and one learner's scores over time.
//!
//! Our own few lines rather than a charting crate: three fixed chart shapes
//! need rectangles, a polyline and text, and writing them ourselves keeps
//! the output small, deterministic (snapshot-tested) and free of embedded
//! fonts, with every label escaped in one place.

use std::fmt::Write;

use chrono::{DateTime, Utc};

use super::number;
use super::summary::BINS;
use crate::exam::paper::escape_html;

const WIDTH: f64 = 640.0;
const HEIGHT: f64 = 260.0;
/// Room for the axis labels.
const LEFT: f64 = 48.0;
const BOTTOM: f64 = 36.0;
const TOP: f64 = 16.0;
const RIGHT: f64 = 16.0;

fn open(out: &mut String, class: &str, title: &str, height: f64) {
    let _ = write!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="chart {class}" role="img" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}"><title>{}</title>"#,
        escape_html(title)
    );
}

fn text(out: &mut String, x: f64, y: f64, anchor: &str, label: &str) {
    let _ = write!(
        out,
        r#"<text x="{}" y="{}" text-anchor="{anchor}">{}</text>"#,
        number(x, 1),
        number(y, 1),
        escape_html(label)
    );
}

/// A y axis from 0 to `max` with a few labelled grid lines.
fn y_axis(out: &mut String, max: f64, suffix: &str) {
    let plot = HEIGHT - TOP - BOTTOM;
    for step in 0..=4 {
        let value = max * f64::from(step) / 4.0;
        let y = TOP + plot - plot * f64::from(step) / 4.0;
        let _ = write!(
            out,
            r#"<line class="grid" x1="{LEFT}" y1="{y}" x2="{}" y2="{y}"/>"#,
            WIDTH - RIGHT
        );
        text(
            out,
            LEFT - 6.0,
            y + 4.0,
            "end",
            &format!("{}{suffix}", number(value, 1)),
        );
    }
}

/// Attempts per 10% score band, with the pass mark as a dashed line.
pub fn histogram(bins: &[u64; BINS], pass_mark: Option<f64>) -> String {
    let mut out = String::new();
    open(&mut out, "histogram", "Scores: attempts per 10% band", HEIGHT);
    let most = bins.iter().copied().max().unwrap_or(0).max(1);
    // A round top for the axis: the next multiple of 4 keeps labels whole.
    let top = (most as f64 / 4.0).ceil() * 4.0;
    y_axis(&mut out, top, "");
    let plot_width = WIDTH - LEFT - RIGHT;
    let plot_height = HEIGHT - TOP - BOTTOM;
    let band = plot_width / BINS as f64;
    for (i, &count) in bins.iter().enumerate() {
        let height = plot_height * count as f64 / top;
        let x = LEFT + band * i as f64;
        let _ = write!(
            out,
            r#"<rect class="bar" x="{}" y="{}" width="{}" height="{}"><title>{}–{}%: {count}</title></rect>"#,
            number(x + 2.0, 1),
            number(TOP + plot_height - height, 1),
            number(band - 4.0, 1),
            number(height, 1),
            i * 10,
            i * 10 + 10
        );
        text(
            &mut out,
            x,
            HEIGHT - BOTTOM + 16.0,
            "middle",
            &format!("{}", i * 10),
        );
    }
    text(&mut out, WIDTH - RIGHT, HEIGHT - BOTTOM + 16.0, "end", "100%");
    if let Some(mark) = pass_mark {
        let x = LEFT + plot_width * mark.clamp(0.0, 100.0) / 100.0;
        let _ = write!(
            out,
            r#"<line class="pass-mark" x1="{0}" y1="{TOP}" x2="{0}" y2="{1}"/>"#,
            number(x, 1),
            TOP + plot_height
        );
        text(
            &mut out,
            x + 4.0,
            TOP + 12.0,
            "start",
            &format!("pass mark {}%", number(mark, 1)),
        );
    }
    out.push_str("</svg>");
    out
}

/// One horizontal bar per topic: the share of its points earned.
pub fn mastery(topics: &[(&str, Option<f64>)]) -> String {
    let row = 24.0;
    let label_width = 180.0;
    let height = TOP + row * topics.len().max(1) as f64 + BOTTOM;
    let mut out = String::new();
    open(
        &mut out,
        "mastery",
        "Mastery per topic: share of points earned",
        height,
    );
    let plot_width = WIDTH - label_width - RIGHT - 48.0;
    for (i, (topic, share)) in topics.iter().enumerate() {
        let y = TOP + row * i as f64;
        text(&mut out, label_width - 8.0, y + 16.0, "end", topic);
        let share = share.unwrap_or(0.0).clamp(0.0, 100.0);
        let _ = write!(
            out,
            r#"<rect class="track" x="{label_width}" y="{}" width="{}" height="{}"/><rect class="bar" x="{label_width}" y="{}" width="{}" height="{}"/>"#,
            number(y + 4.0, 1),
            number(plot_width, 1),
            number(row - 8.0, 1),
            number(y + 4.0, 1),
            number(plot_width * share / 100.0, 1),
            number(row - 8.0, 1),
        );
        text(
            &mut out,
            label_width + plot_width + 6.0,
            y + 16.0,
            "start",
            &format!("{}%", number(share, 0)),
        );
    }
    out.push_str("</svg>");
    out
}

/// A learner's percent per attempt, placed by start time.
pub fn scores_over_time(points: &[(DateTime<Utc>, f64)], pass_mark: Option<f64>) -> String {
    let mut out = String::new();
    open(&mut out, "scores-over-time", "Scores over time", HEIGHT);
    y_axis(&mut out, 100.0, "%");
    let plot_width = WIDTH - LEFT - RIGHT;
    let plot_height = HEIGHT - TOP - BOTTOM;
    let y_of = |percent: f64| TOP + plot_height - plot_height * percent.clamp(0.0, 100.0) / 100.0;
    if let Some(mark) = pass_mark {
        let y = number(y_of(mark), 1);
        let _ = write!(
            out,
            r#"<line class="pass-mark" x1="{LEFT}" y1="{y}" x2="{}" y2="{y}"/>"#,
            WIDTH - RIGHT
        );
    }
    let (Some(first), Some(last)) = (points.first(), points.last()) else {
        out.push_str("</svg>");
        return out;
    };
    let span = (last.0 - first.0).as_seconds_f64();
    let x_of = |i: usize, time: DateTime<Utc>| {
        // All at one moment (or one point): spread evenly instead.
        let along = if span > 0.0 {
            (time - first.0).as_seconds_f64() / span
        } else if points.len() > 1 {
            i as f64 / (points.len() - 1) as f64
        } else {
            0.5
        };
        LEFT + plot_width * along
    };
    let line: Vec<String> = points
        .iter()
        .enumerate()
        .map(|(i, &(time, percent))| format!("{},{}", number(x_of(i, time), 1), number(y_of(percent), 1)))
        .collect();
    let _ = write!(out, r#"<polyline class="line" points="{}"/>"#, line.join(" "));
    for (i, &(time, percent)) in points.iter().enumerate() {
        let _ = write!(
            out,
            r#"<circle class="dot" cx="{}" cy="{}" r="3"><title>{}: {}%</title></circle>"#,
            number(x_of(i, time), 1),
            number(y_of(percent), 1),
            time.format("%Y-%m-%d %H:%M"),
            number(percent, 1)
        );
    }
    let date = |time: DateTime<Utc>| time.format("%Y-%m-%d").to_string();
    text(&mut out, LEFT, HEIGHT - BOTTOM + 16.0, "start", &date(first.0));
    text(
        &mut out,
        WIDTH - RIGHT,
        HEIGHT - BOTTOM + 16.0,
        "end",
        &date(last.0),
    );
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use chrono::{Duration, TimeZone, Utc};

    use super::{histogram, mastery, scores_over_time};

    #[test]
    fn the_histogram_draws_a_bar_per_band_and_the_pass_mark() {
        let svg = histogram(&[0, 1, 0, 0, 0, 0, 2, 0, 4, 1], Some(80.0));
        assert_eq!(svg.matches("<rect class=\"bar\"").count(), 10);
        // 80% of the 576-wide plot after the 48 left margin.
        assert!(svg.contains(r#"<line class="pass-mark" x1="508.8""#), "{svg}");
        // The tallest band (4) fills the plot: 208 high from y 16.
        assert!(
            svg.contains(r#"y="16" width="53.6" height="208"><title>80–90%: 4"#),
            "{svg}"
        );
    }

    #[test]
    fn labels_are_escaped() {
        let svg = mastery(&[("<b>&cpr", Some(50.0)), ("burns", None)]);
        assert!(svg.contains("&lt;b&gt;&amp;cpr"));
        assert!(!svg.contains("<b>"));
    }

    #[test]
    fn scores_are_placed_by_time() {
        let start = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
        let points = [
            (start, 0.0),
            (start + Duration::days(1), 50.0),
            (start + Duration::days(4), 100.0),
        ];
        let svg = scores_over_time(&points, Some(80.0));
        assert!(svg.contains(r#"points="48,224 192,120 624,16""#), "{svg}");
        assert_eq!(svg.matches("<circle").count(), 3);
    }
}
