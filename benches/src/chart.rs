//! The grouped bar chart (`latest.svg`): one group per workload, one bar per runtime, log scale;
//! wall time above, peak RSS below. Cells without a number have no bar (the table says why).

use anyhow::{Result, anyhow};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::report::{Cell, Report, Stats};

const WIDTH: u32 = 1400;
const PANEL_HEIGHT: u32 = 480;
/// One colour per column, in column order; wraps if there are more columns.
const PALETTE: &[RGBColor] = &[
    RGBColor(31, 119, 180),
    RGBColor(23, 190, 207),
    RGBColor(148, 103, 189),
    RGBColor(44, 160, 44),
    RGBColor(140, 86, 75),
    RGBColor(255, 127, 14),
    RGBColor(214, 39, 40),
    RGBColor(127, 127, 127),
    RGBColor(188, 189, 34),
];

/// Width of the legend column on the right.
const LEGEND_WIDTH: u32 = 220;

/// Columns with at least one number: they get a bar slot, a colour and a legend entry.
fn series(rep: &Report) -> Vec<usize> {
    (0..rep.runtimes.len())
        .filter(|&r| {
            rep.cells
                .iter()
                .any(|row| matches!(row[r], Cell::Measured(_)))
        })
        .collect()
}

/// The chart as SVG text.
pub fn render_svg(rep: &Report) -> Result<String> {
    let mut svg = String::new();
    {
        let root =
            SVGBackend::with_string(&mut svg, (WIDTH, PANEL_HEIGHT * 2 + 30)).into_drawing_area();
        root.fill(&WHITE).map_err(err)?;
        let (panels, footer) = root.split_vertically(PANEL_HEIGHT * 2);
        let (plots, legend) = panels.split_horizontally(WIDTH - LEGEND_WIDTH);
        let (top, bottom) = plots.split_vertically(PANEL_HEIGHT);
        let m = &rep.meta;
        let title = format!(
            "Wall time, median of {} runs (ms, log scale) — {}",
            m.runs, m.machine.cpu
        );
        panel(&top, rep, &title, |s| s.median_ms)?;
        panel(
            &bottom,
            rep,
            "Peak RSS of the measured process (MB, log scale)",
            |s| s.peak_rss_mib,
        )?;
        for (k, &r) in series(rep).iter().enumerate() {
            let y = 50 + k as i32 * 22;
            let colour = PALETTE[k % PALETTE.len()];
            legend
                .draw(&Rectangle::new([(10, y), (24, y + 14)], colour.filled()))
                .map_err(err)?;
            legend
                .draw(&Text::new(
                    rep.runtimes[r].label.clone(),
                    (32, y),
                    ("sans-serif", 14).into_font(),
                ))
                .map_err(err)?;
        }
        footer
            .draw(&Text::new(
                format!("{} — × at the base of a slot: failed or timed out; no bar and no ×: not applicable or n/a (see latest.md)", m.date),
                (10, 8),
                ("sans-serif", 14).into_font().color(&BLACK.mix(0.7)),
            ))
            .map_err(err)?;
        root.present().map_err(err)?;
    }
    Ok(svg)
}

fn panel<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    rep: &Report,
    title: &str,
    value: fn(&Stats) -> f64,
) -> Result<()> {
    let series = series(rep);
    let values: Vec<f64> = rep
        .cells
        .iter()
        .flat_map(|row| row.iter())
        .filter_map(|c| match c {
            Cell::Measured(s) => Some(value(s).max(1e-3)),
            _ => None,
        })
        .collect();
    let lo = 10f64
        .powf(
            values
                .iter()
                .copied()
                .fold(f64::INFINITY, f64::min)
                .log10()
                .floor(),
        )
        .min(1.0);
    let hi = 10f64.powf(values.iter().copied().fold(1.0, f64::max).log10().ceil() + 0.3);
    let nw = rep.workloads.len().max(1);

    let mut chart = ChartBuilder::on(area)
        .caption(title, ("sans-serif", 18))
        .margin(12)
        .x_label_area_size(30)
        .y_label_area_size(70)
        .build_cartesian_2d(0f64..nw as f64, (lo..hi).log_scale())
        .map_err(err)?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(0)
        .y_label_formatter(&|v| {
            if *v >= 1.0 {
                format!("{v:.0}")
            } else {
                format!("{v}")
            }
        })
        .draw()
        .map_err(err)?;

    let slot = 0.8 / series.len().max(1) as f64;
    for (k, &r) in series.iter().enumerate() {
        let colour = PALETTE[k % PALETTE.len()];
        let bars = rep
            .cells
            .iter()
            .enumerate()
            .filter_map(|(w, row)| match &row[r] {
                Cell::Measured(s) => {
                    let x0 = w as f64 + 0.1 + k as f64 * slot;
                    Some(Rectangle::new(
                        [(x0, lo), (x0 + slot * 0.9, value(s).max(lo))],
                        colour.filled(),
                    ))
                }
                _ => None,
            });
        chart.draw_series(bars).map_err(err)?;
        // A failure is a result too: mark its slot.
        let marks = rep
            .cells
            .iter()
            .enumerate()
            .filter_map(|(w, row)| match &row[r] {
                Cell::Failed(_) | Cell::Timeout(_) => Some(Text::new(
                    "×",
                    (w as f64 + 0.1 + (k as f64 + 0.45) * slot, lo),
                    TextStyle::from(("sans-serif", 16).into_font())
                        .color(&colour)
                        .pos(Pos::new(HPos::Center, VPos::Bottom)),
                )),
                _ => None,
            });
        chart.draw_series(marks).map_err(err)?;
    }

    // Workload names under their groups, placed in pixels (the x axis is continuous).
    let (bx, by) = area.get_base_pixel();
    for (w, name) in rep.workloads.iter().enumerate() {
        let (px, py) = chart.backend_coord(&(w as f64 + 0.5, lo));
        area.draw(&Text::new(
            name.clone(),
            (px - bx, py - by + 8),
            TextStyle::from(("sans-serif", 14).into_font()).pos(Pos::new(HPos::Center, VPos::Top)),
        ))
        .map_err(err)?;
    }
    Ok(())
}

fn err<E: std::fmt::Debug>(e: E) -> anyhow::Error {
    anyhow!("drawing the chart: {e:?}")
}

#[cfg(test)]
mod tests {
    #[test]
    fn svg_has_bars_labels_and_legend() {
        let rep = crate::report::tests::synthetic();
        let svg = super::render_svg(&rep).unwrap();
        assert!(svg.starts_with("<svg"));
        for text in ["fib", "tail-sum", "edgebox .wasm", "bun", "C -O2"] {
            assert!(svg.contains(text), "missing {text}");
        }
        // A column without any number gets no legend entry.
        assert!(!svg.contains("edgebox .aot"));
        // Failed and timed-out cells are marked.
        assert!(svg.contains("×"));
    }
}
