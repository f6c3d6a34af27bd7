//! Code generated from every schema of the corpus (`fixtures/corpus/`), compiled with warnings
//! denied: the proof that generated code builds with only `tlforge-runtime`. The integration tests
//! live in `tests/`.

#![deny(warnings)]

include!(concat!(env!("OUT_DIR"), "/corpus.rs"));
