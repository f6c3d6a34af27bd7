//! `tlforge check FILE...`: parse and validate, print a one-line summary.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use tlforge_parser::{Category, Schema};

use super::{Output, WarningArgs, file_list, load_schema_with, plural};

/// Arguments of `check`.
#[derive(Debug, Args)]
#[command(after_help = super::FILES_RULE)]
pub struct CheckArgs {
    /// Schema files, read together (types may be declared in any of them).
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    #[command(flatten)]
    pub warnings: WarningArgs,
}

pub(super) fn run(args: &CheckArgs, output: &mut Output<'_>) -> std::io::Result<ExitCode> {
    let Some((_, parsed, unknown)) = load_schema_with(&args.files, &args.warnings, output)? else {
        return Ok(ExitCode::FAILURE);
    };
    let mut warnings = parsed.warnings.len() + unknown;
    if parsed.schema.user_definitions().next().is_none() {
        writeln!(
            output.err,
            "warning: {} no constructor or function",
            declare(&args.files)
        )?;
        warnings += 1;
    }
    if args.warnings.deny(warnings, output)? {
        return Ok(ExitCode::FAILURE);
    }
    writeln!(
        output.out,
        "ok: {} ({})",
        summary(&parsed.schema, warnings),
        file_list(&args.files)
    )?;
    Ok(ExitCode::SUCCESS)
}

/// `a.tl declares`, `a.tl, b.tl declare`.
pub(crate) fn declare(files: &[PathBuf]) -> String {
    let verb = if files.len() == 1 {
        "declares"
    } else {
        "declare"
    };
    format!("{} {verb}", file_list(files))
}

/// `1760 constructors, 860 functions, 28 namespaces, layer 230, 0 warnings`.
pub(crate) fn summary(schema: &Schema, warnings: usize) -> String {
    let constructors = schema
        .definitions
        .iter()
        .filter(|d| d.category == Category::Constructor)
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
