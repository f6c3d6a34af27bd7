//! The pest parsers of `tl.pest`: nothing else lives here.
//!
//! Both accept exactly the same language; they differ only in which token rules are silent.
//! Their code is what `#[derive(pest_derive::Parser)]` would generate, derived ahead of time by
//! `tests/grammar_source.rs` (which fails when it is stale), so that building tlforge-parser, a
//! dependency of every build script that generates code, compiles no proc macro.

/// The parser run on every file: punctuation is silent, so it yields only the pairs the model
/// builder reads.
// Generated code is not held to our lints (pest_derive's output is exempt as macro output).
#[allow(dead_code, clippy::all)]
pub(crate) mod fast {
    /// Parser for TL schema files; see `tl.pest` and `tokens_silent.pest`.
    pub(crate) struct TlParser;
    include!("fast.rs");
}

/// The parser run only on a file the fast one rejected: every token is a named rule, so the error
/// names what was expected ("expected `;`").
#[allow(dead_code, clippy::all)]
pub(crate) mod detailed {
    /// Parser for TL schema files; see `tl.pest` and `tokens.pest`.
    pub(crate) struct TlParser;
    include!("detailed.rs");
}
