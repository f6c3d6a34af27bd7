//! The pest parser generated from `tl.pest`; nothing else lives here.

/// Parser for TL schema files; see `tl.pest` for the rules.
#[derive(pest_derive::Parser)]
#[grammar = "tl.pest"]
pub(crate) struct TlParser;
