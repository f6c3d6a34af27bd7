//! The `tlforge` command line: one file per subcommand (`check`, `dump`, `generate`,
//! `docs`, `diff`, `decode`, `features`), each a variant of [`Command`]; this file holds what
//! they share: reading schema files, the one rule for several files, warning flags, output.

mod check;
mod decode;
mod diff;
mod docs;
mod dump;
mod features;
mod generate;

use std::ffi::OsString;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use tlforge_parser::{Diagnostic, DiagnosticKind, Parsed, Report, SourceFile};

pub use check::CheckArgs;
pub use decode::DecodeArgs;
pub use diff::{DiffArgs, DiffFormat};
pub use docs::DocsArgs;
pub use dump::{DumpArgs, to_json};
pub use features::FeaturesArgs;
pub use generate::GenerateArgs;

/// Generate Rust from TL (Type Language) schemas, and inspect schemas.
#[derive(Debug, Parser)]
// The about text of the command as it was before the split (tlforge-codegen's description), so
// that `--help` reads as it always has.
#[command(
    name = "tlforge",
    version,
    about = "Generate Rust types, serializers and deserializers from TL (Type Language) schemas"
)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
// One value per run, parsed once: its size does not matter, boxing would only add noise.
#[allow(clippy::large_enum_variant)]
pub enum Command {
    /// Parse and validate schema files together; print a one-line summary.
    Check(CheckArgs),
    /// Print the validated schema as JSON.
    Dump(DumpArgs),
    /// Generate Rust code (types, enums, functions) from schema files.
    Generate(GenerateArgs),
    /// Write a Markdown reference: a page per method, constructor and type, and an index.
    Docs(DocsArgs),
    /// Show what changed between two schemas (added, removed, changed definitions).
    Diff(DiffArgs),
    /// Decode TL bytes (hex) with a schema, without generated code, and print them as JSON.
    Decode(DecodeArgs),
    /// Print the Cargo.toml `[features]` entries for namespace features (one per TL namespace).
    Features(FeaturesArgs),
}

/// The schemas of `--schema` values: each value is one schema, its files separated by commas
/// (`--schema schema/mtproto.tl,schema/mtproto-envelope.tl`).
pub(crate) fn schema_sets(values: &[String]) -> Vec<Vec<PathBuf>> {
    values
        .iter()
        .map(|value| {
            value
                .split(',')
                .filter(|part| !part.trim().is_empty())
                .map(|part| PathBuf::from(part.trim()))
                .collect()
        })
        .filter(|set: &Vec<PathBuf>| !set.is_empty())
        .collect()
}

/// The rule for several files, in every subcommand's help.
pub(crate) const FILES_RULE: &str = "Files given together are one schema: the FILEs of a \
    command, or the comma-separated files of one --schema. Separate schemas (as schema/api.tl and \
    schema/mtproto.tl with its mtproto-envelope.tl: api.tl and mtproto-envelope.tl both declare \
    `message`) go to separate commands, or to separate \
    --schema options of `docs` and `decode`.";

/// Id mismatches accepted by name: shared by every command that reads a schema.
#[derive(Debug, Clone, Default, Args)]
pub struct AllowArgs {
    /// Accept the id mismatch of the definition NAME (a known quirk of an upstream schema,
    /// as ton_api.tl's `tonNode.capabilities`): it is neither shown nor denied, also beside
    /// errors. Repeatable; a NAME the schema does not define is a warning.
    #[arg(long, value_name = "NAME")]
    pub allow_id_mismatch: Vec<String>,
}

impl AllowArgs {
    /// Whether `--allow-id-mismatch` accepts this diagnostic.
    pub(crate) fn allows(&self, diagnostic: &Diagnostic) -> bool {
        tlforge_parser::is_allowed_id_mismatch(diagnostic, &self.allow_id_mismatch)
    }

    /// Drops the accepted mismatches from `diagnostics` and names the option in the help of
    /// the others.
    pub(crate) fn apply(&self, diagnostics: &mut Vec<Diagnostic>) {
        diagnostics.retain(|d| !self.allows(d));
        for diagnostic in diagnostics.iter_mut() {
            if let Some(DiagnosticKind::IdMismatch { definition }) = &diagnostic.kind {
                let accept =
                    format!("a known quirk of the schema? --allow-id-mismatch {definition}");
                diagnostic.help = Some(match diagnostic.help.take() {
                    Some(help) => format!("{help}; {accept}"),
                    None => accept,
                });
            }
        }
    }

