//! Generate Rust from TL (Type Language) schemas: one struct per constructor and function, one
//! enum per boxed type, serializers, deserializers and return-type bindings, for the small
//! runtime crate `tlforge-runtime`.
//!
//! In a `build.rs` (the prost-build shape):
//!
//! ```no_run
//! // build.rs
//! fn main() -> Result<(), tlforge_codegen::Error> {
//!     tlforge_codegen::Config::new()
//!         .output_file("api.rs")
//!         .compile(&["schema/api.tl"])
//! }
//! ```
//!
//! and in the crate: `include!(concat!(env!("OUT_DIR"), "/api.rs"));`. A schema error fails the
//! build with its diagnostics as they are (`Error: invalid TL schema:`, then file, line, column
//! and the line marked): `main` returns the [`Error`], whose `Debug` is its message.
//!
//! [`Config::generate`] is the pure entry point: sources in, Rust source text out.

mod emit;
mod features;
pub mod metadata;
pub mod naming;
pub mod rpc_errors;
pub mod rust_model;
pub mod rustdoc;
pub mod source_tree;
pub mod split;

use std::fmt;
use std::path::{Path, PathBuf};

pub use emit::SplitCrates;
pub use source_tree::SourceTree;
pub use tlforge_parser::{Report, SourceFile};

/// What can go wrong while generating code.
pub enum Error {
    /// A schema file could not be read or the output could not be written.
    Io {
        /// The file concerned.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The schema has errors; the text is the rendered diagnostics (file, line, column, snippet).
    Schema(String),
    /// The schema is valid TL but uses something the generator cannot express in Rust.
    Unsupported(Vec<String>),
    /// The metadata file could not be read or parsed.
    Metadata(String),
    /// Warnings under [`Config::deny_warnings`].
    DeniedWarnings(Vec<Warning>),
    /// The generated tokens did not parse as a Rust file, so they could not be formatted (a bug
    /// in tlforge-codegen: please report it with the schema).
    Format(String),
    /// [`Config::format`] is on but tlforge-codegen was built without its `format` feature.
    NoFormatter,
    /// Neither `out_dir` nor the `OUT_DIR` environment variable says where to write.
    NoOutDir,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Io { path, source } => write!(f, "{}: {source}", path.display()),
            Error::Schema(rendered) => write!(f, "invalid TL schema:\n{rendered}"),
            Error::Unsupported(problems) => {
                writeln!(
                    f,
                    "the schema uses constructs tlforge-codegen cannot generate:"
                )?;
                for problem in problems {
                    writeln!(f, "  {problem}")?;
                }
                Ok(())
            }
            Error::Metadata(message) => write!(f, "metadata: {message}"),
            Error::DeniedWarnings(warnings) => {
                writeln!(f, "{} denied (Config::deny_warnings):", warnings.len())?;
                for warning in warnings {
                    writeln!(f, "  warning: {warning}")?;
                }
                Ok(())
            }
            Error::Format(message) => write!(
                f,
                "generated code does not parse, so it cannot be formatted (a tlforge-codegen bug): {message}"
            ),
            Error::NoFormatter => write!(
                f,
                "Config::format(true) needs tlforge-codegen's `format` feature (or call Config::format(false))"
            ),
            Error::NoOutDir => write!(
                f,
                "no output directory: call Config::out_dir or run from a build script (OUT_DIR)"
            ),
        }
    }
}

/// Shows the readable message, so that a build script's `fn main() -> Result<(), Error>` (which
/// prints the error with `Debug`), or `.unwrap()`, prints diagnostics rather than a struct dump.
impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl std::error::Error for Error {}

/// Something worth telling the user that does not stop generation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// Where it comes from.
    pub source: WarningSource,
    /// `file:line:col: message` for the schema, `file: message` for metadata.
    pub message: String,
    /// For a warning that sums up many names (metadata), every one of them; empty otherwise.
    pub details: Vec<String>,
}

/// What a [`Warning`] is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WarningSource {
    /// A schema diagnostic of severity warning (e.g. an explicit id that the rules do not reproduce).
    Schema,
    /// A metadata entry for a name the schema does not have.
    Metadata,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// One cargo feature of [`Config::namespace_features`]: a TL namespace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamespaceFeature {
    /// The feature's name: the namespace's Rust module name (`messages`).
    pub name: String,
    /// Items (structs and enums) compiled when it is the only namespace feature on, counting
    /// those compiled whatever the features.
    pub items: usize,
}

/// The cargo features that code generated from `sources` with
/// [`Config::namespace_features`] expects, sorted by name: the crate's Cargo.toml must declare
/// them (`tlforge features` prints the entries).
pub fn list_namespace_features(sources: &[SourceFile]) -> Result<Vec<NamespaceFeature>, Error> {
    let parsed = parse(sources)?;
    let rust = rust_model::RustSchema::new(&parsed.schema).map_err(unsupported)?;
    let features = features::NamespaceFeatures::new(&rust);
    Ok(features
        .names
        .iter()
        .map(|name| NamespaceFeature {
            name: name.clone(),
            items: features.items_with(name),
        })
        .collect())
}

/// The old name of [`list_namespace_features`] (it read like [`Config::namespace_features`]).
#[deprecated(note = "renamed to list_namespace_features")]
pub fn namespace_features(sources: &[SourceFile]) -> Result<Vec<NamespaceFeature>, Error> {
    list_namespace_features(sources)
}

/// Parses and validates `sources` as one schema; errors come rendered (file, line, column).
fn parse(sources: &[SourceFile]) -> Result<tlforge_parser::Parsed, Error> {
    parse_allowing(sources, &[])
}

