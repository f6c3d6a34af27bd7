//! `tlforge generate FILE... -o OUT.rs`: the code a build script would get, as a file.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, ValueEnum};

use super::{Output, WarningArgs, load_schema_with};
use tlforge_codegen::{Config, Json, SplitCrates};

/// The wires `--json` names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum JsonWire {
    /// TDLib's JSON interface (libtdjson), for td_api.tl (Config::json(Json::Tdlib)).
    Tdlib,
}

/// Arguments of `generate`; each option is one [`Config`] setter of the same name.
#[derive(Debug, Args)]
#[command(after_help = super::FILES_RULE)]
pub struct GenerateArgs {
    /// Schema files, read together as one schema.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Where to write the Rust code; `-` for standard output.
    #[arg(short, long, value_name = "OUT.rs")]
    pub output: PathBuf,
    /// Path of the runtime crate in the generated code (Config::runtime_path).
    #[arg(long, value_name = "PATH", default_value = "::tlforge_runtime")]
    pub runtime_path: String,
    /// Documentation JSON (the format of schema/telegram-docs.json) for rustdoc (Config::metadata).
    #[arg(long, value_name = "FILE")]
    pub metadata: Option<PathBuf>,
    /// Leave out the `@generated` header comment (Config::header(false)).
    #[arg(long)]
    pub no_header: bool,
    /// Put items behind cargo features per TL namespace (Config::namespace_features); the
    /// `features` subcommand prints the Cargo.toml entries they need.
    #[arg(long)]
    pub namespace_features: bool,
    /// Speak JSON instead of TL binary: `tdlib` writes serde's Serialize and Deserialize in
    /// TDLib's conventions for td_api.tl (Config::json(Json::Tdlib); needs tlforge-runtime's
    /// `json` feature).
    #[arg(long, value_name = "WIRE", conflicts_with_all = ["serde", "serde_feature"])]
    pub json: Option<JsonWire>,
    /// Derive serde's Serialize and Deserialize on every type (Config::serde).
    #[arg(long, conflicts_with = "serde_feature")]
    pub serde: bool,
    /// Derive serde behind `#[cfg_attr(feature = "NAME", …)]`, so one source serves both
    /// feature sets (Config::serde_feature).
    #[arg(long, value_name = "NAME")]
    pub serde_feature: Option<String>,
    /// Leave out `PartialEq` (Config::partial_eq(false)).
    #[arg(long, conflicts_with = "partial_eq_feature")]
    pub no_partial_eq: bool,
    /// Derive `PartialEq` behind `#[cfg_attr(feature = "NAME", …)]` (Config::partial_eq_feature).
    #[arg(long, value_name = "NAME")]
    pub partial_eq_feature: Option<String>,
    /// Derive `Eq` and `Hash` on every type that holds no `f64`, with `PartialEq`
    /// (Config::eq_hash).
    #[arg(long, conflicts_with = "eq_hash_feature")]
    pub eq_hash: bool,
    /// Derive `Eq` and `Hash` behind `#[cfg_attr(feature = "NAME", …)]`; with
    /// --partial-eq-feature, NAME must enable that feature (Config::eq_hash_feature).
    #[arg(long, value_name = "NAME")]
    pub eq_hash_feature: Option<String>,
    /// Leave out the decoders of functions (Config::function_decoders(false)).
    #[arg(long, conflicts_with = "function_decoders_feature")]
    pub no_function_decoders: bool,
    /// Put the decoders of functions behind `#[cfg(feature = "NAME")]`
    /// (Config::function_decoders_feature).
    #[arg(long, value_name = "NAME")]
    pub function_decoders_feature: Option<String>,
    /// Leave out the error types of the metadata's error catalogue: every `RemoteCall::Error`
    /// is `RpcError` (Config::error_types(false)).
    #[arg(long, conflicts_with = "error_types_feature")]
    pub no_error_types: bool,
    /// Put the error types (`errors::Error`, each function's `<Name>Error`) behind
    /// `#[cfg(feature = "NAME")]`, `RpcError` without it (Config::error_types_feature).
    #[arg(long, value_name = "NAME")]
    pub error_types_feature: Option<String>,
    /// End every item's rustdoc with a link to its reference page, URL/method/NAME,
    /// URL/constructor/NAME, URL/type/NAME (Config::reference_url): `https://core.telegram.org`
    /// for the Telegram API.
    #[arg(long, value_name = "URL")]
    pub reference_url: Option<String>,
    /// `#[non_exhaustive]` on every struct and enum (Config::non_exhaustive): other crates
    /// build values with `new` and match with a wildcard arm, so a layer that adds optional
    /// fields or constructors does not break them.
    #[arg(long)]
    pub non_exhaustive: bool,
    /// With --non-exhaustive, leave out the exhaustive `<Name>Init` of each struct's required
    /// fields and its `From` (Config::init_structs(false)).
    #[arg(long, conflicts_with = "init_structs_feature")]
    pub no_init_structs: bool,
    /// Put the `<Name>Init` structs behind `#[cfg(feature = "NAME")]`
    /// (Config::init_structs_feature).
    #[arg(long, value_name = "NAME")]
    pub init_structs_feature: Option<String>,
    /// Write the token stream unformatted, not indented, a line break after each `;`,
    /// attribute, `{`, `}` and `,` inside braces (Config::format(false)): faster.
    #[arg(long)]
    pub no_format: bool,
    /// Threads that write the items (Config::threads); 0, the default, for every core. The
    /// output is the same whatever the number.
    #[arg(short, long, value_name = "N", default_value_t = 0)]
    pub jobs: usize,
    /// Map every TL `string` to `Vec<u8>`, for schemas that carry binary data in `string`, as
    /// TON's do (Config::strings_as_bytes).
    #[arg(long)]
    pub strings_as_bytes: bool,
    /// Write the code as a tree of files: `-o DIR/NAME.rs` is the root, each module a file
    /// under `DIR/NAME/` (emptied first), a large module's items in files by the first letters
    /// of their names (Config::generate_tree_parsed), so that no file is too large to review.
    #[arg(long, conflicts_with = "split_crates")]
    pub source_tree: bool,
    /// Split the items into six crates, three stages of two that cargo compiles side by
    /// side (Config::generate_split), named as Rust names them (`tlforge_types_1a`); each depends
    /// on those of the earlier stages. `-o` gets the facade that re-exports them; the
    /// crates' sources go to --split-dir.
    #[arg(
        long,
        value_name = "1A,1B,2A,2B,3A,3B",
        value_delimiter = ',',
        requires = "split_dir"
    )]
    pub split_crates: Vec<String>,
    /// Where --split-crates writes each of the six crates' source: `<crate>.rs` and a file per
    /// module under `<crate>/` (`<crate>/types/auth.rs`; emptied first), and `<crate>.rs` of
    /// --errors-crate.
    #[arg(long, value_name = "DIR", requires = "split_crates")]
    pub split_dir: Option<PathBuf>,
    /// With --split-crates and metadata that has an error catalogue: the crate of
    /// `errors::Error` (as Rust names it, `tlforge_types_errors`), which every part depends on; its
    /// source goes to --split-dir as `<crate>.rs` (SplitCrates::errors).
    #[arg(long, value_name = "CRATE", requires = "split_crates")]
    pub errors_crate: Option<String>,
    /// With --split-crates: the plan of where each item lives (one line per item, sorted, and
    /// a line per module whose items are in files by name). Read when FILE exists, so that
    /// items stay in their crate and file across layer updates (only a new reference to a
    /// later stage moves one); written after generating.
    #[arg(long, value_name = "FILE", requires = "split_crates")]
    pub split_plan: Option<PathBuf>,
    /// With --split-plan: ignore the existing plan and partition afresh (then write it).
    #[arg(long, requires = "split_plan")]
    pub rebalance: bool,
    #[command(flatten)]
    pub warnings: WarningArgs,
}

