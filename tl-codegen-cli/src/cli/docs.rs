//! `tlforge docs --metadata FILE -o DIR SCHEMA...`: the Markdown reference
//! ([`crate::site`]).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use tlforge_parser::Report;

use super::{AllowArgs, Output, WarningArgs, read_files, schema_sets};
use crate::schema_groups::{SchemaGroup, explicit_groups};
use crate::site::{doc_groups, render_site};

/// Arguments of `docs`.
#[derive(Debug, Args)]
#[command(after_help = super::FILES_RULE)]
pub struct DocsArgs {
    /// The main schema's files, read together: its pages go at the root of DIR.
    #[arg(value_name = "FILE", required_unless_present = "schema")]
    pub files: Vec<PathBuf>,
    /// Another schema, its files separated by commas (`schema/mtproto.tl,schema/mtproto-envelope.tl`):
    /// its pages go in a directory named after its first file (`mtproto/`). Repeatable; without
    /// FILEs the first is the main schema.
    #[arg(long = "schema", value_name = "FILES")]
    pub schema: Vec<String>,
    /// Directory to write the pages into (created if missing).
    #[arg(short, long, value_name = "DIR")]
    pub output: PathBuf,
    /// Documentation JSON (the format of schema/telegram-docs.json); it documents the schema
    /// whose names it matches best.
    #[arg(long, value_name = "FILE")]
    pub metadata: Option<PathBuf>,
    /// Rust crate of the generated items, named on each page with Rust examples (the bundled
    /// schemas: `tlforge_types`); other schemas are in its module of their name. Without it the
    /// pages name no Rust item.
    #[arg(long, value_name = "PATH")]
    pub rust_crate: Option<String>,
    #[command(flatten)]
    pub warnings: WarningArgs,
}

/// Reads the schemas (each a list of files read together), showing diagnostics (not those of
/// accepted id mismatches); `None` when a schema has errors.
/// Also gives the number of warnings about `--allow-id-mismatch` names no schema defines.
pub(super) fn load_groups(
    sets: &[Vec<PathBuf>],
    allow: &AllowArgs,
    output: &mut Output<'_>,
) -> std::io::Result<Option<(Vec<SchemaGroup>, usize)>> {
    let mut sources = Vec::with_capacity(sets.len());
    for paths in sets {
        let Some(set) = read_files(paths, output)? else {
            return Ok(None);
        };
        sources.push(set);
    }
    match explicit_groups(&sources) {
        Ok(mut groups) => {
            for group in &mut groups {
                allow.apply(&mut group.parsed.warnings);
            }
            for group in &groups {
                let warnings = Report::new(group.parsed.warnings.clone());
                write!(
                    output.err,
                    "{}",
                    warnings.render(&group.sources, output.color)
                )?;
            }
            // A name is unknown when no schema of the command defines it.
            let unknown = match groups.iter().min_by_key(|g| {
                tlforge_parser::unknown_definition_names(&g.parsed.schema, &allow.allow_id_mismatch)
                    .len()
            }) {
                Some(group) => allow.warn_unknown(&group.parsed.schema, output)?,
                None => 0,
            };
            Ok(Some((groups, unknown)))
        }
        Err(mut error) => {
            allow.apply(&mut error.report.diagnostics);
            write!(
                output.err,
                "{}",
                error.report.render(&error.sources, output.color)
            )?;
            let names: Vec<&str> = error.sources.iter().map(|s| s.name.as_str()).collect();
            writeln!(output.err, "error: invalid schema {}", names.join(", "))?;
            Ok(None)
        }
    }
}

pub(super) fn run(args: &DocsArgs, output: &mut Output<'_>) -> std::io::Result<ExitCode> {
    let mut sets = Vec::new();
    if !args.files.is_empty() {
        sets.push(args.files.clone());
    }
    sets.extend(schema_sets(&args.schema));
    let Some((groups, unknown)) = load_groups(&sets, &args.warnings.allow, output)? else {
        return Ok(ExitCode::FAILURE);
    };
    let mut denied: usize = groups
        .iter()
        .map(|g| g.parsed.warnings.len())
        .sum::<usize>()
        + unknown;
    let Ok(metadata) = super::load_metadata(args.metadata.as_deref(), output)? else {
        return Ok(ExitCode::FAILURE);
    };
    let (doc_groups, warnings) = doc_groups(&groups, metadata.as_ref(), args.rust_crate.as_deref());
    if let Some(path) = &args.metadata {
        // One line for all of them, as `generate` says it.
        if let Some(warning) = tlforge_codegen::unknown_metadata_warning(path, warnings) {
            args.warnings.write(&warning, output)?;
            denied += 1;
        }
    }
    if args.warnings.deny(denied, output)? {
        return Ok(ExitCode::FAILURE);
    }
    let pages = match render_site(&doc_groups) {
        Ok(pages) => pages,
        Err(error) => {
            writeln!(output.err, "error: {error}")?;
            return Ok(ExitCode::FAILURE);
        }
    };
    for (path, text) in &pages {
        let target = args.output.join(path);
        if let Some(dir) = target.parent() {
            std::fs::create_dir_all(dir)
                .map_err(|e| std::io::Error::new(e.kind(), format!("{}: {e}", dir.display())))?;
        }
        std::fs::write(&target, text)
            .map_err(|e| std::io::Error::new(e.kind(), format!("{}: {e}", target.display())))?;
    }
    // Pages are the Markdown files (SUMMARY.md included); the rest is book.toml and the search.
    let markdown = pages.keys().filter(|path| path.ends_with(".md")).count();
    writeln!(
        output.out,
        "wrote {markdown} pages and {} other files to {}",
        pages.len() - markdown,
        args.output.display()
    )?;
    Ok(ExitCode::SUCCESS)
}