/// [`parse`], leaving the accepted id mismatches (`allowed`) out of an error's report.
fn parse_allowing(
    sources: &[SourceFile],
    allowed: &[String],
) -> Result<tlforge_parser::Parsed, Error> {
    tlforge_parser::parse_schema(sources).map_err(|mut report| {
        report
            .diagnostics
            .retain(|d| !tlforge_parser::is_allowed_id_mismatch(d, allowed));
        Error::Schema(report.render(sources, false))
    })
}

/// Settings for code generation; setters chain, as in prost-build.
#[derive(Debug, Clone)]
pub struct Config {
    runtime_path: String,
    out_dir: Option<PathBuf>,
    output_file: String,
    header: bool,
    metadata: Option<PathBuf>,
    serde: emit::Gate,
    partial_eq: emit::Gate,
    eq_hash: emit::Gate,
    function_decoders: emit::Gate,
    error_types: emit::Gate,
    reference_url: Option<String>,
    non_exhaustive: bool,
    init_structs: emit::Gate,
    namespace_features: bool,
    format: bool,
    threads: usize,
    model: rust_model::ModelOptions,
    deny_warnings: bool,
    allowed_id_mismatches: Vec<String>,
    json: Json,
}

/// The wire the generated code speaks ([`Config::json`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum Json {
    /// TL's binary serialization (`Serializable`, `Deserializable`): MTProto, TON. The default.
    #[default]
    None,
    /// TDLib's JSON interface (libtdjson), instead of TL binary: every type implements serde's
    /// `Serialize` and `Deserialize` in TDLib's conventions (`@type` first, `int64` as a
    /// string, `bytes` as base64, an object documented "may be null" an `Option` left out when
    /// `None`), boxed types get an `Unknown` variant for constructors a newer TDLib adds,
    /// functions implement `tlforge_runtime::json::RemoteCall` (and `Synchronous` where td_api
    /// says "Can be called synchronously"). The crate depends on tlforge-runtime with its
    /// `json` feature and nothing else. See `tlforge_runtime::json`.
    Tdlib,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            runtime_path: "::tlforge_runtime".to_owned(),
            out_dir: None,
            output_file: "tl_generated.rs".to_owned(),
            header: true,
            metadata: None,
            serde: emit::Gate::Off,
            partial_eq: emit::Gate::On,
            eq_hash: emit::Gate::Off,
            function_decoders: emit::Gate::On,
            error_types: emit::Gate::On,
            reference_url: None,
            non_exhaustive: false,
            init_structs: emit::Gate::On,
            namespace_features: false,
            format: cfg!(feature = "format"),
            threads: 0,
            model: rust_model::ModelOptions::default(),
            deny_warnings: false,
            allowed_id_mismatches: Vec::new(),
            json: Json::None,
        }
    }
}

impl Config {
    /// Default settings: runtime at `::tlforge_runtime`, output `$OUT_DIR/tl_generated.rs`, with header.
    pub fn new() -> Self {
        Self::default()
    }

    /// Path under which generated code finds the runtime crate (default `::tlforge_runtime`), like
    /// prost-build's `prost_path`. Use it when the runtime is re-exported, e.g. `::my_crate::tl`.
    pub fn runtime_path(&mut self, path: impl Into<String>) -> &mut Self {
        self.runtime_path = path.into();
        self
    }

    /// Directory [`Config::compile`] writes into (default: the `OUT_DIR` environment variable).
    pub fn out_dir(&mut self, dir: impl Into<PathBuf>) -> &mut Self {
        self.out_dir = Some(dir.into());
        self
    }

    /// Name of the file [`Config::compile`] writes (default `tl_generated.rs`).
    pub fn output_file(&mut self, name: impl Into<String>) -> &mut Self {
        self.output_file = name.into();
        self
    }

    /// Whether the output starts with an `@generated` comment naming the inputs (default true).
    pub fn header(&mut self, header: bool) -> &mut Self {
        self.header = header;
        self
    }

    /// The wire the generated code speaks: TL binary ([`Json::None`], the default) or TDLib's
    /// JSON ([`Json::Tdlib`], for td_api.tl). With [`Json::Tdlib`], [`Config::serde`] must stay
    /// off (the codec is serde's traits, written out) and every field must have a JSON form
    /// (no flags, `#` or `int128`); the function decoders ([`Config::function_decoders`])
    /// decide whether functions implement `Deserialize`.
    pub fn json(&mut self, json: Json) -> &mut Self {
        self.json = json;
        self
    }

    /// Derive serde's `Serialize` and `Deserialize` on every generated type (default false).
    /// The generated crate then needs `serde` (with `derive`) and tlforge-runtime's `serde` feature.
    /// JSON looks like `tlforge decode`'s: `{"_": "auth.sentCode", …}`, `long` as a decimal
    /// string, `bytes` as `{"hex": …}`; fields that share a flag bit nest as their group.
    pub fn serde(&mut self, serde: bool) -> &mut Self {
        self.serde = emit::Gate::from(serde);
        self
    }

    /// Like [`Config::serde`], with every serde derive and attribute behind the cargo feature
    /// `feature` (`#[cfg_attr(feature = "serde", derive(::serde::Serialize, …))]`), so that one
    /// generated source serves a crate with and without it, as tlforge-types does. The crate's
    /// feature must enable its optional `serde` dependency and tlforge-runtime's `serde` feature.
    pub fn serde_feature(&mut self, feature: impl Into<String>) -> &mut Self {
        self.serde = emit::Gate::Feature(feature.into());
        self
    }

    /// Derive `PartialEq` on every generated type (default true). Comparing is rarely what a
    /// client does with API objects, and the derive is about a fifth of a big schema's compile
    /// time (BENCHMARKS.md), so a crate may leave it out or put it behind a feature.
    pub fn partial_eq(&mut self, on: bool) -> &mut Self {
        self.partial_eq = emit::Gate::from(on);
        self
    }