impl GenerateArgs {
    /// The [`Config`] these arguments describe.
    pub fn to_config(&self) -> Config {
        let GenerateArgs {
            files: _,
            output: _,
            runtime_path,
            metadata,
            no_header,
            namespace_features,
            json,
            serde,
            serde_feature,
            no_partial_eq,
            partial_eq_feature,
            eq_hash,
            eq_hash_feature,
            no_function_decoders,
            function_decoders_feature,
            no_error_types,
            error_types_feature,
            reference_url,
            non_exhaustive,
            no_init_structs,
            init_structs_feature,
            no_format,
            jobs,
            strings_as_bytes,
            source_tree: _,
            split_crates: _,
            split_dir: _,
            errors_crate: _,
            split_plan: _,
            rebalance: _,
            warnings,
        } = self;
        let mut config = Config::new();
        config
            .runtime_path(runtime_path.clone())
            .header(!no_header)
            .namespace_features(*namespace_features)
            .serde(*serde)
            .partial_eq(!no_partial_eq)
            .eq_hash(*eq_hash)
            .function_decoders(!no_function_decoders)
            .error_types(!no_error_types)
            .non_exhaustive(*non_exhaustive)
            .init_structs(!no_init_structs)
            .format(!no_format)
            .threads(*jobs)
            .strings_as_bytes(*strings_as_bytes);
        if let Some(JsonWire::Tdlib) = json {
            config.json(Json::Tdlib);
        }
        if let Some(feature) = serde_feature {
            config.serde_feature(feature.clone());
        }
        if let Some(feature) = partial_eq_feature {
            config.partial_eq_feature(feature.clone());
        }
        if let Some(feature) = eq_hash_feature {
            config.eq_hash_feature(feature.clone());
        }
        if let Some(feature) = function_decoders_feature {
            config.function_decoders_feature(feature.clone());
        }
        if let Some(feature) = error_types_feature {
            config.error_types_feature(feature.clone());
        }
        if let Some(feature) = init_structs_feature {
            config.init_structs_feature(feature.clone());
        }
        if let Some(url) = reference_url {
            config.reference_url(url.clone());
        }
        if let Some(metadata) = metadata {
            config.metadata(metadata.clone());
        }
        for name in &warnings.allow.allow_id_mismatch {
            config.allow_id_mismatch(name.clone());
        }
        config
    }
}