    /// Writes a warning for every accepted name `schema` does not define; returns how many.
    pub(crate) fn warn_unknown(
        &self,
        schema: &tlforge_parser::Schema,
        output: &mut Output<'_>,
    ) -> std::io::Result<usize> {
        let unknown = tlforge_parser::unknown_definition_names(schema, &self.allow_id_mismatch);
        for (name, closest) in &unknown {
            let hint = closest
                .as_ref()
                .map(|c| format!("; did you mean `{c}`?"))
                .unwrap_or_default();
            writeln!(
                output.err,
                "warning: --allow-id-mismatch {name}: the schema defines no `{name}`{hint}"
            )?;
        }
        Ok(unknown.len())
    }
}

/// How warnings are treated: shared by `check`, `generate` and `docs`.
#[derive(Debug, Clone, Default, Args)]
pub struct WarningArgs {
    /// Treat warnings as errors: exit with status 1 if there is any (an explicit id that does
    /// not match its text, metadata that does not match the schema, …). For CI.
    #[arg(long, visible_alias = "strict")]
    pub deny_warnings: bool,
    #[command(flatten)]
    pub allow: AllowArgs,
    /// List every name a summarised warning stands for (metadata names).
    #[arg(long)]
    pub verbose: bool,
}

impl WarningArgs {
    /// With `--deny-warnings` and `count` warnings: says so and gives the failing exit code.
    pub(crate) fn deny(&self, count: usize, output: &mut Output<'_>) -> std::io::Result<bool> {
        if !self.deny_warnings || count == 0 {
            return Ok(false);
        }
        writeln!(
            output.err,
            "error: {} denied by --deny-warnings",
            plural(count, "warning")
        )?;
        Ok(true)
    }

    /// Writes a warning of the generator (`warning: …`), and its details with `--verbose`.
    pub(crate) fn write(
        &self,
        warning: &tlforge_codegen::Warning,
        output: &mut Output<'_>,
    ) -> std::io::Result<()> {
        writeln!(output.err, "warning: {warning}")?;
        if self.verbose {
            for detail in &warning.details {
                writeln!(output.err, "  {detail}")?;
            }
        }
        Ok(())
    }
}

/// Where a subcommand writes, and whether diagnostics are coloured.
pub struct Output<'a> {
    /// Standard output: results.
    pub out: &'a mut dyn Write,
    /// Standard error: diagnostics.
    pub err: &'a mut dyn Write,
    /// Colour diagnostics (stderr is a terminal and `NO_COLOR` is unset).
    pub color: bool,
}

/// Runs the command line of this process.
pub fn run() -> ExitCode {
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let mut out = std::io::stdout().lock();
    let mut err = std::io::stderr().lock();
    run_with(
        std::env::args_os(),
        &mut Output {
            out: &mut out,
            err: &mut err,
            color,
        },
    )
}

/// Runs a command line given as arguments (the first one is the program name).
pub fn run_with<I, T>(args: I, output: &mut Output<'_>) -> ExitCode
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            // `--help` and `--version` are "errors" that print to stdout and succeed.
            let text = if output.color {
                e.render().ansi().to_string()
            } else {
                e.render().to_string()
            };
            let stream = if e.use_stderr() {
                &mut *output.err
            } else {
                &mut *output.out
            };
            let _ = write!(stream, "{text}");
            return ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2));
        }
    };
    let mut out = ClosedAware {
        inner: &mut *output.out,
        closed: false,
    };
    let result = {
        let output = &mut Output {
            out: &mut out,
            err: &mut *output.err,
            color: output.color,
        };
        match &cli.command {
            Command::Check(args) => check::run(args, output),
            Command::Dump(args) => dump::run(args, output),
            Command::Generate(args) => generate::run(args, output),
            Command::Docs(args) => docs::run(args, output),
            Command::Diff(args) => diff::run(args, output),
            Command::Decode(args) => decode::run(args, output),
            Command::Features(args) => features::run(args, output),
        }
    };
    match result {
        Ok(code) => code,
        // The reader of standard output is gone (`tlforge features … | head`): nobody wants
        // the rest, which is not an error. End quietly and successfully.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe && out.closed => ExitCode::SUCCESS,
        Err(e) => {
            let _ = writeln!(output.err, "error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Standard output, noting when its reader has closed it (a broken pipe), so that the error
/// this gives the subcommand ends the command quietly and successfully.
struct ClosedAware<'a> {
    inner: &'a mut dyn Write,
    closed: bool,
}

impl ClosedAware<'_> {
    fn note<T>(&mut self, result: std::io::Result<T>) -> std::io::Result<T> {
        if let Err(e) = &result {
            if e.kind() == std::io::ErrorKind::BrokenPipe {
                self.closed = true;
            }
        }
        result
    }
}

impl Write for ClosedAware<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let result = self.inner.write(buf);
        self.note(result)
    }

    fn write_all(&mut self, buf: &[u8]) -> std::io::Result<()> {
        let result = self.inner.write_all(buf);
        self.note(result)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        let result = self.inner.flush();
        self.note(result)
    }
}