    /// Like [`Config::partial_eq`], the derive behind the cargo feature `feature`
    /// (`#[cfg_attr(feature = "partial-eq", derive(PartialEq))]`), as tlforge-types does.
    pub fn partial_eq_feature(&mut self, feature: impl Into<String>) -> &mut Self {
        self.partial_eq = emit::Gate::Feature(feature.into());
        self
    }

    /// Derive `Eq` and `Hash` (default false), so that values can be keys of a `HashMap` or
    /// deduplicated in a `HashSet`. `Eq` needs `PartialEq`, which this brings with it whatever
    /// [`Config::partial_eq`] says. Types that can hold an `f64` (a `double` field, or a field
    /// of a type that can: Telegram's `geoPoint` and everything that may hold one) get neither:
    /// `f64` has no total equality. Per-method error enums get `Hash` (they have `Eq` with
    /// `PartialEq`).
    pub fn eq_hash(&mut self, on: bool) -> &mut Self {
        self.eq_hash = emit::Gate::from(on);
        self
    }

    /// Like [`Config::eq_hash`], the derives behind the cargo feature `feature`
    /// (`#[cfg_attr(feature = "eq-hash", derive(Eq, Hash))]`), as tlforge-types does. With
    /// [`Config::partial_eq_feature`], `feature` must enable that feature too
    /// (tlforge-types: `eq-hash = ["partial-eq"]`); with `partial_eq(false)` it brings `PartialEq`
    /// itself.
    pub fn eq_hash_feature(&mut self, feature: impl Into<String>) -> &mut Self {
        self.eq_hash = emit::Gate::Feature(feature.into());
        self
    }

    /// Generate decoders (`BareDeserializable`) for functions (default true): what a server,
    /// a proxy or a test reads. A client only writes requests and reads their results, so it
    /// can leave them out; so does grammers-tl-types unless its `deserializable-functions`
    /// feature is on. Types and enums of constructors always get decoders.
    pub fn function_decoders(&mut self, on: bool) -> &mut Self {
        self.function_decoders = emit::Gate::from(on);
        self
    }

    /// Like [`Config::function_decoders`], the decoders behind the cargo feature `feature`
    /// (`#[cfg(feature = "deserializable-functions")]`), as tlforge-types does.
    pub fn function_decoders_feature(&mut self, feature: impl Into<String>) -> &mut Self {
        self.function_decoders = emit::Gate::Feature(feature.into());
        self
    }

    /// With metadata that has an error catalogue, generate the error types (default true):
    /// `errors::Error` and each function's `<Name>Error`, its `RemoteCall::Error`. Off, or
    /// without a catalogue, every `RemoteCall::Error` is the runtime's `RpcError`.
    pub fn error_types(&mut self, on: bool) -> &mut Self {
        self.error_types = emit::Gate::from(on);
        self
    }

    /// Like [`Config::error_types`], the error types behind the cargo feature `feature`
    /// (`#[cfg(feature = "errors")]`; `RpcError` without it), as tlforge-types does. In a split
    /// schema the errors crate is then an optional dependency that the feature turns on.
    pub fn error_types_feature(&mut self, feature: impl Into<String>) -> &mut Self {
        self.error_types = emit::Gate::Feature(feature.into());
        self
    }

    /// End every item's rustdoc with a link to its reference page under `url` (off by default):
    /// `url/method/NAME`, `url/constructor/NAME`, `url/type/NAME`, as Telegram's are
    /// (`https://core.telegram.org`). Only for a schema with such pages: TON's and TDLib's have
    /// none.
    pub fn reference_url(&mut self, url: impl Into<String>) -> &mut Self {
        self.reference_url = Some(url.into().trim_end_matches('/').to_owned());
        self
    }

    /// Map every TL `string` to `Vec<u8>`, as if it were `bytes` (default false: `String`, and a
    /// `string` that is not UTF-8 on the wire is a decode error). The wire form of the two is
    /// the same, so this loses nothing; choose it for schemas that carry binary data in `string`,
    /// as TON's do throughout. The MTProto auth-key exchange's binary `string`s (`resPQ`,
    /// `p_q_inner_data`, `server_DH_inner_data`, …) are `Vec<u8>` either way.
    pub fn strings_as_bytes(&mut self, on: bool) -> &mut Self {
        self.model.strings_as_bytes = on;
        self
    }

    /// Make every warning an error (default false): [`Config::generate`] then fails with
    /// [`Error::DeniedWarnings`] when the schema has an explicit id that does not match its text,
    /// or the metadata does not match the schema. For CI and strict build scripts.
    pub fn deny_warnings(&mut self, deny: bool) -> &mut Self {
        self.deny_warnings = deny;
        self
    }

    /// Accept the id mismatch of the definition `name` (a known quirk of an upstream schema,
    /// such as TON's `liteServer.transactionId#b12f65af`): no warning, nothing denied, and not
    /// repeated in the report of a schema with errors. A `name` the schema does not define is
    /// a warning ("did you mean"), since it accepts nothing.
    pub fn allow_id_mismatch(&mut self, name: impl Into<String>) -> &mut Self {
        self.allowed_id_mismatches.push(name.into());
        self
    }

    /// How many threads write the items (tokens, and formatting when it is on): `0`, the
    /// default, for as many as the machine runs at once (`std::thread::available_parallelism`).
    /// The output is the same whatever the number.
    pub fn threads(&mut self, threads: usize) -> &mut Self {
        self.threads = threads;
        self
    }

