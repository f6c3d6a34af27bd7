//! Issue 40: the two client crates whose builds are timed do the same work. tlforge-client-bench
//! (tlforge-types) and grammers-client-bench (grammers-tl-types 0.11) must return the same
//! summary: the same updates decoded and dispatched, the same answers and errors recognized, and
//! the same checksum of every byte both serialized (so both wrote the same requests and answers).

use tlforge_parser::{Category, SourceFile};

/// How many times client-data/updates.bin holds each `Update` constructor
/// (examples/record_updates.rs writes each once).
const TIMES_EACH_UPDATE: usize = 1;

/// The number of constructors of type `Update` in the bundled schema.
fn update_constructors() -> usize {
    let text = include_str!("../../schema/api.tl");
    let parsed = tlforge_parser::parse_schema(&[SourceFile::new("api.tl", text)])
        .unwrap_or_else(|report| panic!("api.tl: {report}"));
    parsed
        .schema
        .user_definitions()
        .filter(|d| d.category == Category::Constructor && d.result.to_string() == "Update")
        .count()
}

#[test]
fn both_clients_do_the_same_work() {
    let ours = tlforge_client_bench::run().expect("tlforge-types decodes the fixture");
    let theirs = grammers_client_bench::run().expect("grammers-tl-types decodes the fixture");

    // `Summary` is defined in each crate, field for field the same: their `Debug` output is
    // equal exactly when every field is (and when neither crate has a field the other lacks).
    assert_eq!(format!("{ours:#?}"), format!("{theirs:#?}"));
    assert_eq!(
        tlforge_client_bench::HANDLED,
        grammers_client_bench::HANDLED
    );
    assert_eq!(
        tlforge_client_bench::EDIT_MARKER,
        grammers_client_bench::EDIT_MARKER
    );
}

#[test]
fn every_update_constructor_is_decoded() {
    let constructors = update_constructors();
    let summary = tlforge_client_bench::run().expect("tlforge-types decodes the fixture");
    assert_eq!(summary.updates, constructors * TIMES_EACH_UPDATE);
    assert_eq!(summary.frames, summary.updates.div_ceil(50));
    assert_eq!(summary.handled, [TIMES_EACH_UPDATE; 12]);
    assert_eq!(summary.unhandled, summary.updates - 12 * TIMES_EACH_UPDATE);
    assert_eq!(
        (
            summary.calls,
            summary.answers_checked,
            summary.errors_matched
        ),
        (20, 20, 20)
    );
    // FLOOD_WAIT_1 … FLOOD_WAIT_20.
    assert_eq!(summary.flood_wait_secs, (1..=20).sum::<u64>());
}
