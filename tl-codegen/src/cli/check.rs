//! `tl-codegen check FILE...`: parse and validate, print a one-line summary.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use tl_parser::{Category, Schema};

use super::{Output, file_list, load_schema, plural};

/// Arguments of `check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Schema files, read together (types may be declared in any of them).
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
}

pub(super) fn run(args: &CheckArgs, output: &mut Output<'_>) -> std::io::Result<ExitCode> {
    let Some((_, parsed)) = load_schema(&args.files, output)? else {
        return Ok(ExitCode::FAILURE);
    };
    writeln!(
        output.out,
        "ok: {} ({})",
        summary(&parsed.schema, parsed.warnings.len()),
        file_list(&args.files)
    )?;
    Ok(ExitCode::SUCCESS)
}

/// `1597 constructors, 764 functions, 87 namespaces, layer 222, 0 warnings`.
pub(crate) fn summary(schema: &Schema, warnings: usize) -> String {
    let constructors = schema
        .definitions
        .iter()
        .filter(|d| d.category == Category::Type)
        .count();
    let functions = schema.definitions.len() - constructors;
    let namespaces: BTreeSet<&[String]> = schema
        .definitions
        .iter()
        .map(|d| d.name.namespace.as_slice())
        .filter(|ns| !ns.is_empty())
        .collect();
    let layer = schema
        .layer
        .map_or_else(|| "no layer".to_owned(), |l| format!("layer {l}"));
    format!(
        "{}, {}, {}, {layer}, {}",
        plural(constructors, "constructor"),
        plural(functions, "function"),
        plural(namespaces.len(), "namespace"),
        plural(warnings, "warning")
    )
}