    /// Whether the output is formatted by prettyplease (default true with the `format` feature,
    /// which is a default feature; false without it), as prost-build's `format`. Without it the
    /// code is the token stream as text, not indented: a line break after each `;`, attribute,
    /// `{`, `}` and each `,` directly inside braces, so every item, impl, field, variant and
    /// match arm starts a line and rustc's positions in it point at a short line. Valid,
    /// clippy-clean Rust, generated faster, for build scripts whose output nobody reads.
    pub fn format(&mut self, format: bool) -> &mut Self {
        self.format = format;
        self
    }

    /// `#[non_exhaustive]` on every generated struct and enum (default false). Code in other
    /// crates then builds values with `new` (every struct has one, taking the required fields)
    /// and assignment, and matches enums with a wildcard arm, so a layer that adds optional
    /// fields or constructors does not break it. tlforge-types turns it on. Off by default because
    /// the attribute only binds code outside the crate that defines the types: code a build
    /// script writes and `include!`s lives in the user's own crate, where it changes nothing.
    pub fn non_exhaustive(&mut self, on: bool) -> &mut Self {
        self.non_exhaustive = on;
        self
    }

    /// With [`Config::non_exhaustive`], per struct with required fields an exhaustive
    /// `<Name>Init` of exactly those fields and `From<NameInit> for Name` (default true): named
    /// construction, `SendMessage::from(SendMessageInit { peer, message, random_id })`, where
    /// `new` takes them by position. Not generated for exhaustive types (a struct expression
    /// does the same).
    pub fn init_structs(&mut self, on: bool) -> &mut Self {
        self.init_structs = emit::Gate::from(on);
        self
    }

    /// Like [`Config::init_structs`], the `Init` structs behind the cargo feature `feature`
    /// (`#[cfg(feature = "init")]`), as tlforge-types does: they add about a twentieth to its
    /// cold build.
    pub fn init_structs_feature(&mut self, feature: impl Into<String>) -> &mut Self {
        self.init_structs = emit::Gate::Feature(feature.into());
        self
    }

    /// Compile each item only under the cargo features of the TL namespaces that use it
    /// (default false): `#[cfg(any(feature = "channels", feature = "messages"))]`. Feature
    /// `messages` stands for the functions and types of namespace `messages` and everything they
    /// use, whatever its namespace, so a crate that needs a few namespaces compiles a fraction of
    /// the schema and features need no dependencies on each other. Items no namespace uses, and
    /// root functions like `invokeWithLayer`, are always compiled. The crate must declare every
    /// feature in its Cargo.toml: [`crate::list_namespace_features`] lists them and
    /// `tlforge features` prints the entries.
    pub fn namespace_features(&mut self, on: bool) -> &mut Self {
        self.namespace_features = on;
        self
    }

    /// A documentation file (the JSON format of `schema/telegram-docs.json`): its descriptions,
    /// possible errors and bot usability go into the rustdoc of generated items, and functions
    /// get a `POSSIBLE_ERRORS` constant. Names it has that the schema lacks are warnings.
    /// Reading it needs the feature `metadata` (a default feature).
    pub fn metadata(&mut self, path: impl Into<PathBuf>) -> &mut Self {
        self.metadata = Some(path.into());
        self
    }

    /// Parses, validates and generates code for `sources` (read together as one schema).
    /// It reads no file but the metadata file, if one is set.
    pub fn generate(&self, sources: &[SourceFile]) -> Result<String, Error> {
        self.generate_with_warnings(sources).map(|(code, _)| code)
    }

    /// Like [`Config::generate`], also returning the warnings (schema diagnostics such as id
    /// mismatches, and metadata names the schema does not have), one per line.
    pub fn generate_with_warnings(
        &self,
        sources: &[SourceFile],
    ) -> Result<(String, Vec<Warning>), Error> {
        self.generate_parsed(
            sources,
            &parse_allowing(sources, &self.allowed_id_mismatches)?,
        )
    }

    /// Like [`Config::generate_with_warnings`], for a schema the caller has parsed already
    /// (`parsed` is what [`tlforge_parser::parse_schema`] made of `sources`), as a tool that shows
    /// the parser's diagnostics itself does: the schema is not parsed twice.
    pub fn generate_parsed(
        &self,
        sources: &[SourceFile],
        parsed: &tlforge_parser::Parsed,
    ) -> Result<(String, Vec<Warning>), Error> {
        self.with_model(parsed, |rust, options, docs| {
            let root = self.rendered_root(rust, options, docs, true)?;
            let mut code = self.header_comment(sources);
            self.write_tree(root, &mut code)?;
            Ok(code)
        })
    }

    /// Like [`Config::generate_parsed`], as a tree of files ([`source_tree`]): a file per
    /// module, the items of a large module in files by the first letters of their names, so
    /// that no file is too large to review or browse (tlforge-tdlib's source). `generate
    /// --source-tree` writes it.
    pub fn generate_tree_parsed(
        &self,
        sources: &[SourceFile],
        parsed: &tlforge_parser::Parsed,
    ) -> Result<(SourceTree, Vec<Warning>), Error> {
        self.with_model(parsed, |rust, options, docs| {
            // Every module is a file of its own: its items are written at depth 0.
            let root = self.rendered_root(rust, options, docs, false)?;
            let header = self.header_comment(sources);
            let write = |tokens, code: &mut String| self.write_code(tokens, code);
            SourceTree::lay_out(
                root,
                &header,
                &write,
                &mut std::collections::BTreeMap::new(),
            )
        })
    }

