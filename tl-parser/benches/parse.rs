//! Parsing and validating the bundled schema (schema/api.tl + schema/mtproto.tl), side by side
//! with grammers-tl-parser's hand-written parser on the same text.
//!
//! `cargo bench -p tl-parser`; the ratio of the two medians is the number to watch.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use tl_parser::{SourceFile, parse_schema};

const API: &str = include_str!("../../schema/api.tl");
const MTPROTO: &str = include_str!("../../schema/mtproto.tl");

fn parse(c: &mut Criterion) {
    let sources = [
        SourceFile::new("api.tl", API),
        SourceFile::new("mtproto.tl", MTPROTO),
    ];
    let mut group = c.benchmark_group("api.tl + mtproto.tl");
    group.bench_function("tl-parser: parse + validate", |b| {
        b.iter(|| parse_schema(black_box(&sources)).expect("bundled schema is valid"))
    });
    group.bench_function("grammers-tl-parser: parse", |b| {
        b.iter(|| {
            // grammers yields one result per declaration (errors for the builtin lines it
            // does not read); collect them all, as a generator would.
            let api: Vec<_> = grammers_tl_parser::parse_tl_file(black_box(API)).collect();
            let mtproto: Vec<_> = grammers_tl_parser::parse_tl_file(black_box(MTPROTO)).collect();
            (api, mtproto)
        })
    });
    group.finish();
}

criterion_group!(benches, parse);
criterion_main!(benches);
