//! The tools around the generator, behind the `tlforge` command (`src/main.rs`): the command
//! line itself ([`cli`]), the Markdown reference site ([`site`]), the schema diff ([`diff`]),
//! the run-time decoder of `decode` ([`dynamic`]) and the grouping of schema files that several
//! subcommands share ([`schema_groups`]).
//!
//! The generator is the `tlforge-codegen` library; this crate is what a build script does not need
//! (clap, tlforge-runtime, the site), kept apart as bindgen keeps `bindgen-cli`.

pub mod cli;
pub mod diff;
pub mod dynamic;
mod json;
pub mod schema_groups;
pub mod site;

/// What the unit tests of several modules share.
#[cfg(test)]
mod test_support {
    /// The validated schema of one file's `text`.
    pub fn schema(text: &str) -> tlforge_parser::Schema {
        tlforge_parser::parse_schema(&[tlforge_parser::SourceFile::new("t.tl", text)])
            .unwrap()
            .schema
    }
}