    /// The schema's module tree with every item written: indented at its module's depth when
    /// the tree is one file (`nested`), at depth 0 when each module is a file of its own.
    fn rendered_root(
        &self,
        rust: &rust_model::RustSchema<'_>,
        options: &emit::EmitOptions,
        docs: &rustdoc::Docs<'_>,
        nested: bool,
    ) -> Result<emit::ModuleCode<String>, Error> {
        let context = emit::EmitContext::new(rust, options, docs, None, None, rust.items.clone());
        let root = emit::emit(&context);
        let mut jobs = Vec::new();
        root.items_with_depth(0, &mut jobs);
        if !nested {
            jobs.iter_mut().for_each(|(depth, _)| *depth = 0);
        }
        let mut texts = self.render(&context, &jobs)?.into_iter();
        Ok(root.map(&mut |_| texts.next().unwrap_or_default()))
    }

    /// Generates `sources` as the crates of [`split`]: [`split::PARTS`] part crates in
    /// stages that cargo compiles two at a time, and a facade that re-exports them under the
    /// usual paths (see the module's documentation). `crates` names them as Rust paths do
    /// (`tlforge_types_1a`).
    pub fn generate_split(
        &self,
        sources: &[SourceFile],
        crates: &emit::SplitCrates,
    ) -> Result<(SplitCode, Vec<Warning>), Error> {
        self.generate_split_parsed(
            sources,
            &parse_allowing(sources, &self.allowed_id_mismatches)?,
            crates,
        )
    }

    /// [`Config::generate_split`] for a schema the caller has parsed already (see
    /// [`Config::generate_parsed`]).
    pub fn generate_split_parsed(
        &self,
        sources: &[SourceFile],
        parsed: &tlforge_parser::Parsed,
        crates: &emit::SplitCrates,
    ) -> Result<(SplitCode, Vec<Warning>), Error> {
        self.with_model(parsed, |rust, options, docs| {
            let has_catalogue = docs.metadata.is_some_and(|m| !m.errors.is_empty())
                && options.error_types != emit::Gate::Off;
            if has_catalogue && crates.errors.is_none() {
                return Err(Error::Unsupported(vec![
                    "the metadata has an error catalogue: a split schema needs a crate for \
                     `errors::Error` (SplitCrates::errors, `generate --errors-crate`)"
                        .to_owned(),
                ]));
            }
            let partition = match &crates.plan {
                Some(plan) => split::Partition::with_plan(rust, plan),
                None => split::Partition::new(rust),
            };
            let context = emit::EmitContext::new(
                rust,
                options,
                docs,
                crates.errors.clone(),
                Some(&partition),
                emit::split_struct_order(rust, &partition),
            );
            let tokens = emit::emit_split(&context, &partition, crates);
            // Every module of a part is a file of its own: its items are written at depth 0.
            let mut jobs = Vec::new();
            for part in &tokens.parts {
                let mut in_part = Vec::new();
                part.items_with_depth(0, &mut in_part);
                jobs.extend(in_part.into_iter().map(|(_, job)| (0, job)));
            }
            tokens.facade.items_with_depth(0, &mut jobs);
            if let Some(errors) = &tokens.errors {
                errors.items_with_depth(0, &mut jobs);
            }
            let texts = self.render(&context, &jobs)?;
            let mut texts = texts.into_iter();
            let mut next = |_| texts.next().unwrap_or_default();
            let part_code = tokens.parts.map(|part| part.map(&mut next));
            let facade_code = tokens.facade.map(&mut next);
            let errors_code = tokens.errors.map(|errors| errors.map(&mut next));
            let header = self.header_comment(sources);
            let write = |tokens, code: &mut String| self.write_code(tokens, code);
            let mut plan = partition.plan(rust);
            if let Some(kept) = &crates.plan {
                plan.files = kept.files.clone();
            }
            let mut parts: [SourceTree; split::PARTS] = Default::default();
            for ((module, tree), groups) in
                part_code.into_iter().zip(&mut parts).zip(&mut plan.files)
            {
                *tree = SourceTree::lay_out(module, &header, &write, groups)?;
            }
            let mut code = SplitCode {
                parts,
                facade: header,
                errors: None,
                plan,
                namespaces: partition.namespaces.clone(),
            };
            self.write_tree(facade_code, &mut code.facade)?;
            if let Some(errors) = errors_code {
                let mut text = self.header_comment(sources);
                self.write_tree(errors, &mut text)?;
                code.errors = Some(text);
            }
            Ok(code)
        })
    }

    /// The number of threads items are written on ([`Config::threads`]).
    fn thread_count(&self) -> usize {
        match self.threads {
            0 => std::thread::available_parallelism().map_or(1, usize::from),
            n => n,
        }
    }

