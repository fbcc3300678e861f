//! The measuring loop. For each workload, every runtime runs once per iteration, round-robin
//! (the starting runtime rotates so none is always first after a rival); warm-up iterations come
//! first and are not recorded. A cell whose run fails or times out stops being run: the failure
//! is the result, and a hang must not multiply into minutes.

use std::time::Duration;

use crate::measure::{self, RunResult};
use crate::report::{Cell, RuntimeInfo, Stats};
use crate::runtime::{Prepared, Runtime};
use crate::tools::Env;
use crate::workload::{self, Workload, clip};

#[derive(Debug, Clone, Copy)]
pub struct Settings {
    pub warmups: usize,
    pub runs: usize,
    pub timeout: Duration,
}

/// Sets up every runtime once (untimed). A runtime that cannot be set up stays in the table
/// with its reason.
pub fn setup(runtimes: &mut [Box<dyn Runtime>], env: &Env) -> Vec<RuntimeInfo> {
    runtimes
        .iter_mut()
        .map(|rt| {
            let version = rt.setup(env);
            match &version {
                Ok(v) => eprintln!("benches: {:<24} {v}", rt.label()),
                Err(e) => eprintln!("benches: {:<24} n/a: {e}", rt.label()),
            }
            RuntimeInfo {
                id: rt.id().into(),
                label: rt.label().into(),
                edgebox: rt.is_edgebox(),
                version,
            }
        })
        .collect()
}

/// Measures one workload on every runtime; returns one cell per runtime.
pub fn measure_workload(
    w: &Workload,
    runtimes: &[Box<dyn Runtime>],
    infos: &[RuntimeInfo],
    env: &Env,
    settings: Settings,
) -> Vec<Cell> {
    let n = runtimes.len();
    // Preparation, untimed.
    let prepared: Vec<Prepared> = runtimes
        .iter()
        .zip(infos)
        .map(|(rt, info)| match &info.version {
            Err(why) => Prepared::Unavailable(why.clone()),
            Ok(_) => rt.prepare(w, env),
        })
        .collect();

    let mut settled: Vec<Option<Cell>> = prepared
        .iter()
        .map(|p| match p {
            Prepared::Ready(_) => None,
            Prepared::NotApplicable => Some(Cell::NotApplicable),
            Prepared::Unavailable(why) => Some(Cell::Unavailable(why.clone())),
        })
        .collect();
    let mut wall: Vec<Vec<f64>> = vec![Vec::new(); n];
    let mut rss: Vec<Vec<u64>> = vec![Vec::new(); n];

    let scratch = env.work_dir.join("measurement.json");
    let total = settings.warmups + settings.runs;
    for iter in 0..total {
        for k in 0..n {
            let r = (iter + k) % n;
            let Prepared::Ready(inv) = &prepared[r] else {
                continue;
            };
            if settled[r].is_some() {
                continue;
            }
            // A run that could not even be started is that cell's failure, not the harness's.
            let judged = match measure::run_once(inv, settings.timeout, &env.launcher, &scratch) {
                Ok(result) => judge(w, &result, settings.timeout).map(|()| result),
                Err(e) => Err(Cell::Failed(clip(&format!("{e:#}"), 100))),
            };
            match judged {
                Ok(result) if iter >= settings.warmups => {
                    wall[r].push(result.wall.as_secs_f64() * 1000.0);
                    rss[r].push(result.peak_rss_kib);
                }
                Ok(_) => {}
                Err(cell) => settled[r] = Some(cell),
            }
        }
    }

    let cells: Vec<Cell> = (0..n)
        .map(|r| {
            settled[r].take().unwrap_or_else(|| {
                match Stats::from_samples(std::mem::take(&mut wall[r]), std::mem::take(&mut rss[r]))
                {
                    Some(s) => Cell::Measured(s),
                    None => Cell::Failed("no measured run".into()),
                }
            })
        })
        .collect();
    for (info, cell) in infos.iter().zip(&cells) {
        eprintln!("benches: {:<16} {:<24} {}", w.name, info.label, short(cell));
    }
    cells
}

/// A finished run counts only with exit 0 and the expected checksum.
fn judge(w: &Workload, r: &RunResult, timeout: Duration) -> Result<(), Cell> {
    let Some(exit) = r.exit else {
        return Err(Cell::Timeout(timeout.as_secs_f64()));
    };
    workload::verify(&w.expected, exit, &r.stdout, &r.stderr).map_err(Cell::Failed)
}

fn short(cell: &Cell) -> String {
    match cell {
        Cell::Measured(s) => format!("{:.1} ms median, {:.1} MB", s.median_ms, s.peak_rss_mib),
        Cell::Failed(why) => format!("failed: {why}"),
        Cell::Timeout(t) => format!("timeout (>{t} s)"),
        Cell::Unavailable(why) => format!("n/a: {why}"),
        Cell::NotApplicable => "—".into(),
    }
}
