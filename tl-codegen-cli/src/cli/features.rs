//! `tlforge features FILE...`: the `[features]` entries of a crate generated with
//! `Config::namespace_features(true)`, one per TL namespace, ready to paste into Cargo.toml.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use super::{Output, file_list, read_files};

/// Arguments of `features`.
#[derive(Debug, Args)]
#[command(after_help = super::FILES_RULE)]
pub struct FeaturesArgs {
    /// Schema files, read together as one schema.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Name of the feature that turns every namespace on.
    #[arg(long, value_name = "NAME", default_value = "namespaces")]
    pub all_feature: String,
    /// Also print `default = ["namespaces"]` (the --all-feature name): every namespace on
    /// unless a dependent says `default-features = false`, as in tlforge-types.
    #[arg(long)]
    pub all: bool,
}

pub(super) fn run(args: &FeaturesArgs, output: &mut Output<'_>) -> std::io::Result<ExitCode> {
    let Some(sources) = read_files(&args.files, output)? else {
        return Ok(ExitCode::FAILURE);
    };
    let features = match tlforge_codegen::list_namespace_features(&sources) {
        Ok(features) => features,
        Err(error) => {
            writeln!(output.err, "error: {error}")?;
            return Ok(ExitCode::FAILURE);
        }
    };
    writeln!(
        output.out,
        "# Cargo features per TL namespace of {} (`tlforge features`), for code generated\n\
         # with Config::namespace_features(true). A feature compiles its namespace's functions and\n\
         # types and everything they use; the comment counts the items it compiles on its own.",
        file_list(&args.files)
    )?;
    let names: Vec<String> = features
        .iter()
        .map(|feature| format!("\"{}\"", feature.name))
        .collect();
    if args.all {
        writeln!(output.out, "default = [\"{}\"]", args.all_feature)?;
    }
    writeln!(output.out, "{} = [{}]", args.all_feature, names.join(", "))?;
    for feature in &features {
        writeln!(
            output.out,
            "{} = []  # {} items",
            feature.name, feature.items
        )?;
    }
    Ok(ExitCode::SUCCESS)
}