    /// Writes every job (with its module's depth) on [`Config::threads`] threads.
    fn render(
        &self,
        context: &emit::EmitContext<'_, '_>,
        jobs: &[(usize, &emit::Job<'_>)],
    ) -> Result<Vec<String>, Error> {
        let threads = self.thread_count();
        emit::render(context, jobs, threads, &|tokens, docs, depth| {
            let mut written = String::new();
            if self.format {
                format_at_depth(tokens, depth, &mut written)?;
            } else {
                emit::write_unformatted(tokens, &mut written);
            }
            if docs.is_empty() {
                return Ok(written);
            }
            let mut text = String::with_capacity(written.len());
            emit::expand_doc_markers(&written, docs, self.format, &mut text);
            Ok(text)
        })
    }

    /// Appends the module tree `root` to `code`: the skeleton of its modules and imports is
    /// written whole, then each item's text is spliced in at its marker.
    fn write_tree(&self, root: emit::ModuleCode<String>, code: &mut String) -> Result<(), Error> {
        let mut texts = Vec::new();
        let skeleton = root.skeleton(&mut texts);
        let mut written = String::new();
        self.write_code(skeleton, &mut written)?;
        emit::splice_items(&written, &texts, code);
        Ok(())
    }

    /// `// @generated …` naming the schema files, if [`Config::header`] is on.
    fn header_comment(&self, sources: &[SourceFile]) -> String {
        if !self.header {
            return String::new();
        }
        let names: Vec<&str> = sources.iter().map(|s| file_name(&s.name)).collect();
        format!(
            "// @generated by tlforge from {}. Do not edit.\n\n",
            names.join(", ")
        )
    }

    /// Appends `tokens` to `code`, formatted or not ([`Config::format`]).
    fn write_code(&self, tokens: proc_macro2::TokenStream, code: &mut String) -> Result<(), Error> {
        if self.format {
            code.push_str(&format_tokens(tokens)?);
        } else {
            emit::write_unformatted(tokens, code);
        }
        Ok(())
    }

    /// Models the parsed schema, collects the warnings (failing if they are denied), and
    /// hands the model to `emit`.
    fn with_model<T>(
        &self,
        parsed: &tlforge_parser::Parsed,
        emit: impl FnOnce(
            &rust_model::RustSchema<'_>,
            &emit::EmitOptions,
            &rustdoc::Docs<'_>,
        ) -> Result<T, Error>,
    ) -> Result<(T, Vec<Warning>), Error> {
        let schema = &parsed.schema;
        let mut model = self.model;
        model.nullable_objects = self.json == Json::Tdlib;
        model.box_object_variants = self.json == Json::Tdlib;
        let rust = rust_model::RustSchema::with_options(schema, model).map_err(unsupported)?;
        if self.json == Json::Tdlib {
            let mut problems = Vec::new();
            if self.serde != emit::Gate::Off {
                problems.push(
                    "Config::json(Json::Tdlib) writes serde's Serialize and Deserialize itself: \
                     leave Config::serde (generate --serde) off"
                        .to_owned(),
                );
            }
            for &index in &rust.items {
                let def = rust.def(index);
                problems.extend(emit::json_unsupported(def, &rust.field_plan(def)));
            }
            if !problems.is_empty() {
                return Err(Error::Unsupported(problems));
            }
        }
        let runtime_path = plain_path(&self.runtime_path)
            .and_then(|path| {
                path.parse::<proc_macro2::TokenStream>()
                    .map(|_| path)
                    .map_err(|e| e.to_string())
            })
            .map_err(|e| {
                Error::Unsupported(vec![format!(
                    "runtime path `{}` is not a Rust path: {e}",
                    self.runtime_path
                )])
            })?;
        let allowed = &self.allowed_id_mismatches;
        let mut warnings: Vec<Warning> = parsed
            .warnings
            .iter()
            .filter(|d| !tlforge_parser::is_allowed_id_mismatch(d, allowed))
            .map(|w| {
                let file = schema.files.get(w.location.file).map_or("", String::as_str);
                let accept = match &w.kind {
                    Some(tlforge_parser::DiagnosticKind::IdMismatch { definition }) => format!(
                        " (a known quirk of the schema? accept it with \
                         Config::allow_id_mismatch(\"{definition}\"))"
                    ),
                    _ => String::new(),
                };
                Warning {
                    details: Vec::new(),
                    source: WarningSource::Schema,
                    message: format!(
                        "{file}:{}:{}: {}{accept}",
                        w.location.line, w.location.column, w.message
                    ),
                }
            })
            .collect();
        for (name, closest) in tlforge_parser::unknown_definition_names(schema, allowed) {
            let hint = closest
                .map(|c| format!("; did you mean `{c}`?"))
                .unwrap_or_default();
            warnings.push(Warning {
                details: Vec::new(),
                source: WarningSource::Schema,
                message: format!(
                    "Config::allow_id_mismatch(\"{name}\"): the schema defines no `{name}`{hint}"
                ),
            });
        }
        let metadata = match &self.metadata {
            Some(path) => {
                let metadata =
                    metadata::Metadata::load(path).map_err(|e| Error::Metadata(e.to_string()))?;
                warnings.extend(unknown_metadata_warning(
                    path,
                    metadata.unknown_names(schema),
                ));
                let undocumented = metadata.undocumented_names(schema);
                warnings.extend(metadata_summary(
                    format!(
                        "{}: {} definitions of the schema have no description in the metadata",
                        path.display(),
                        undocumented.len()
                    ),
                    undocumented,
                ));
                if let Some(catalogue) = rpc_errors::ErrorCatalogue::new(&metadata) {
                    let uncatalogued = catalogue.uncatalogued(&metadata);
                    warnings.extend(metadata_summary(
                        format!(
                            "{}: {} errors that methods document are not in its error catalogue \
                             (they get no variant)",
                            path.display(),
                            uncatalogued.len()
                        ),
                        uncatalogued,
                    ));
                }
                Some(metadata)
            }
            None => None,
        };
        if self.deny_warnings && !warnings.is_empty() {
            return Err(Error::DeniedWarnings(warnings));
        }
        let options = emit::EmitOptions {
            runtime_path,
            possible_errors: metadata.is_some(),
            serde: self.serde.clone(),
            // `Eq` needs `PartialEq`: asking for `Eq` and `Hash` brings it, under their gate
            // where `PartialEq` has none of its own.
            partial_eq: match (&self.partial_eq, &self.eq_hash) {
                (_, emit::Gate::On) => emit::Gate::On,
                (emit::Gate::Off, eq_hash) => eq_hash.clone(),
                (partial_eq, _) => partial_eq.clone(),
            },
            eq_hash: self.eq_hash.clone(),
            function_decoders: self.function_decoders.clone(),
            error_types: self.error_types.clone(),
            reference_url: self.reference_url.clone(),
            non_exhaustive: self.non_exhaustive,
            init_structs: self.init_structs.clone(),
            namespace_features: self
                .namespace_features
                .then(|| features::NamespaceFeatures::new(&rust)),
            json: self.json,
        };
        let docs = rustdoc::Docs {
            schema,
            metadata: metadata.as_ref(),
        };
        Ok((emit(&rust, &options, &docs)?, warnings))
    }

    /// Reads the schema files at `paths` and generates code for them (see [`Config::generate`]).
    pub fn generate_files(&self, paths: &[impl AsRef<Path>]) -> Result<String, Error> {
        let sources = read_sources(paths)?;
        self.generate(&sources)
    }

    /// Reads `paths`, generates code and writes it to the output file, leaving the file alone
    /// when its content is unchanged (so dependents do not rebuild). In a build script, prints
    /// `cargo:rerun-if-changed` for every input.
    pub fn compile(&self, paths: &[impl AsRef<Path>]) -> Result<(), Error> {
        let out_dir = match &self.out_dir {
            Some(dir) => dir.clone(),
            None => std::env::var_os("OUT_DIR")
                .map(PathBuf::from)
                .ok_or(Error::NoOutDir)?,
        };
        let in_build_script = std::env::var_os("OUT_DIR").is_some();
        if in_build_script {
            for path in paths {
                println!("cargo:rerun-if-changed={}", path.as_ref().display());
            }
            if let Some(metadata) = &self.metadata {
                println!("cargo:rerun-if-changed={}", metadata.display());
            }
        }
        let sources = read_sources(paths)?;
        let (code, warnings) = self.generate_with_warnings(&sources)?;
        if in_build_script {
            for warning in warnings {
                println!("cargo:warning={warning}");
            }
        }
        write_if_changed(&out_dir.join(&self.output_file), &code)
    }
}

/// A generated item, as other tools need to name it: documentation pages, test harnesses and
/// fuzzers that dispatch on TL names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemInfo {
    /// TL name: `auth.cancelCode`, or the boxed type name `auth.SentCode` for enums.
    pub tl_name: String,
    /// What was generated.
    pub kind: ItemKind,
    /// Constructor id (0 for enums).
    pub id: u32,
    /// Path from the generated file's root: `functions::auth::CancelCode`.
    pub rust_path: String,
    /// Generic parameters (`X` of `invokeWithLayer`), empty for most items.
    pub generics: Vec<String>,
}

/// The kinds of generated items.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ItemKind {
    /// `types::…` struct of a constructor.
    Constructor,
    /// `functions::…` struct of a function.
    Function,
    /// `enums::…` enum of a boxed type.
    Enum,
}