/// Reads the files and parses them together. Diagnostics (errors, or warnings on success) are
/// rendered to `output.err`; `None` means the schema has errors.
/// Reads schema files; `None` (with the diagnostic shown, the bad byte in context of the file
/// read as lossy UTF-8) when one is not UTF-8.
pub(crate) fn read_files(
    paths: &[PathBuf],
    output: &mut Output<'_>,
) -> std::io::Result<Option<Vec<SourceFile>>> {
    let mut sources = Vec::with_capacity(paths.len());
    for path in paths {
        let bytes = std::fs::read(path).map_err(|e| with_path(path, e))?;
        let name = path.display().to_string();
        match SourceFile::from_bytes(name.clone(), &bytes) {
            Ok(source) => sources.push(source),
            Err(report) => {
                let lossy = SourceFile::new(name, String::from_utf8_lossy(&bytes));
                write!(output.err, "{}", report.render(&[lossy], output.color))?;
                return Ok(None);
            }
        }
    }
    Ok(Some(sources))
}

pub(crate) fn load_schema(
    paths: &[PathBuf],
    allow: &AllowArgs,
    output: &mut Output<'_>,
) -> std::io::Result<Option<(Vec<SourceFile>, Parsed)>> {
    let warning_args = WarningArgs {
        allow: allow.clone(),
        ..WarningArgs::default()
    };
    Ok(load_schema_with(paths, &warning_args, output)?
        .map(|(sources, parsed, _)| (sources, parsed)))
}

/// [`load_schema`], leaving out the warnings `--allow-id-mismatch` accepts (from the result too,
/// and from an error report); also gives the number of warnings about the accepted names
/// themselves (names the schema does not define), which are written but not in the result.
pub(crate) fn load_schema_with(
    paths: &[PathBuf],
    warning_args: &WarningArgs,
    output: &mut Output<'_>,
) -> std::io::Result<Option<(Vec<SourceFile>, Parsed, usize)>> {
    let Some(sources) = read_files(paths, output)? else {
        return Ok(None);
    };
    match tlforge_parser::parse_schema(&sources) {
        Ok(mut parsed) => {
            warning_args.allow.apply(&mut parsed.warnings);
            let warnings = Report::new(parsed.warnings.clone());
            write!(output.err, "{}", warnings.render(&sources, output.color))?;
            let unknown = warning_args.allow.warn_unknown(&parsed.schema, output)?;
            Ok(Some((sources, parsed, unknown)))
        }
        Err(mut report) => {
            warning_args.allow.apply(&mut report.diagnostics);
            write!(output.err, "{}", report.render(&sources, output.color))?;
            let errors = report
                .diagnostics
                .iter()
                .filter(|d| d.severity == tlforge_parser::Severity::Error)
                .count();
            writeln!(
                output.err,
                "error: {} in {}",
                plural(errors, "error"),
                file_list(paths)
            )?;
            // A name declared in two of the files: perhaps they are separate schemas.
            let across_files = paths.len() > 1
                && report.diagnostics.iter().any(|d| {
                    d.message.ends_with("is declared twice")
                        && d.help.as_deref().is_some_and(|h| !h.contains(&d.file_name))
                });
            if across_files {
                writeln!(
                    output.err,
                    "note: files given together are read as one schema; if they are separate \
                     schemas (as schema/api.tl and schema/mtproto.tl), give them one at a time, \
                     or as separate `--schema` options of `docs` and `decode`"
                )?;
            }
            Ok(None)
        }
    }
}

/// The metadata file of `--metadata`, if given: `Ok(None)` without one, `Err(())` when it
/// cannot be read (the error already written to `output.err`).
pub(crate) fn load_metadata(
    path: Option<&Path>,
    output: &mut Output<'_>,
) -> std::io::Result<Result<Option<tlforge_codegen::metadata::Metadata>, ()>> {
    let Some(path) = path else {
        return Ok(Ok(None));
    };
    match tlforge_codegen::metadata::Metadata::load(path) {
        Ok(metadata) => Ok(Ok(Some(metadata))),
        Err(e) => {
            writeln!(output.err, "error: metadata: {e}")?;
            Ok(Err(()))
        }
    }
}

fn with_path(path: &Path, e: std::io::Error) -> std::io::Error {
    std::io::Error::new(e.kind(), format!("{}: {e}", path.display()))
}

/// `1 error`, `2 errors`.
pub(crate) fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// `a.tl, b.tl`.
pub(crate) fn file_list(paths: &[PathBuf]) -> String {
    paths
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}
