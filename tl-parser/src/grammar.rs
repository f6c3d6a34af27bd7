//! The pest parsers generated from `tl.pest`: nothing else lives here.
//!
//! Both accept exactly the same language; they differ only in which token rules are silent.

/// The parser run on every file: punctuation is silent, so it yields only the pairs the model
/// builder reads.
pub(crate) mod fast {
    /// Parser for TL schema files; see `tl.pest` and `tokens_silent.pest`.
    #[derive(pest_derive::Parser)]
    #[grammar = "tl.pest"]
    #[grammar = "tokens_silent.pest"]
    pub(crate) struct TlParser;
}

/// The parser run only on a file the fast one rejected: every token is a named rule, so the error
/// names what was expected ("expected `;`").
pub(crate) mod detailed {
    /// Parser for TL schema files; see `tl.pest` and `tokens.pest`.
    #[derive(pest_derive::Parser)]
    #[grammar = "tl.pest"]
    #[grammar = "tokens.pest"]
    pub(crate) struct TlParser;
}