impl Config {
    /// The items [`Config::generate`] would emit for `sources`, with their Rust paths, in
    /// output order (structs in schema order, then enums by TL name).
    pub fn items(&self, sources: &[SourceFile]) -> Result<Vec<ItemInfo>, Error> {
        let parsed = parse(sources)?;
        let rust = rust_model::RustSchema::with_options(&parsed.schema, self.model)
            .map_err(unsupported)?;
        let path_string = |path: &rust_model::ItemPath| {
            let mut segments = path.module_path();
            segments.push(path.name.clone());
            segments
                .iter()
                .map(|s| naming::ident(s))
                .collect::<Vec<_>>()
                .join("::")
        };
        let mut items: Vec<ItemInfo> = rust
            .items
            .iter()
            .map(|&index| {
                let def = rust.def(index);
                ItemInfo {
                    tl_name: def.name.to_string(),
                    kind: match def.category {
                        tlforge_parser::Category::Constructor => ItemKind::Constructor,
                        tlforge_parser::Category::Function => ItemKind::Function,
                    },
                    id: def.id,
                    rust_path: path_string(&rust.paths[&index]),
                    generics: def.type_params.iter().map(|p| p.name.clone()).collect(),
                }
            })
            .collect();
        items.extend(rust.enums.iter().map(|(name, (path, _))| ItemInfo {
            tl_name: name.clone(),
            kind: ItemKind::Enum,
            id: 0,
            rust_path: path_string(path),
            generics: Vec::new(),
        }));
        Ok(items)
    }
}

/// The generated tokens laid out by prettyplease.
#[cfg(feature = "format")]
fn format_tokens(tokens: proc_macro2::TokenStream) -> Result<String, Error> {
    let file: syn::File = syn::parse2(tokens).map_err(|e| Error::Format(e.to_string()))?;
    Ok(prettyplease::unparse(&file))
}

#[cfg(not(feature = "format"))]
fn format_tokens(_: proc_macro2::TokenStream) -> Result<String, Error> {
    Err(Error::NoFormatter)
}

/// Appends `tokens` (items) formatted as they are inside `depth` nested modules: prettyplease
/// breaks lines by their indented width, so the items are formatted inside as many wrapper
/// modules, whose lines are then dropped. The text is what formatting the whole file gives
/// for these items (a test compares the two).
fn format_at_depth(
    tokens: proc_macro2::TokenStream,
    depth: usize,
    out: &mut String,
) -> Result<(), Error> {
    use proc_macro2::{Delimiter, Group, Ident, Span, TokenTree};
    let mut wrapped = tokens;
    for _ in 0..depth {
        let mut module: proc_macro2::TokenStream = [
            TokenTree::Ident(Ident::new("mod", Span::call_site())),
            TokenTree::Ident(Ident::new("m", Span::call_site())),
        ]
        .into_iter()
        .collect();
        module.extend([TokenTree::Group(Group::new(Delimiter::Brace, wrapped))]);
        wrapped = module;
    }
    let text = format_tokens(wrapped)?;
    // The wrappers' lines: `mod m {` `depth` times at the top, `}` as often at the bottom.
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    if let Some(inner) = lines.get(depth..lines.len().saturating_sub(depth)) {
        inner.iter().for_each(|line| out.push_str(line));
    }
    Ok(())
}