pub(super) fn run(args: &GenerateArgs, output: &mut Output<'_>) -> std::io::Result<ExitCode> {
    // Diagnostics are rendered here, with colour when stderr is a terminal.
    let Some((sources, parsed, unknown)) = load_schema_with(&args.files, &args.warnings, output)?
    else {
        return Ok(ExitCode::FAILURE);
    };
    let mut denied = parsed.warnings.len() + unknown;
    if parsed.schema.user_definitions().next().is_none() {
        writeln!(
            output.err,
            "warning: {} no constructor or function; the output has no items",
            super::check::declare(&args.files)
        )?;
        denied += 1;
    }
    let config = args.to_config();
    let generated = match (&args.split_crates[..], &args.split_dir) {
        ([], _) if args.source_tree => {
            let Some(stem) = args
                .output
                .file_stem()
                .filter(|_| args.output.as_os_str() != "-")
            else {
                writeln!(
                    output.err,
                    "error: --source-tree writes files: give -o DIR/NAME.rs"
                )?;
                return Ok(ExitCode::FAILURE);
            };
            let stem = stem.to_string_lossy().into_owned();
            let dir = args.output.parent().map(PathBuf::from).unwrap_or_default();
            config
                .generate_tree_parsed(&sources, &parsed)
                .map(|(tree, warnings)| {
                    let mut paths = tree.paths(&stem).into_iter();
                    let root = paths
                        .next()
                        .map(|(_, code)| code.to_owned())
                        .unwrap_or_default();
                    let files = paths
                        .map(|(path, code)| (dir.join(path), code.to_owned()))
                        .collect();
                    (root, files, warnings)
                })
        }
        ([], _) => config
            .generate_parsed(&sources, &parsed)
            .map(|(code, warnings)| (code, Vec::new(), warnings)),
        (names, Some(dir)) if names.len() == tlforge_codegen::split::PARTS => {
            let plan = match (&args.split_plan, args.rebalance) {
                (Some(path), false) if path.exists() => {
                    let text = std::fs::read_to_string(path).map_err(|e| {
                        std::io::Error::new(e.kind(), format!("{}: {e}", path.display()))
                    })?;
                    match tlforge_codegen::split::Plan::parse(&text) {
                        Ok(plan) => Some(plan),
                        Err(e) => {
                            writeln!(output.err, "error: {}: {e}", path.display())?;
                            return Ok(ExitCode::FAILURE);
                        }
                    }
                }
                _ => None,
            };
            let crates = SplitCrates {
                parts: std::array::from_fn(|k| names[k].clone()),
                errors: args.errors_crate.clone(),
                plan,
            };
            config
                .generate_split_parsed(&sources, &parsed, &crates)
                .map(|(code, warnings)| {
                    let mut files: Vec<(PathBuf, String)> = Vec::new();
                    for (name, tree) in names.iter().zip(&code.parts) {
                        files.extend(
                            tree.paths(name)
                                .into_iter()
                                .map(|(path, code)| (dir.join(path), code.to_owned())),
                        );
                    }
                    if let (Some(name), Some(errors)) = (&args.errors_crate, code.errors) {
                        files.push((dir.join(format!("{name}.rs")), errors));
                    }
                    if let Some(path) = &args.split_plan {
                        files.push((path.clone(), code.plan.to_text()));
                    }
                    (code.facade, files, warnings)
                })
        }
        (names, _) => {
            writeln!(
                output.err,
                "error: --split-crates takes {} crate names, not {}",
                tlforge_codegen::split::PARTS,
                names.len()
            )?;
            return Ok(ExitCode::FAILURE);
        }
    };
    let (code, split_files, warnings) = match generated {
        Ok(generated) => generated,
        Err(error) => {
            writeln!(output.err, "error: {error}")?;
            return Ok(ExitCode::FAILURE);
        }
    };
    // Schema warnings were already shown by load_schema; metadata ones were not.
    let metadata_warnings = warnings
        .iter()
        .filter(|w| w.source == tlforge_codegen::WarningSource::Metadata);
    for warning in metadata_warnings {
        args.warnings.write(warning, output)?;
        denied += 1;
    }
    if args.warnings.deny(denied, output)? {
        return Ok(ExitCode::FAILURE);
    }
    // A part's module files live in `<crate>/` beside `<crate>.rs`: the directory is the
    // generator's, emptied first so that no file of a module that is gone stays behind.
    if args.source_tree {
        if let (Some(dir), Some(stem)) = (args.output.parent(), args.output.file_stem()) {
            let modules = dir.join(stem);
            if modules.is_dir() {
                std::fs::remove_dir_all(&modules).map_err(|e| {
                    std::io::Error::new(e.kind(), format!("{}: {e}", modules.display()))
                })?;
            }
        }
    }
    if let Some(dir) = &args.split_dir {
        for name in &args.split_crates {
            let modules = dir.join(name);
            if modules.is_dir() {
                std::fs::remove_dir_all(&modules).map_err(|e| {
                    std::io::Error::new(e.kind(), format!("{}: {e}", modules.display()))
                })?;
            }
        }
    }
    for (path, code) in split_files {
        let io_error =
            |e: std::io::Error| std::io::Error::new(e.kind(), format!("{}: {e}", path.display()));
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(io_error)?;
        }
        std::fs::write(&path, code).map_err(io_error)?;
    }
    if args.output.as_os_str() == "-" {
        output.out.write_all(code.as_bytes())?;
    } else {
        std::fs::write(&args.output, code).map_err(|e| {
            std::io::Error::new(e.kind(), format!("{}: {e}", args.output.display()))
        })?;
    }
    Ok(ExitCode::SUCCESS)
}
