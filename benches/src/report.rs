//! The ratio table: criterion's median estimates of this run, ours against the reference.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

/// A line of the table: `ours` and `reference` are `group/function` benchmark ids.
#[derive(Debug, Clone, Copy)]
pub struct Row {
    /// What is measured.
    pub what: &'static str,
    /// Our benchmark.
    pub ours: &'static str,
    /// The benchmark we are compared with (grammers, tdlib-rs, or memcpy).
    pub reference: &'static str,
    /// The target of issue 5 for ours/reference, if there is one.
    pub target: Option<f64>,
}

/// The rows printed after the benchmarks.
pub const ROWS: &[Row] = &[
    Row {
        what: "TDLib JSON: decode chat list (chats + 20 chat) / tdlib-rs",
        ours: "tdlib_decode_chats/ours",
        reference: "tdlib_decode_chats/tdlib_rs",
        target: Some(0.5),
    },
    Row {
        what: "TDLib JSON: encode chat list (chats + 20 chat) / tdlib-rs",
        ours: "tdlib_encode_chats/ours",
        reference: "tdlib_encode_chats/tdlib_rs",
        target: Some(0.7),
    },
    Row {
        what: "TDLib JSON: decode message history (messages, 100 message) / tdlib-rs",
        ours: "tdlib_decode_history/ours",
        reference: "tdlib_decode_history/tdlib_rs",
        target: Some(0.5),
    },
    Row {
        what: "TDLib JSON: encode message history (messages, 100 message) / tdlib-rs",
        ours: "tdlib_encode_history/ours",
        reference: "tdlib_encode_history/tdlib_rs",
        target: Some(0.7),
    },
    Row {
        what: "TDLib JSON: decode 60 updates / tdlib-rs",
        ours: "tdlib_decode_updates/ours",
        reference: "tdlib_decode_updates/tdlib_rs",
        target: Some(0.5),
    },
    Row {
        what: "TDLib JSON: encode 60 updates / tdlib-rs",
        ours: "tdlib_encode_updates/ours",
        reference: "tdlib_encode_updates/tdlib_rs",
        target: Some(0.7),
    },
    Row {
        what: "encode messages.sendMessage (to_bytes) / grammers",
        ours: "encode_send_message/ours",
        reference: "encode_send_message/grammers",
        target: Some(0.67),
    },
    Row {
        what: "  (ours, buffer pre-sized to the exact length) / grammers to_bytes",
        ours: "encode_send_message/ours_presized",
        reference: "encode_send_message/grammers",
        target: None,
    },
    Row {
        what: "encode messages.sendMessage (reused buffer) / grammers",
        ours: "encode_send_message/ours_reused_buffer",
        reference: "encode_send_message/grammers_reused_buffer",
        target: None,
    },
    Row {
        what: "decode messages.messages (100 msgs, 20 users) / grammers",
        ours: "decode_messages/ours",
        reference: "decode_messages/grammers",
        target: Some(0.5),
    },
    Row {
        what: "encode upload.saveFilePart 512 KiB (to_bytes) / memcpy",
        ours: "save_file_part_encode/ours",
        reference: "save_file_part_encode/memcpy",
        target: Some(1.25),
    },
    Row {
        what: "encode upload.saveFilePart 512 KiB (reused buffer) / memcpy",
        ours: "save_file_part_encode/ours_reused_buffer",
        reference: "save_file_part_encode/memcpy_reused_buffer",
        target: None,
    },
    Row {
        what: "decode upload.saveFilePart 512 KiB / memcpy",
        ours: "save_file_part_decode/ours",
        reference: "save_file_part_decode/memcpy",
        target: Some(1.25),
    },
    Row {
        what: "encode upload.saveFilePart 512 KiB / grammers",
        ours: "save_file_part_encode/ours",
        reference: "save_file_part_encode/grammers",
        target: None,
    },
    Row {
        what: "decode upload.saveFilePart 512 KiB / grammers",
        ours: "save_file_part_decode/ours",
        reference: "save_file_part_decode/grammers",
        target: None,
    },
    Row {
        what: "  (grammers) encode upload.saveFilePart / memcpy",
        ours: "save_file_part_encode/grammers",
        reference: "save_file_part_encode/memcpy",
        target: None,
    },
    Row {
        what: "  (grammers) decode upload.saveFilePart / memcpy",
        ours: "save_file_part_decode/grammers",
        reference: "save_file_part_decode/memcpy",
        target: None,
    },
    Row {
        what: "parse + validate api.tl + mtproto.tl / grammers",
        ours: "schema_parse/ours",
        reference: "schema_parse/grammers",
        target: None,
    },
    Row {
        what: "parse + generate + format / grammers",
        ours: "schema_generate/ours",
        reference: "schema_generate/grammers",
        target: Some(0.5),
    },
    Row {
        what: "  (ours, with docs JSON as scripts/generate-tl-types.sh) / grammers",
        ours: "schema_generate/ours_with_docs",
        reference: "schema_generate/grammers",
        target: None,
    },
    Row {
        what: "  (ours, unformatted: Config::format(false)) / grammers",
        ours: "schema_generate/ours_no_format",
        reference: "schema_generate/grammers",
        target: None,
    },
];

