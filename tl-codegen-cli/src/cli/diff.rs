//! `tlforge diff OLD NEW [--format json]`: what changed between two schemas
//! ([`crate::diff`]).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, ValueEnum};

use super::{Output, load_schema};

/// Arguments of `diff`.
#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The old schema file.
    #[arg(value_name = "OLD")]
    pub old: PathBuf,
    /// The new schema file.
    #[arg(value_name = "NEW")]
    pub new: PathBuf,
    /// `text`: every change in detail; `json`: `{"added": [...], "removed": [...], "changed": [...]}`.
    #[arg(long, value_enum, default_value = "text")]
    pub format: DiffFormat,
    /// Exit with status 1 when the schemas differ, 0 when they do not (as `git diff
    /// --exit-code`); 2 is an error either way.
    #[arg(long)]
    pub exit_code: bool,
    #[command(flatten)]
    pub allow: super::AllowArgs,
}

/// Output formats of `diff`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    /// For people.
    Text,
    /// The names added, removed and changed.
    Json,
}

pub(super) fn run(args: &DiffArgs, output: &mut Output<'_>) -> std::io::Result<ExitCode> {
    let Some((_, old)) = load_schema(std::slice::from_ref(&args.old), &args.allow, output)? else {
        return Ok(ExitCode::FAILURE);
    };
    let Some((_, new)) = load_schema(std::slice::from_ref(&args.new), &args.allow, output)? else {
        return Ok(ExitCode::FAILURE);
    };
    let diff = crate::diff::diff(&old.schema, &new.schema);
    let text = match args.format {
        DiffFormat::Text => diff.render(),
        DiffFormat::Json => diff.to_json(),
    };
    output.out.write_all(text.as_bytes())?;
    if args.exit_code && !diff.is_empty() {
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}
