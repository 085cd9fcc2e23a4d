//! Bar charts drawn at build time as inline SVG: no script (the CSP forbids inline
//! script anyway), crisp on any screen, and printed with the page. Each chart has
//! a `<title>` for screen readers; templates put the same figures in a table beside it.
//! Colours are presentation attributes (allowed by the CSP, unlike `style=`), so the
//! stylesheet can still override them in the high-contrast elder mode.

use super::theme::escape_html as esc;
use std::fmt::Write;

/// Series colours: the theme's red, a blue and a green that stay apart for
/// colour-blind readers and in greyscale print.
const COLOURS: [&str; 4] = ["#a4161a", "#1f5fa8", "#3a8f5c", "#b36b00"];

/// One horizontal bar.
pub struct Bar {
    pub label: String,
    /// Length, relative to the longest bar.
    pub value: f64,
    /// Figure written at the end of the bar.
    pub text: String,
}

const WIDTH: f64 = 640.0;

/// Horizontal bars, one per row, labels on the left: long Chinese labels such as
/// 社会保障和就业支出 read better beside a bar than under a column.
pub fn bars(id: &str, title: &str, bars: &[Bar]) -> String {
    let (label_w, row_h, bar_h, top) = (200.0, 34.0, 22.0, 8.0);
    let area = WIDTH - label_w - 96.0;
    let max = bars.iter().map(|b| b.value).fold(0.0, f64::max);
    let height = top * 2.0 + row_h * bars.len() as f64;
    let mut s = svg_open(id, title, "chart-bars", height);
    for (i, b) in bars.iter().enumerate() {
        let y = top + row_h * i as f64;
        let w = if max > 0.0 {
            (b.value.max(0.0) / max * area).max(1.0)
        } else {
            0.0
        };
        let cy = y + bar_h / 2.0 + 5.0;
        let _ = write!(
            s,
            r#"<g class="chart-row"><text x="{lx}" y="{cy}" text-anchor="end" class="chart-label">{label}</text><rect x="{x}" y="{y}" width="{w:.1}" height="{bar_h}" fill="{c}" class="chart-bar s0"/><text x="{tx:.1}" y="{cy}" class="chart-value">{text}</text></g>"#,
            lx = label_w - 8.0,
            label = esc(&short(&b.label, 13)),
            x = label_w,
            c = COLOURS[0],
            tx = label_w + w + 6.0,
            text = esc(&b.text),
        );
    }
    s.push_str("</svg>");
    s
}

/// One series of a column chart: a value per category.
pub struct Series {
    pub name: String,
    pub values: Vec<f64>,
    pub texts: Vec<String>,
}

