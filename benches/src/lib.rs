//! Side-by-side benchmarks of tlforge-types / tlforge-parser / tlforge-codegen against grammers (issue 5).
//!
//! The same objects are built in both libraries from the values in [`spec`] ([`ours`] for
//! tlforge-types, [`theirs`] for grammers-tl-types), and [`check`] proves that they are the same
//! objects: both encodings are equal once the constructor ids that differ between our layer and
//! grammers' layer are mapped, both libraries decode them and re-encode the exact same bytes.
//! [`report`] turns criterion's estimates into the ours/theirs ratio table.
//!
//! [`tdlib`] does the same for TDLib's JSON: tlforge-tdlib against tdlib-rs (issue 36).
//!
//! Run with `cargo bench --manifest-path benches/Cargo.toml` (see BENCHMARKS.md).

pub mod check;
pub mod ours;
pub mod report;
pub mod schema;
pub mod spec;
pub mod tdlib;
pub mod theirs;