/// Where criterion writes its reports: `target/criterion`, as criterion itself chooses by
/// default, unless `CRITERION_HOME` is set. The bench binary passes it to criterion explicitly,
/// so the table reads what was written.
#[must_use]
pub fn criterion_dir(target_tmpdir: &str) -> PathBuf {
    match std::env::var_os("CRITERION_HOME") {
        Some(home) => PathBuf::from(home),
        None => Path::new(target_tmpdir)
            .parent()
            .map_or_else(|| PathBuf::from("target"), Path::to_path_buf)
            .join("criterion"),
    }
}

/// The median (ns per iteration) that criterion estimated for `id` during this run (written
/// after `since`), if it ran.
fn median_ns(dir: &Path, id: &str, since: SystemTime) -> Option<f64> {
    let path = dir.join(id).join("new").join("estimates.json");
    let modified = std::fs::metadata(&path).ok()?.modified().ok()?;
    if modified < since {
        return None; // from an earlier run: this one filtered it out
    }
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).ok()?).ok()?;
    json["median"]["point_estimate"].as_f64()
}

/// Formats a duration given in nanoseconds.
#[must_use]
pub fn format_ns(ns: f64) -> String {
    if ns >= 1e9 {
        format!("{:.3} s", ns / 1e9)
    } else if ns >= 1e6 {
        format!("{:.2} ms", ns / 1e6)
    } else if ns >= 1e3 {
        format!("{:.2} µs", ns / 1e3)
    } else {
        format!("{ns:.1} ns")
    }
}

/// Medians of a paired measurement of `ours` against `reference`.
#[derive(Debug, Clone, Copy)]
pub struct Paired {
    /// Median time of one iteration of ours, in ns.
    pub ours_ns: f64,
    /// Median time of one iteration of the reference, in ns.
    pub reference_ns: f64,
    /// Median of the per-pair ratios ours / reference.
    pub ratio: f64,
    /// How many pairs of batches were timed.
    pub pairs: usize,
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    let n = values.len();
    if n % 2 == 1 {
        values[n / 2]
    } else {
        (values[n / 2 - 1] + values[n / 2]) / 2.0
    }
}

fn time_batch(routine: &dyn Fn(), iterations: u64) -> f64 {
    let start = Instant::now();
    for _ in 0..iterations {
        routine();
    }
    start.elapsed().as_secs_f64() * 1e9 / iterations as f64
}

/// Times `ours` and `reference` in alternating batches (ours then reference, then reference
/// then ours, ...) for about `budget` (at least 5 pairs), and returns the medians. Load from
/// other processes that changes over time hits both sides of a pair alike, so the median of the
/// per-pair ratios is steadier than the ratio of two medians measured minutes apart.
pub fn paired(ours: &dyn Fn(), reference: &dyn Fn(), budget: Duration) -> Paired {
    // Warm up, and size the batches to ~10 ms each.
    let one = time_batch(ours, 1).max(time_batch(reference, 1)).max(1.0);
    let iterations = ((10e6 / one) as u64).clamp(1, 1_000_000);
    let (mut o, mut r, mut ratios) = (Vec::new(), Vec::new(), Vec::new());
    let start = Instant::now();
    while ratios.len() < 5 || (start.elapsed() < budget && ratios.len() < 10_000) {
        let (a, b) = if ratios.len() % 2 == 0 {
            let a = time_batch(ours, iterations);
            (a, time_batch(reference, iterations))
        } else {
            let b = time_batch(reference, iterations);
            (time_batch(ours, iterations), b)
        };
        o.push(a);
        r.push(b);
        ratios.push(a / b);
    }
    Paired {
        ours_ns: median(&mut o),
        reference_ns: median(&mut r),
        ratio: median(&mut ratios),
        pairs: ratios.len(),
    }
}

/// Runs the paired measurement of every row whose two benchmarks criterion measured during this
/// run (so criterion's filter applies here too), and prints the ratio table in Markdown.
/// `routine` gives the routine of a benchmark id (`group/function`).
pub fn print_table<'a>(
    dir: &Path,
    since: SystemTime,
    budget: Duration,
    routine: impl Fn(&str) -> Option<&'a dyn Fn()>,
) {
    let mut lines = Vec::new();
    for row in ROWS {
        let (Some(criterion_ours), Some(criterion_reference)) = (
            median_ns(dir, row.ours, since),
            median_ns(dir, row.reference, since),
        ) else {
            continue;
        };
        let (Some(ours), Some(reference)) = (routine(row.ours), routine(row.reference)) else {
            continue;
        };
        eprintln!("paired: {}", row.what);
        let p = paired(ours, reference, budget);
        let (target, met) = match row.target {
            Some(target) => (
                format!("≤ {target}"),
                if p.ratio <= target { "yes" } else { "**no**" },
            ),
            None => ("–".to_owned(), "–"),
        };
        lines.push(format!(
            "| {} | {} | {} | **{:.2}** | {:.2} | {target} | {met} |",
            row.what,
            format_ns(p.ours_ns),
            format_ns(p.reference_ns),
            p.ratio,
            criterion_ours / criterion_reference,
        ));
    }
    println!();
    println!(
        "Ratios ours / reference. ours, reference and ratio: medians of alternating batches \
         (paired, {} s per row); criterion: ratio of criterion's two medians above.",
        budget.as_secs_f64()
    );
    println!();
    if lines.is_empty() {
        println!(
            "(no benchmark was measured in this run: filtered out, or run with --test/--list)"
        );
        return;
    }
    println!("| benchmark | ours | reference | ratio | criterion | target | met |");
    println!("|---|---:|---:|---:|---:|---|---|");
    for line in lines {
        println!("{line}");
    }
}