/// Grouped vertical columns: categories (years) along the bottom, one column per
/// series in each group, a legend underneath.
pub fn columns(id: &str, title: &str, categories: &[String], series: &[Series]) -> String {
    let (left, right, top, base) = (16.0, 16.0, 28.0, 228.0);
    let legend_rows = series.len().div_ceil(3).max(1) as f64;
    let height = base + 38.0 + 24.0 * legend_rows;
    let plot_w = WIDTH - left - right;
    let group_w = plot_w / categories.len().max(1) as f64;
    let n = series.len().max(1) as f64;
    let col_w = (group_w * 0.8 / n).min(56.0);
    let max = series
        .iter()
        .flat_map(|s| s.values.iter().copied())
        .fold(0.0, f64::max);
    let mut s = svg_open(id, title, "chart-columns", height);
    let _ = write!(
        s,
        r##"<line x1="{left}" y1="{base}" x2="{x2}" y2="{base}" stroke="#555" stroke-width="1"/>"##,
        x2 = WIDTH - right
    );
    for (ci, cat) in categories.iter().enumerate() {
        let gx = left + group_w * ci as f64 + (group_w - col_w * n) / 2.0;
        for (si, ser) in series.iter().enumerate() {
            let v = ser.values.get(ci).copied().unwrap_or(0.0).max(0.0);
            let h = if max > 0.0 {
                v / max * (base - top)
            } else {
                0.0
            };
            let x = gx + col_w * si as f64;
            let _ = write!(
                s,
                r#"<rect x="{x:.1}" y="{y:.1}" width="{w:.1}" height="{h:.1}" fill="{c}" class="chart-bar s{si}"><title>{cat} {name}：{text}</title></rect><text x="{tx:.1}" y="{ty:.1}" text-anchor="middle" class="chart-value">{text}</text>"#,
                y = base - h,
                w = col_w - 2.0,
                c = COLOURS[si % COLOURS.len()],
                cat = esc(cat),
                name = esc(&ser.name),
                text = esc(ser.texts.get(ci).map(String::as_str).unwrap_or("")),
                tx = x + (col_w - 2.0) / 2.0,
                ty = base - h - 5.0,
            );
        }
        let _ = write!(
            s,
            r#"<text x="{x:.1}" y="{y}" text-anchor="middle" class="chart-label">{cat}</text>"#,
            x = left + group_w * (ci as f64 + 0.5),
            y = base + 20.0,
            cat = esc(cat)
        );
    }
    for (si, ser) in series.iter().enumerate() {
        let x = left + 200.0 * (si % 3) as f64;
        let y = base + 52.0 + 24.0 * (si / 3) as f64;
        let _ = write!(
            s,
            r#"<g class="chart-legend"><rect x="{x}" y="{ry}" width="14" height="14" fill="{c}" class="s{si}"/><text x="{tx}" y="{y}">{name}</text></g>"#,
            ry = y - 12.0,
            c = COLOURS[si % COLOURS.len()],
            tx = x + 20.0,
            name = esc(&ser.name)
        );
    }
    s.push_str("</svg>");
    s
}

/// One row of a stacked bar chart: a value per series.
pub struct Stack {
    pub label: String,
    pub values: Vec<f64>,
    /// Figure written after the bar.
    pub text: String,
}

/// Horizontal bars split into parts (a department's tasks: done, overdue, not yet
/// due, standing), each bar the full width: the parts are shares of the row's own
/// total, and the figure after the bar gives the counts. `series` names each part
/// and picks its colour from [`COLOURS`].
pub fn stacked(id: &str, title: &str, series: &[(&str, usize)], rows: &[Stack]) -> String {
    let (label_w, row_h, bar_h, top) = (200.0, 34.0, 22.0, 8.0);
    let area = WIDTH - label_w - 96.0;
    let legend_y = top + row_h * rows.len() as f64 + 22.0;
    let height = legend_y + 16.0;
    let mut s = svg_open(id, title, "chart-stacked", height);
    for (i, r) in rows.iter().enumerate() {
        let y = top + row_h * i as f64;
        let total: f64 = r.values.iter().map(|v| v.max(0.0)).sum();
        let cy = y + bar_h / 2.0 + 5.0;
        let _ = write!(
            s,
            r#"<g class="chart-row"><text x="{lx}" y="{cy}" text-anchor="end" class="chart-label">{label}</text>"#,
            lx = label_w - 8.0,
            label = esc(&short(&r.label, 13)),
        );
        let mut x = label_w;
        for (k, v) in r.values.iter().enumerate() {
            let v = v.max(0.0);
            if v == 0.0 || total == 0.0 {
                continue;
            }
            let w = v / total * area;
            let (name, colour) = series.get(k).copied().unwrap_or(("", 0));
            let _ = write!(
                s,
                r#"<rect x="{x:.1}" y="{y}" width="{w:.1}" height="{bar_h}" fill="{c}" class="chart-bar s{k}"><title>{label} {name}：{v}</title></rect>"#,
                c = COLOURS[colour % COLOURS.len()],
                label = esc(&r.label),
                name = esc(name),
            );
            x += w;
        }
        let _ = write!(
            s,
            r#"<text x="{tx:.1}" y="{cy}" class="chart-value">{text}</text></g>"#,
            tx = label_w + area + 6.0,
            text = esc(&r.text),
        );
    }
    for (k, (name, colour)) in series.iter().enumerate() {
        let x = 16.0 + 150.0 * k as f64;
        let _ = write!(
            s,
            r#"<g class="chart-legend"><rect x="{x:.1}" y="{ry}" width="14" height="14" fill="{c}" class="s{k}"/><text x="{tx:.1}" y="{legend_y}">{name}</text></g>"#,
            ry = legend_y - 12.0,
            c = COLOURS[colour % COLOURS.len()],
            tx = x + 20.0,
            name = esc(name)
        );
    }
    s.push_str("</svg>");
    s
}