/// `path` without whitespace if it is a plain Rust path (`::a::b`, `crate::x`, no generics),
/// else why not.
fn plain_path(path: &str) -> Result<String, String> {
    let path = path.trim();
    let (mut plain, relative) = match path.strip_prefix("::") {
        Some(relative) => ("::".to_owned(), relative),
        None => (String::new(), path),
    };
    for (index, segment) in relative.split("::").enumerate() {
        let segment = segment.trim();
        if segment.is_empty() {
            return Err("a segment is empty".to_owned());
        }
        if !naming::is_path_segment(segment) {
            return Err(format!("`{segment}` is not an identifier"));
        }
        if index > 0 {
            plain.push_str("::");
        }
        plain.push_str(segment);
    }
    Ok(plain)
}

/// The source of each crate of a split schema ([`Config::generate_split`]).
#[derive(Debug, Clone)]
pub struct SplitCode {
    /// The part crates, in the order of [`SplitCrates::parts`]: each a root file and a file per
    /// module ([`source_tree`]).
    pub parts: [SourceTree; split::PARTS],
    /// The crate root's items (`LAYER`, `name_for_id`) and the re-exporting modules.
    pub facade: String,
    /// The errors crate ([`SplitCrates::errors`]): `Error` at its root. `None` without an
    /// error catalogue.
    pub errors: Option<String>,
    /// Where every item went: to commit, and to pass as [`SplitCrates::plan`] next time.
    pub plan: split::Plan,
    /// The TL namespaces whose functions are in each half.
    pub namespaces: [Vec<String>; 2],
}

/// The warning for the metadata entries of `path` that the schema does not have (`unknown`, from
/// `Metadata::unknown_names`), if any: `generate` and `docs` say it alike.
pub fn unknown_metadata_warning(path: &Path, unknown: Vec<String>) -> Option<Warning> {
    metadata_summary(
        format!(
            "{}: {} metadata entries do not match the schema (metadata of another layer?)",
            path.display(),
            unknown.len()
        ),
        unknown,
    )
}

/// One warning summing up `names` (none when there are none): `message`, the first few names,
/// and all of them in [`Warning::details`]. A schema of a newer layer than its metadata gives
/// hundreds of names; one line each would bury everything else.
fn metadata_summary(message: String, names: Vec<String>) -> Option<Warning> {
    const SHOWN: usize = 3;
    if names.is_empty() {
        return None;
    }
    let mut message = format!("{message}: {}", names[..names.len().min(SHOWN)].join(", "));
    if names.len() > SHOWN {
        message.push_str(", …");
    }
    Some(Warning {
        source: WarningSource::Metadata,
        message,
        details: names,
    })
}

/// The error for what the Rust model cannot express.
pub fn unsupported(problems: Vec<rust_model::Unsupported>) -> Error {
    Error::Unsupported(
        problems
            .into_iter()
            .map(|p| format!("{}: {}", p.definition, p.message))
            .collect(),
    )
}

/// Shorthand for `Config::new().output_file(output_file).compile(paths)`.
pub fn compile(paths: &[impl AsRef<Path>], output_file: &str) -> Result<(), Error> {
    Config::new().output_file(output_file).compile(paths)
}

/// Reads schema files; invalid UTF-8 is reported as a schema error with its position.
pub fn read_sources(paths: &[impl AsRef<Path>]) -> Result<Vec<SourceFile>, Error> {
    paths
        .iter()
        .map(|path| {
            let path = path.as_ref();
            let bytes = std::fs::read(path).map_err(|source| Error::Io {
                path: path.to_owned(),
                source,
            })?;
            let name = path.display().to_string();
            SourceFile::from_bytes(name.clone(), &bytes)
                .map_err(|report| Error::Schema(report.render(&[], false)))
        })
        .collect()
}

fn file_name(path: &str) -> &str {
    path.rsplit(['/', '\\']).next().unwrap_or(path)
}

fn write_if_changed(path: &Path, content: &str) -> Result<(), Error> {
    if std::fs::read(path).is_ok_and(|old| old == content.as_bytes()) {
        return Ok(());
    }
    std::fs::write(path, content).map_err(|source| Error::Io {
        path: path.to_owned(),
        source,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runtime_paths_are_plain_rust_paths() {
        assert_eq!(
            plain_path("::tlforge_runtime").as_deref(),
            Ok("::tlforge_runtime")
        );
        assert_eq!(
            plain_path(" :: my_crate :: tl ").as_deref(),
            Ok("::my_crate::tl")
        );
        assert_eq!(plain_path("crate::r#type").as_deref(), Ok("crate::r#type"));
        for bad in [
            "", "::", "a::", "a::::b", "a::b<T>", "a::type", "a-b", "1a", "a b",
        ] {
            assert!(plain_path(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn a_vector_of_object_is_reported() {
        // `Object` where the schema does not declare it is raw bytes whose end only a length
        // field or the end of the input gives: a vector of them could not be decoded.
        let source = SourceFile::new(
            "a.tl",
            "a#00000001 items:Vector<Object> = A;\nb#00000002 body:Object = B;",
        );
        let message = Config::new().generate(&[source]).unwrap_err().to_string();
        assert!(
            message.contains("a vector of `Object` cannot be decoded"),
            "{message}"
        );
        let source = SourceFile::new("a.tl", "b#00000002 body:Object = B;");
        assert!(Config::new().generate(&[source]).is_ok());
    }

    #[test]
    fn a_bad_runtime_path_is_reported() {
        let source = SourceFile::new("a.tl", "a#00000001 = A;");
        let error = Config::new()
            .runtime_path("::tlforge_runtime<T>")
            .generate(&[source])
            .unwrap_err();
        let message = error.to_string();
        assert!(
            message.contains("runtime path `::tlforge_runtime<T>` is not a Rust path: "),
            "{message}"
        );
    }
}