fn svg_open(id: &str, title: &str, class: &str, height: f64) -> String {
    format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="chart {class}" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" role="img" aria-labelledby="{id}-title" font-size="14"><title id="{id}-title">{title}</title>"#,
        id = esc(id),
        title = esc(title)
    )
}

/// Shortens a label for the chart (the table beside it carries the full text).
fn short(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(max - 1).collect();
        t.push('…');
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_scale_to_the_longest_and_escape_labels() {
        let svg = bars(
            "spend",
            "按功能分类的支出",
            &[
                Bar {
                    label: "一般公共服务支出".into(),
                    value: 1000.0,
                    text: "1,000.00".into(),
                },
                Bar {
                    label: "A<B".into(),
                    value: 250.0,
                    text: "250.00".into(),
                },
            ],
        );
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        assert!(svg.contains(r#"<title id="spend-title">按功能分类的支出</title>"#));
        assert!(svg.contains(r#"width="344.0""#), "{svg}");
        assert!(
            svg.contains(r#"width="86.0""#),
            "a quarter of the longest: {svg}"
        );
        assert!(svg.contains("A&lt;B"));
        assert_eq!(svg.matches("<rect").count(), 2);
    }

    #[test]
    fn columns_group_series_by_category() {
        let svg = columns(
            "years",
            "历年申请情况",
            &["2023年".into(), "2024年".into(), "2025年".into()],
            &[
                Series {
                    name: "新收申请".into(),
                    values: vec![24.0, 27.0, 32.0],
                    texts: vec!["24".into(), "27".into(), "32".into()],
                },
                Series {
                    name: "办结".into(),
                    values: vec![25.0, 28.0, 32.0],
                    texts: vec!["25".into(), "28".into(), "32".into()],
                },
            ],
        );
        // 3 × 2 columns and 2 legend keys.
        assert_eq!(svg.matches("<rect").count(), 8);
        assert!(svg.contains("<title>2025年 新收申请：32</title>"));
        assert!(
            svg.contains(r#"height="200.0""#),
            "the largest column spans the plot: {svg}"
        );
    }

    #[test]
    fn stacked_parts_share_the_full_width() {
        let svg = stacked(
            "progress",
            "各责任单位任务完成情况",
            &[("已完成", 2), ("已逾期", 0)],
            &[
                Stack {
                    label: "镇财政所".into(),
                    values: vec![3.0, 1.0],
                    text: "3/4".into(),
                },
                Stack {
                    label: "镇党政办".into(),
                    values: vec![0.0, 2.0],
                    text: "0/2".into(),
                },
            ],
        );
        // Parts: 3/4 and 1/4 of the 344-unit area; the empty part draws nothing.
        assert!(svg.contains(r#"width="258.0""#), "{svg}");
        assert!(svg.contains(r#"width="86.0""#), "{svg}");
        assert!(
            svg.contains(r#"width="344.0""#),
            "a single part fills the row: {svg}"
        );
        assert!(svg.contains("<title>镇财政所 已逾期：1</title>"));
        // 3 parts and 2 legend keys.
        assert_eq!(svg.matches("<rect").count(), 5);
    }

    #[test]
    fn empty_and_zero_data_draw_no_bars() {
        let svg = bars(
            "z",
            "无数据",
            &[Bar {
                label: "甲".into(),
                value: 0.0,
                text: "0.00".into(),
            }],
        );
        assert!(svg.contains(r#"width="0.0""#));
    }
}
