//! A Markdown reference for a schema (`tlforge docs`): one page per method, constructor and
//! boxed type, and an index, linked to each other with relative links.
//!
//! - `methods/<tl name>.md`: title, description, the TL line, a Rust example with tlforge-types (the
//!   request built with placeholder values of the right types, `to_bytes`, the `Return` type),
//!   the parameters (name, type linked to its page, description, required or which flag), the
//!   result (linked), possible errors (code, type, description), whether bots may call it, and
//!   related pages (methods and constructors the descriptions name, the result type).
//! - `constructors/<tl name>.md`: description, TL line, fields, its type.
//! - `types/<TL type name>.md`: description, constructors, methods returning it.
//! - `errors/index.md` and `errors/<NAME>.md` (with metadata that has an error catalogue): every
//!   error (codes, name, description, any method or the methods that document it, its Rust
//!   variant); each method's "Possible errors" table links to them. The file name is the
//!   catalogue's (`FLOOD_WAIT_%d.md`), characters file systems refuse written as `_`.
//! - `index.md`: every page, by schema.
//!
//! Several schemas (see [`crate::schema_groups`]) share one site: the first at its root, each
//! other one in a directory of its name, as tlforge-types puts them in a module of that name.
//! Documentation text comes from a metadata file and the schema's own annotations, as for rustdoc.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write as _;

use tlforge_parser::{Category, Definition, ParameterKind, Schema, SourceFile, Type};

use crate::schema_groups::SchemaGroup;
use tlforge_codegen::metadata::Metadata;
use tlforge_codegen::rpc_errors::ErrorCatalogue;
use tlforge_codegen::rust_model::{FieldKind, Primitive, RustSchema, RustType, is_object_length};
use tlforge_codegen::rustdoc::{Docs, Reference, escape_markdown, rewrite_links};
use tlforge_codegen::{Config, Error, ItemKind};

mod search;
pub use search::{NAMES_JS, SEARCH_CSS, SEARCH_JS};

/// One schema of the site.
pub struct DocGroup<'a> {
    /// The parsed schema.
    pub schema: &'a Schema,
    /// Its files (for [`Config::items`], which names the Rust items).
    pub sources: &'a [SourceFile],
    /// Directory of its pages inside the site: empty for the root, else e.g. `mtproto`.
    pub dir: String,
    /// Rust path of the module its items are generated in, for examples: `tlforge_types`,
    /// `tlforge_types::mtproto`. Traits are imported from the first segment. `None`: the pages name
    /// no Rust item (a schema of the user's own, whose crate the site does not know).
    pub rust_module: Option<String>,
    /// Documentation for it, if any.
    pub metadata: Option<&'a Metadata>,
}

/// The [`DocGroup`]s of grouped schema files ([`crate::schema_groups`]): the first at the root
/// with Rust items in `rust_crate` (if given), the others in a directory and a module of their
/// name. The
/// metadata documents the schema it has the fewest unknown names for; those names are returned
/// as warnings.
pub fn doc_groups<'a>(
    groups: &'a [SchemaGroup],
    metadata: Option<&'a Metadata>,
    rust_crate: Option<&str>,
) -> (Vec<DocGroup<'a>>, Vec<String>) {
    let mut warnings = Vec::new();
    let mut documented = None;
    if let Some(metadata) = metadata {
        let best = groups
            .iter()
            .enumerate()
            .map(|(i, g)| (i, metadata.unknown_names(&g.parsed.schema)))
            .min_by_key(|(_, unknown)| unknown.len());
        if let Some((i, unknown)) = best {
            documented = Some(i);
            warnings = unknown;
        }
    }
    let doc_groups = groups
        .iter()
        .enumerate()
        .map(|(i, g)| DocGroup {
            schema: &g.parsed.schema,
            sources: &g.sources,
            dir: g.name.clone(),
            rust_module: rust_crate.map(|krate| {
                if g.name.is_empty() {
                    krate.to_owned()
                } else {
                    format!("{krate}::{}", g.name)
                }
            }),
            metadata: metadata.filter(|_| documented == Some(i)),
        })
        .collect();
    (doc_groups, warnings)
}

/// Renders every page: relative path (`methods/auth.cancelCode.md`) → Markdown.
pub fn render_site(groups: &[DocGroup<'_>]) -> Result<BTreeMap<String, String>, Error> {
    let mut pages = BTreeMap::new();
    let mut sites = Vec::new();
    for group in groups {
        let site = Site::new(group)?;
        site.render(&mut pages);
        sites.push(site);
    }
    pages.insert("index.md".to_owned(), index(&sites));
    pages.insert(BOOK_SUMMARY.to_owned(), summary_page(&sites));
    pages.insert(BOOK_TOML.to_owned(), book_toml(&sites));
    pages.extend(search::files(&sites));
    Ok(pages)
}

/// mdBook's table of contents: every page, grouped as the index groups them.
pub const BOOK_SUMMARY: &str = "SUMMARY.md";
/// mdBook's settings: the site's own directory is the book's source (`mdbook build DIR`).
pub const BOOK_TOML: &str = "book.toml";

fn book_toml(sites: &[Site<'_>]) -> String {
    let title = sites.first().map_or_else(String::new, |site| {
        let files: Vec<&str> = site
            .group
            .schema
            .files
            .iter()
            .map(|f| relative_name(f))
            .collect();
        format!(" of {}", files.join(", "))
    });
    format!(
        "# Written by `tlforge docs`: `mdbook build` in this directory writes the HTML site\n\
         # to book/ (navigation over every page). Search is {SEARCH_JS}: names from\n\
         # {NAMES_JS}, and full text from Pagefind's index once `pagefind --site book` wrote it.\n\
         [book]\n\
         title = {title:?}\n\
         src = \".\"\n\
         \n\
         [build]\n\
         build-dir = \"book\"\n\
         # Every page is listed: a missing one is an error, never an empty page.\n\
         create-missing = false\n\
         \n\
         [output.html]\n\
         additional-js = [\"{SEARCH_JS}\"]\n\
         additional-css = [\"{SEARCH_CSS}\"]\n\
         \n\
         # mdBook's search loads an index of every word of every page before its first result\n\
         # (tens of MB here) and ranks names poorly; search.js replaces it.\n\
         [output.html.search]\n\
         enable = false\n\
         \n\
         # The examples use the generated crate, which the Rust Playground does not have: no\n\
         # Run button, and no page asks play.rust-lang.org for its crates.\n\
         [output.html.playground]\n\
         runnable = false\n\
         \n\
         # One page holding every page (9 MB for Telegram's API), which nobody prints.\n\
         [output.html.print]\n\
         enable = false\n",
        title = format!("TL schema reference{title}")
    )
}

/// `SUMMARY.md`: the index first, then per schema its methods and constructors by namespace,
/// its types and its errors, each page once.
fn summary_page(sites: &[Site<'_>]) -> String {
    let mut out = String::from("# Summary\n\n[Index](index.md)\n");
    let item = |out: &mut String, depth: usize, text: &str, path: &str| {
        let _ = writeln!(
            out,
            "{}- [{}]({path})",
            "    ".repeat(depth),
            escape_markdown(text)
        );
    };
    for site in sites {
        let schema = site.group.schema;
        let files: Vec<&str> = schema.files.iter().map(|f| relative_name(f)).collect();
        let layer = schema
            .layer
            .map_or_else(String::new, |l| format!(" (layer {l})"));
        let _ = write!(out, "\n# {}{layer}\n\n", escape_markdown(&files.join(", ")));
        for (title, names, path_of) in [
            (
                "Methods",
                site.methods.values().copied().collect::<Vec<_>>(),
                &(|s: &Site<'_>, n: &str| s.method_path(n)) as &dyn Fn(&Site<'_>, &str) -> String,
            ),
            (
                "Constructors",
                site.constructors.values().copied().collect(),
                &|s: &Site<'_>, n: &str| s.constructor_path(n),
            ),
        ] {
            let _ = writeln!(out, "- [{title}]()");
            // By namespace, so that each is one chapter (`user` sorts between `auth.*` names).
            let mut names = names;
            names.sort_by(|a, b| {
                (&a.name.namespace, &a.name.name).cmp(&(&b.name.namespace, &b.name.name))
            });
            let mut namespace: Option<String> = None;
            for def in names {
                let ns = def.name.namespace.join(".");
                if namespace.as_deref() != Some(ns.as_str()) {
                    let group = if ns.is_empty() { "(no namespace)" } else { &ns };
                    let _ = writeln!(out, "    - [{}]()", escape_markdown(group));
                    namespace = Some(ns);
                }
                let name = def.name.to_string();
                item(&mut out, 2, &name, &path_of(site, &name));
            }
        }
        let _ = writeln!(out, "- [Types]()");
        for name in site.types.keys() {
            item(&mut out, 1, name, &site.type_path(name));
        }
        if let Some(catalogue) = &site.catalogue {
            item(&mut out, 0, "Errors", &site.errors_index_path());
            for entry in &catalogue.entries {
                item(
                    &mut out,
                    1,
                    &entry.error.name,
                    &site.error_path(&entry.error.name),
                );
            }
        }
    }
    out
}

/// `from` and `to` are paths from the site root; the result is `to` relative to `from`'s directory.
pub fn relative_link(from: &str, to: &str) -> String {
    let mut from_dir: Vec<&str> = from.split('/').collect();
    from_dir.pop();
    let to_parts: Vec<&str> = to.split('/').collect();
    let (to_dir, file) = to_parts.split_at(to_parts.len() - 1);
    let common = from_dir
        .iter()
        .zip(to_dir)
        .take_while(|(a, b)| a == b)
        .count();
    let mut out = "../".repeat(from_dir.len() - common);
    for part in &to_dir[common..] {
        out.push_str(part);
        out.push('/');
    }
    out.push_str(file[0]);
    out
}

/// What the example writes for one field.
enum Slot<'a> {
    /// A required value of this TL type: an argument of `new`.
    Value(&'a Type),
    /// A required `#` that is not a flags word: an argument of `new`, `0`.
    Nat,
    /// An optional value of this TL type (`None` after `new`).
    Optional(&'a Type),
    /// An optional group of values sharing a flag bit (`None` after `new`).
    Group,
    /// A `flags.N?true` bit, or a group of them (`false` after `new`).
    Unset,
}

/// The fields of the struct generated for `def` ([`RustSchema::field_plan`]), in order, with
/// what the example puts in each.
fn example_fields<'d>(rust: &RustSchema<'_>, def: &'d Definition) -> Vec<(String, Slot<'d>)> {
    rust.field_plan(def)
        .fields
        .into_iter()
        .map(|field| {
            let slot = match (&field.kind, &def.params[field.param].kind) {
                (FieldKind::Plain(_), ParameterKind::Value { ty, .. }) => Slot::Value(ty),
                (FieldKind::Plain(_), _) => Slot::Nat,
                (FieldKind::Optional(_), ParameterKind::Value { ty, .. }) => Slot::Optional(ty),
                (FieldKind::Optional(_) | FieldKind::Group { .. }, _) => Slot::Group,
                (FieldKind::Bit, _) => Slot::Unset,
            };
            (field.ident, slot)
        })
        .collect()
}

fn is_true_type(ty: &Type) -> bool {
    ty.generic_arg.is_none()
        && ty.name.namespace.is_empty()
        && matches!(ty.name.name.as_str(), "true" | "True")
}

const INFINITE: u32 = u32::MAX;

/// Methods with the same result listed under a method's related pages, at most.
const RELATED_SIBLINGS: usize = 8;

/// `ItemKind` as a map key.
fn kind_key(kind: ItemKind) -> &'static str {
    match kind {
        ItemKind::Constructor => "constructor",
        ItemKind::Function => "function",
        ItemKind::Enum => "enum",
    }
}

/// One schema's pages.
struct Site<'a> {
    group: &'a DocGroup<'a>,
    docs: Docs<'a>,
    rust: RustSchema<'a>,
    /// (kind, TL name) → Rust path from the generated file's root.
    items: HashMap<(&'static str, String), String>,
    methods: BTreeMap<String, &'a Definition>,
    constructors: BTreeMap<String, &'a Definition>,
    /// Boxed type → its constructors, in file order.
    types: BTreeMap<String, Vec<&'a Definition>>,
    /// Boxed type → the methods returning it (or a vector of it).
    returning: HashMap<String, Vec<&'a Definition>>,
    /// Size of the smallest example value of each constructor (number of struct literals).
    cost: HashMap<String, u32>,
    /// The query put in `!X` parameters of examples.
    query: Option<&'a Definition>,
    /// The metadata's error catalogue, if it has one.
    catalogue: Option<ErrorCatalogue<'a>>,
}

impl<'a> Site<'a> {
    fn new(group: &'a DocGroup<'a>) -> Result<Site<'a>, Error> {
        let schema = group.schema;
        let rust = RustSchema::new(schema).map_err(tlforge_codegen::unsupported)?;
        let items = Config::new()
            .items(group.sources)?
            .into_iter()
            .map(|item| ((kind_key(item.kind), item.tl_name), item.rust_path))
            .collect();
        let mut site = Site {
            group,
            docs: Docs {
                schema,
                metadata: group.metadata,
            },
            rust,
            items,
            methods: BTreeMap::new(),
            constructors: BTreeMap::new(),
            types: BTreeMap::new(),
            returning: HashMap::new(),
            cost: HashMap::new(),
            query: None,
            catalogue: group.metadata.and_then(ErrorCatalogue::new),
        };
        for def in schema.user_definitions() {
            let name = def.name.to_string();
            match def.category {
                Category::Function => {
                    site.methods.entry(name).or_insert(def);
                    let mut result = &def.result;
                    while let Some(arg) = &result.generic_arg {
                        result = arg;
                    }
                    site.returning
                        .entry(result.name.to_string())
                        .or_default()
                        .push(def);
                }
                Category::Constructor => {
                    site.constructors.entry(name).or_insert(def);
                    site.types
                        .entry(def.result.name.to_string())
                        .or_default()
                        .push(def);
                }
            }
        }
        site.compute_costs();
        site.query = site
            .methods
            .get("help.getConfig")
            .copied()
            .filter(|d| d.type_params.is_empty())
            .or_else(|| {
                site.methods
                    .values()
                    .copied()
                    .filter(|d| d.type_params.is_empty())
                    .min_by_key(|d| site.def_cost(d))
            });
        Ok(site)
    }

    // ---- paths and links ----

    fn path(&self, kind: &str, name: &str) -> String {
        if self.group.dir.is_empty() {
            format!("{kind}/{name}.md")
        } else {
            format!("{}/{kind}/{name}.md", self.group.dir)
        }
    }

    fn method_path(&self, name: &str) -> String {
        self.path("methods", name)
    }

    fn constructor_path(&self, name: &str) -> String {
        self.path("constructors", name)
    }

    fn type_path(&self, name: &str) -> String {
        self.path("types", name)
    }

    /// The page of a catalogued error: its name as file name, `%d` kept, but any character a
    /// file system may refuse (`FILE_REFERENCE_*`) written as `_`.
    fn error_path(&self, name: &str) -> String {
        let file: String = name
            .chars()
            .map(|c| match c {
                'A'..='Z' | 'a'..='z' | '0'..='9' | '_' | '%' | '-' => c,
                _ => '_',
            })
            .collect();
        self.path("errors", &file)
    }

    fn errors_index_path(&self) -> String {
        self.path("errors", "index")
    }

    fn link(&self, from: &str, text: &str, to: &str) -> String {
        format!("[{text}]({})", relative_link(from, to))
    }

    /// A TL type as Markdown, linked to its page where it has one.
    fn type_md(&self, ty: &Type, from: &str) -> String {
        let name = ty.name.to_string();
        let percent = if ty.percent { "%" } else { "" };
        if ty.bang || ty.type_param {
            return format!("`{ty}`");
        }
        if let Some(arg) = &ty.generic_arg {
            return format!("{percent}{name}&lt;{}&gt;", self.type_md(arg, from));
        }
        if is_true_type(ty) {
            return format!("`{name}`");
        }
        if self.types.contains_key(&name) {
            return format!(
                "{percent}{}",
                self.link(from, &name, &self.type_path(&name))
            );
        }
        if !ty.name.is_uppercase() && self.constructors.contains_key(&name) {
            return format!(
                "{percent}{}",
                self.link(from, &name, &self.constructor_path(&name))
            );
        }
        format!("`{percent}{name}`")
    }

    /// Plain text made safe for Markdown, with names of methods and constructors (those that
    /// contain a `.` or an uppercase letter, so ordinary words are left alone) linked to their
    /// pages; the pages linked are added to `related`.
    fn prose(&self, text: &str, from: &str, related: &mut Vec<(String, String)>) -> String {
        let mut out = String::new();
        for word in text.split_inclusive(' ') {
            let trimmed = word.trim_end();
            if trimmed.starts_with("http://") || trimmed.starts_with("https://") {
                out.push_str(&escape_markdown(word));
                continue;
            }
            let mut rest = word;
            while !rest.is_empty() {
                let start = rest
                    .find(|c: char| c.is_ascii_alphanumeric() || c == '_')
                    .unwrap_or(rest.len());
                out.push_str(&escape_markdown(&rest[..start]));
                rest = &rest[start..];
                let end = rest
                    .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '.'))
                    .unwrap_or(rest.len());
                let token = rest[..end].trim_end_matches('.');
                let target = self.name_target(token);
                match target {
                    Some(path) if path != from => {
                        out.push_str(&self.link(from, token, &path));
                        if !related.iter().any(|(_, p)| *p == path) {
                            related.push((token.to_owned(), path));
                        }
                    }
                    _ => out.push_str(&escape_markdown(token)),
                }
                rest = &rest[token.len()..];
            }
        }
        out
    }

    /// A text of the documentation: its Markdown with Telegram's links where the metadata has
    /// it (a link to a reference page this site has becomes a relative link to it, added to
    /// `related`), else the plain text through [`Self::prose`].
    fn text(
        &self,
        markdown: Option<&str>,
        plain: Option<&str>,
        from: &str,
        related: &mut Vec<(String, String)>,
    ) -> Option<String> {
        let Some(markdown) = markdown else {
            return plain.map(|plain| self.prose(plain, from, related));
        };
        Some(rewrite_links(markdown, |url| {
            let (name, path) = match Reference::of_url(url)? {
                Reference::Method(name) => (
                    name,
                    self.methods.get(name).map(|_| self.method_path(name))?,
                ),
                Reference::Constructor(name) => (
                    name,
                    self.constructors
                        .get(name)
                        .map(|_| self.constructor_path(name))?,
                ),
                Reference::Type(name) => {
                    (name, self.types.get(name).map(|_| self.type_path(name))?)
                }
            };
            if path == from {
                return None;
            }
            if !related.iter().any(|(_, p)| *p == path) {
                related.push((name.to_owned(), path.clone()));
            }
            Some(relative_link(from, &path))
        }))
    }

    /// The page of a method or constructor named in prose.
    fn name_target(&self, token: &str) -> Option<String> {
        let distinctive = token.contains('.') || token.chars().any(|c| c.is_ascii_uppercase());
        if token.is_empty() || !distinctive {
            return None;
        }
        if self.methods.contains_key(token) {
            Some(self.method_path(token))
        } else if self.constructors.contains_key(token) {
            Some(self.constructor_path(token))
        } else {
            None
        }
    }

    fn rust_path(&self, kind: ItemKind, tl_name: &str) -> Option<String> {
        self.items
            .get(&(kind_key(kind), tl_name.to_owned()))
            .zip(self.group.rust_module.as_ref())
            .map(|(path, module)| format!("{module}::{path}"))
    }

    // ---- example values ----

    fn field_cost(&self, def: &Definition, ty: &Type) -> u32 {
        match self.rust.rust_type(def, ty) {
            Ok(RustType::Enum(_)) => self.types.get(&ty.name.to_string()).map_or(INFINITE, |c| {
                c.iter().map(|d| self.def_cost(d)).min().unwrap_or(INFINITE)
            }),
            Ok(RustType::Bare(_)) => self.bare_ctor(ty).map_or(INFINITE, |d| self.def_cost(d)),
            Ok(RustType::Generic(_)) => 1,
            Ok(_) => 0,
            Err(_) => INFINITE,
        }
    }

    fn def_cost(&self, def: &Definition) -> u32 {
        match def.category {
            Category::Constructor => self
                .cost
                .get(&def.name.to_string())
                .copied()
                .unwrap_or(INFINITE),
            Category::Function => example_fields(&self.rust, def)
                .iter()
                .map(|(_, slot)| match slot {
                    Slot::Value(ty) => self.field_cost(def, ty),
                    _ => 0,
                })
                .fold(1, u32::saturating_add),
        }
    }

    /// Fixed point of cost(constructor) = 1 + the costs of its required fields.
    fn compute_costs(&mut self) {
        let ctors: Vec<&Definition> = self
            .constructors
            .values()
            .copied()
            .filter(|d| {
                self.rust_path(ItemKind::Constructor, &d.name.to_string())
                    .is_some()
            })
            .collect();
        loop {
            let mut changed = false;
            for def in &ctors {
                let cost = example_fields(&self.rust, def)
                    .iter()
                    .map(|(_, slot)| match slot {
                        Slot::Value(ty) => self.field_cost(def, ty),
                        _ => 0,
                    })
                    .fold(1, u32::saturating_add);
                let name = def.name.to_string();
                if cost < self.cost.get(&name).copied().unwrap_or(INFINITE) {
                    self.cost.insert(name, cost);
                    changed = true;
                }
            }
            if !changed {
                break;
            }
        }
    }

    /// The constructor a bare type stands for: `%Message` (the only one of `Message`) or `future_salt`.
    fn bare_ctor(&self, ty: &Type) -> Option<&'a Definition> {
        let name = ty.name.to_string();
        if ty.name.is_uppercase() {
            match self.types.get(&name).map(Vec::as_slice) {
                Some(&[only]) => Some(only),
                _ => None,
            }
        } else {
            self.constructors.get(&name).copied()
        }
    }

    /// A Rust expression of the type `ty` has in `def`'s struct, for its field `field`: a
    /// plausible value (a string says which field it is), never an empty placeholder.
    fn value(&self, def: &Definition, ty: &Type, indent: usize, field: &str) -> String {
        match self.rust.rust_type(def, ty) {
            Ok(RustType::Primitive(p)) => match p {
                Primitive::Int | Primitive::Long | Primitive::Nat => "1".to_owned(),
                Primitive::Double => "1.5".to_owned(),
                Primitive::String => format!("{:?}.to_owned()", field.trim_start_matches("r#")),
                Primitive::Bytes => "vec![1, 2, 3]".to_owned(),
                Primitive::Fixed(bytes) => format!("[7; {bytes}]"),
                Primitive::Bool => "true".to_owned(),
            },
            Ok(RustType::True) => "true".to_owned(),
            Ok(RustType::Vector { .. }) => "Vec::new()".to_owned(),
            Ok(RustType::Object) => "Default::default()".to_owned(),
            Ok(RustType::Generic(_)) => match self.query {
                Some(query) => self.construction(query, indent, true),
                None => "todo!()".to_owned(),
            },
            Ok(RustType::Enum(_)) => {
                let choice = self.types.get(&ty.name.to_string()).and_then(|ctors| {
                    ctors
                        .iter()
                        .copied()
                        .filter(|d| self.def_cost(d) != INFINITE)
                        .min_by_key(|d| self.def_cost(d))
                });
                match choice {
                    Some(ctor) => format!("{}.into()", self.construction(ctor, indent, true)),
                    None => "todo!()".to_owned(),
                }
            }
            Ok(RustType::Bare(_)) => match self.bare_ctor(ty) {
                Some(ctor) if self.def_cost(ctor) != INFINITE => {
                    self.construction(ctor, indent, true)
                }
                _ => "todo!()".to_owned(),
            },
            Err(_) => "todo!()".to_owned(),
        }
    }

    /// `Path::new(required, …)`, each argument commented with its field; `qualified` writes
    /// the full path, else the item's name.
    fn construction(&self, def: &Definition, indent: usize, qualified: bool) -> String {
        let kind = match def.category {
            Category::Constructor => ItemKind::Constructor,
            Category::Function => ItemKind::Function,
        };
        let Some(path) = self.rust_path(kind, &def.name.to_string()) else {
            return "todo!()".to_owned();
        };
        let name = if qualified {
            path
        } else {
            path.rsplit("::").next().unwrap_or(&path).to_owned()
        };
        let arguments: Vec<(String, String)> = example_fields(&self.rust, def)
            .into_iter()
            .filter_map(|(field, slot)| {
                let value = match slot {
                    Slot::Value(ty) => self.value(def, ty, indent + 1, &field),
                    Slot::Nat => "0".to_owned(),
                    Slot::Optional(_) | Slot::Group | Slot::Unset => return None,
                };
                Some((field, value))
            })
            .collect();
        if arguments.is_empty() {
            return format!("{name}::new()");
        }
        let pad = "    ".repeat(indent + 1);
        let mut out = format!("{name}::new(\n");
        for (field, value) in &arguments {
            let _ = writeln!(out, "{pad}{value}, // {}", field.trim_start_matches("r#"));
        }
        out.push_str(&"    ".repeat(indent));
        out.push(')');
        out
    }

    /// `request.FIELD = VALUE;` for the first optional field of `def` that is a value or a bit
    /// (groups need their own struct), to show that optional fields are set by assignment.
    fn assignment(&self, def: &Definition) -> Option<String> {
        example_fields(&self.rust, def)
            .into_iter()
            .find_map(|(field, slot)| {
                let value = match slot {
                    Slot::Unset => "true".to_owned(),
                    Slot::Optional(ty) => format!("Some({})", self.value(def, ty, 0, &field)),
                    Slot::Value(_) | Slot::Nat | Slot::Group => return None,
                };
                Some(format!("request.{field} = {value};\n"))
            })
    }

    /// The Rust type `ty` has in `def` (fully qualified), for the `Return` annotation.
    fn rust_text(&self, def: &Definition, ty: &Type) -> Option<String> {
        Some(match self.rust.rust_type(def, ty).ok()? {
            RustType::Primitive(p) => p.rust_type().into_owned(),
            RustType::True => "bool".to_owned(),
            RustType::Vector { .. } => {
                format!(
                    "::std::vec::Vec<{}>",
                    self.rust_text(def, ty.generic_arg.as_deref()?)?
                )
            }
            RustType::Enum(_) => self.rust_path(ItemKind::Enum, &ty.name.to_string())?,
            RustType::Bare(_) => {
                self.rust_path(ItemKind::Constructor, &self.bare_ctor(ty)?.name.to_string())?
            }
            RustType::Generic(_) => {
                let query = self.query?;
                self.rust_text(query, &query.result)?
            }
            RustType::Object => return None,
        })
    }

    /// The example of a method page (Rust code, without the fence).
    fn example(&self, def: &Definition) -> Option<String> {
        let path = self.rust_path(ItemKind::Function, &def.name.to_string())?;
        let name = path.rsplit("::").next().unwrap_or(&path).to_owned();
        let krate = self.group.rust_module.as_deref()?.split("::").next()?;
        let mut request_type = name.clone();
        if !def.type_params.is_empty() {
            let query = self.query?;
            let query_path = self.rust_path(ItemKind::Function, &query.name.to_string())?;
            let args = vec![query_path; def.type_params.len()].join(", ");
            request_type = format!("{name}<{args}>");
        }
        let mut code =
            format!("use {path};\nuse {krate}::{{Deserializable, RemoteCall, Serializable}};\n\n");
        let construction = self.construction(def, 0, false);
        match self.assignment(def) {
            Some(assignment) => {
                let _ = writeln!(code, "let mut request = {construction};");
                code.push_str("// Optional fields start unset; set them by assignment.\n");
                code.push_str(&assignment);
            }
            None => {
                let _ = writeln!(code, "let request = {construction};");
            }
        }
        code.push_str("// Serialized, constructor id first, ready to be sent.\n");
        code.push_str("let bytes: Vec<u8> = request.to_bytes();\n");
        code.push_str("// Decoding gives the same request back");
        // tlforge-types compiles request decoders and `PartialEq` only on request (issue 13).
        if krate == "tlforge_types" {
            code.push_str(" (tlforge-types' features `deserializable-functions`, `partial-eq`)");
        }
        code.push_str(".\n");
        let _ = writeln!(
            code,
            "assert_eq!(<{request_type} as Deserializable>::from_bytes(&bytes), Ok(request));\n"
        );
        code.push_str(
            "// The `result` of the `rpc_result` answering it decodes as its `Return` type.\n",
        );
        let _ = writeln!(
            code,
            "type Return = <{request_type} as RemoteCall>::Return;"
        );
        match self.rust_text(def, &def.result) {
            Some(ret) => {
                let _ = writeln!(
                    code,
                    "let read_answer = |result: &[u8]| -> Result<{ret}, _> {{ Return::from_bytes(result) }};"
                );
            }
            None => {
                code.push_str("let read_answer = |result: &[u8]| Return::from_bytes(result);\n")
            }
        }
        Some(code)
    }

    // ---- pages ----

    fn render(&self, pages: &mut BTreeMap<String, String>) {
        for def in self.methods.values() {
            pages.insert(
                self.method_path(&def.name.to_string()),
                self.method_page(def),
            );
        }
        for def in self.constructors.values() {
            pages.insert(
                self.constructor_path(&def.name.to_string()),
                self.constructor_page(def),
            );
        }
        for (name, ctors) in &self.types {
            pages.insert(self.type_path(name), self.type_page(name, ctors));
        }
        if let Some(catalogue) = &self.catalogue {
            for entry in &catalogue.entries {
                pages.insert(
                    self.error_path(&entry.error.name),
                    self.error_page(catalogue, entry),
                );
            }
            pages.insert(self.errors_index_path(), self.errors_index(catalogue));
        }
    }

    /// "any method", or the methods that document an error, linked (at most `limit`, then a
    /// count).
    fn error_methods(&self, from: &str, methods: &[String], limit: usize) -> String {
        let mut links: Vec<String> = methods
            .iter()
            .take(limit)
            .map(|m| match self.methods.get(m) {
                Some(_) => self.link(from, m, &self.method_path(m)),
                None => format!("`{m}`"),
            })
            .collect();
        if methods.len() > limit {
            links.push(format!("and {} more", methods.len() - limit));
        }
        links.join(", ")
    }

    fn errors_index(&self, catalogue: &ErrorCatalogue<'_>) -> String {
        let from = self.errors_index_path();
        let mut out = String::from("# RPC errors\n\n");
        let global = catalogue.entries.iter().filter(|e| e.error.global).count();
        let _ = write!(
            out,
            "Every error of the documentation's catalogue: {} errors, {global} of which any \
             method may return. A server answers a failed call with \
             `rpc_error#2144ca19 error_code:int error_message:string`; the message is one of these \
             names, with a number where the name has `%d`. In Rust each is a variant of \
             `errors::Error`, and each method's `RemoteCall::Error` has a variant for every error \
             its page lists. {}\n\n",
            catalogue.entries.len(),
            self.link(&from, "index", "index.md")
        );
        out.push_str("| Codes | Name | Description | Returned by |\n|---|---|---|---|\n");
        for entry in &catalogue.entries {
            let error = entry.error;
            let codes: Vec<String> = error.codes.iter().map(i32::to_string).collect();
            let name = self.link(
                &from,
                &format!("`{}`", error.name),
                &self.error_path(&error.name),
            );
            let description = error
                .description
                .as_deref()
                .map(escape_markdown)
                .unwrap_or_default();
            let methods = if error.global {
                "any method".to_owned()
            } else if error.methods.is_empty() {
                "no documented method".to_owned()
            } else {
                self.error_methods(&from, &error.methods, 3)
            };
            let _ = writeln!(
                out,
                "| {} | {name} | {description} | {methods} |",
                codes.join(", ")
            );
        }
        out
    }

    fn error_page(
        &self,
        catalogue: &ErrorCatalogue<'_>,
        entry: &tlforge_codegen::rpc_errors::ErrorEntry<'_>,
    ) -> String {
        let error = entry.error;
        let from = self.error_path(&error.name);
        let mut out = format!("# {}\n\n", escape_markdown(&error.name));
        if let Some(description) = &error.description {
            let _ = write!(out, "{}\n\n", escape_markdown(description));
        }
        let codes: Vec<String> = error.codes.iter().map(i32::to_string).collect();
        let _ = write!(
            out,
            "RPC error · code {} · {} · {}\n\n",
            codes.join(", "),
            self.link(&from, "all errors", &self.errors_index_path()),
            self.link(&from, "index", "index.md")
        );
        if let Some((before, after)) = entry.number {
            let _ = write!(
                out,
                "The message carries a number where the name has `%d`: `{before}30{after}`.\n\n"
            );
        }
        if !error.aliases.is_empty() {
            let aliases: Vec<String> = error.aliases.iter().map(|a| format!("`{a}`")).collect();
            let _ = write!(out, "Also written {}.\n\n", aliases.join(", "));
        }
        let variant = match entry.number {
            Some(_) => format!("{}(u32)", entry.variant),
            None => entry.variant.clone(),
        };
        let _ = write!(
            out,
            "In Rust: `errors::Error::{variant}`, and the variant of the same name in the error \
             enum of each method below.\n\n## Returned by\n\n"
        );
        if error.global {
            out.push_str(
                "Any method (Telegram's error database lists it for no method in particular).\n",
            );
        } else if error.methods.is_empty() {
            out.push_str("No method's documentation lists it.\n");
        } else {
            for method in &error.methods {
                let documented = self
                    .docs
                    .metadata
                    .and_then(|m| m.methods.get(method))
                    .into_iter()
                    .flat_map(|d| &d.errors)
                    .find(|d| {
                        catalogue
                            .lookup(&d.kind)
                            .is_some_and(|i| std::ptr::eq(catalogue.entries[i].error, error))
                    });
                let line = match documented {
                    Some(d) => {
                        let description = d.description.as_deref().map(escape_markdown);
                        match description {
                            Some(text) => format!(" ({}): {text}", d.code),
                            None => format!(" ({})", d.code),
                        }
                    }
                    None => String::new(),
                };
                let _ = writeln!(
                    out,
                    "- {}{line}",
                    self.error_methods(&from, std::slice::from_ref(method), 1)
                );
            }
        }
        out
    }

    /// The rows of a parameters or fields table.
    fn params_table(
        &self,
        def: &Definition,
        from: &str,
        related: &mut Vec<(String, String)>,
    ) -> String {
        let mut out = String::from("| Name | Type | Description | Required |\n|---|---|---|---|\n");
        let flag_words: HashSet<usize> = def
            .params
            .iter()
            .filter_map(|p| match &p.kind {
                ParameterKind::Value { flag: Some(f), .. } => Some(f.field_index),
                _ => None,
            })
            .collect();
        for (index, param) in def.params.iter().enumerate() {
            let (ty, required) = match &param.kind {
                ParameterKind::Nat if flag_words.contains(&index) => (
                    "`#`".to_owned(),
                    "Flags word (follows from the optional parameters)".to_owned(),
                ),
                ParameterKind::Nat => ("`#`".to_owned(), "Yes".to_owned()),
                ParameterKind::Value { ty, flag } => {
                    let required = match flag {
                        Some(flag) => format!("Optional: `{}.{}`", flag.field, flag.bit),
                        None if is_object_length(def, index) => {
                            "Yes (the byte length of the next field)".to_owned()
                        }
                        None => "Yes".to_owned(),
                    };
                    (self.type_md(ty, from), required)
                }
                ParameterKind::Repeated { .. } => {
                    (format!("`{}`", param.type_text()), "Yes".to_owned())
                }
            };
            let description = self
                .docs
                .param(def, &param.name)
                .and_then(|d| {
                    let markdown = self.docs.param_md(def, &param.name);
                    self.text(markdown, Some(d), from, related)
                })
                // A table cell: `|` would end it.
                .map(|d| d.replace('|', "\\|"))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "| `{}` | {ty} | {description} | {required} |",
                param.name
            );
        }
        out
    }

    fn tl_block(def: &Definition) -> String {
        format!("```tl\n{};\n```\n", def.text)
    }

    fn related_section(&self, from: &str, related: &[(String, String)]) -> String {
        let mut out = String::from("## Related pages\n\n");
        if related.is_empty() {
            out.push_str("None.\n");
        }
        for (text, path) in related {
            let kind = if path.contains("/methods/") || path.starts_with("methods/") {
                "method"
            } else if path.contains("/types/") || path.starts_with("types/") {
                "type"
            } else {
                "constructor"
            };
            let _ = writeln!(out, "- {} ({kind})", self.link(from, text, path));
        }
        out
    }

    /// A page's title and description (its links go into `related`).
    /// The title and the description (`markdown`, else `plain`).
    fn page_header(
        &self,
        title: &str,
        (markdown, plain): (Option<&str>, Option<&str>),
        from: &str,
        related: &mut Vec<(String, String)>,
    ) -> String {
        match self.text(markdown, plain, from, related) {
            Some(description) => format!("# {title}\n\n{description}\n\n"),
            None => format!("# {title}\n\nNo description.\n\n"),
        }
    }

    fn method_page(&self, def: &Definition) -> String {
        let name = def.name.to_string();
        let from = self.method_path(&name);
        let mut related = Vec::new();
        let mut out = self.page_header(
            &name,
            (self.docs.description_md(def), self.docs.description(def)),
            &from,
            &mut related,
        );
        let _ = write!(
            out,
            "Method (function) · id `{:#010x}` · {}\n\n",
            def.id,
            self.link(&from, "index", "index.md")
        );
        out.push_str(&Self::tl_block(def));

        // A Rust example only where the site knows the crate of the items (`--rust-crate`).
        match (self.group.rust_module.is_some(), self.example(def)) {
            (false, _) => {}
            (true, Some(code)) => {
                let _ = write!(out, "\n## Example\n\n```rust\n{code}```\n");
            }
            (true, None) => {
                out.push_str("\n## Example\n\nNo Rust item is generated for this method.\n")
            }
        }

        out.push_str("\n## Parameters\n\n");
        if def.params.is_empty() {
            out.push_str("This method takes no parameters.\n");
        } else {
            out.push_str(&self.params_table(def, &from, &mut related));
        }

        out.push_str("\n## Result\n\n");
        let _ = writeln!(out, "{}", self.type_md(&def.result, &from));
        let path = self.rust_path(ItemKind::Function, &name);
        if let (Some(path), Some(ret)) = (&path, self.rust_text(def, &def.result)) {
            let base = path.rsplit("::").next().unwrap_or(path).to_owned();
            if def.type_params.is_empty() {
                let _ = writeln!(
                    out,
                    "\nIn Rust: `<{base} as RemoteCall>::Return` is `{ret}`."
                );
            } else {
                let _ = writeln!(
                    out,
                    "\nIn Rust: `<{base}<X> as RemoteCall>::Return` is `X::Return`, the result \
                     of the inner query."
                );
            }
        }

        out.push_str("\n## Possible errors\n\n");
        let errors = self.docs.errors(def);
        if self.group.metadata.is_none() {
            out.push_str("Unknown (no metadata for this schema).\n");
        } else if errors.is_empty() {
            out.push_str("None documented.\n");
        } else {
            out.push_str("| Code | Type | Description |\n|---|---|---|\n");
            for error in errors {
                let description = error
                    .description
                    .as_deref()
                    .map(escape_markdown)
                    .unwrap_or_default();
                // Linked to the catalogue's page of the error (aliases such as `FLOOD_WAIT_X`
                // to the page of its canonical name).
                let entry = self
                    .catalogue
                    .as_ref()
                    .and_then(|c| Some(&c.entries[c.lookup(&error.kind)?]));
                let kind = match entry {
                    Some(entry) => {
                        let text = format!("`{}`", error.kind);
                        self.link(&from, &text, &self.error_path(&entry.error.name))
                    }
                    None => format!("`{}`", error.kind),
                };
                let _ = writeln!(out, "| {} | {kind} | {description} |", error.code);
            }
        }
        if let (Some(_), Some(path)) = (&self.catalogue, &path) {
            let base = path.rsplit("::").next().unwrap_or(path);
            let generics = if def.type_params.is_empty() {
                ""
            } else {
                "<X>"
            };
            let has_own = self
                .catalogue
                .as_ref()
                .is_some_and(|c| !c.method_errors(errors).0.is_empty());
            let error = if has_own {
                format!("{base}Error")
            } else {
                "errors::Error".to_owned()
            };
            let _ = writeln!(
                out,
                "\nIn Rust: `<{base}{generics} as RemoteCall>::Error` is `{error}`; errors any \
                 method may return are in its `Other` variant ({}).",
                self.link(&from, "all errors", &self.errors_index_path())
            );
        }

        out.push_str("\n## Can bots use this method?\n\n");
        out.push_str(match self.docs.bots(def) {
            Some(true) => "Yes\n",
            Some(false) => "No\n",
            None => "Unknown\n",
        });

        let mut result = &def.result;
        while let Some(arg) = &result.generic_arg {
            result = arg;
        }
        let result_name = result.name.to_string();
        if self.types.contains_key(&result_name) {
            let path = self.type_path(&result_name);
            if !related.iter().any(|(_, p)| *p == path) {
                related.push((result_name.clone(), path));
            }
        }
        // Other methods of the same namespace with the same result (`auth.cancelCode`:
        // `auth.logOut`, `auth.resetAuthorizations`, …): the calls that do related work.
        let siblings = self
            .returning
            .get(&result_name)
            .into_iter()
            .flatten()
            .filter(|other| other.name != def.name && other.name.namespace == def.name.namespace)
            .take(RELATED_SIBLINGS);
        for other in siblings {
            let other_name = other.name.to_string();
            let path = self.method_path(&other_name);
            if !related.iter().any(|(_, p)| *p == path) {
                related.push((other_name, path));
            }
        }
        out.push('\n');
        out.push_str(&self.related_section(&from, &related));
        out
    }

    fn constructor_page(&self, def: &Definition) -> String {
        let name = def.name.to_string();
        let from = self.constructor_path(&name);
        let mut related = Vec::new();
        let mut out = self.page_header(
            &name,
            (self.docs.description_md(def), self.docs.description(def)),
            &from,
            &mut related,
        );
        let type_name = def.result.name.to_string();
        let _ = write!(
            out,
            "Constructor of {} · id `{:#010x}`",
            self.type_md(&def.result, &from),
            def.id
        );
        if let Some(path) = self.rust_path(ItemKind::Constructor, &name) {
            let _ = write!(out, " · Rust: `{path}`");
        }
        let _ = write!(out, " · {}\n\n", self.link(&from, "index", "index.md"));
        out.push_str(&Self::tl_block(def));
        out.push_str("\n## Fields\n\n");
        if def.params.is_empty() {
            out.push_str("This constructor has no fields.\n");
        } else {
            out.push_str(&self.params_table(def, &from, &mut related));
        }
        if self.types.contains_key(&type_name) {
            let path = self.type_path(&type_name);
            if !related.iter().any(|(_, p)| *p == path) {
                related.insert(0, (type_name, path));
            }
        }
        out.push('\n');
        out.push_str(&self.related_section(&from, &related));
        out
    }

    fn type_page(&self, name: &str, ctors: &[&Definition]) -> String {
        let from = self.type_path(name);
        let mut related = Vec::new();
        let mut out = self.page_header(
            name,
            (
                self.docs.type_description_md(name),
                self.docs.type_description(name),
            ),
            &from,
            &mut related,
        );
        out.push_str("Boxed type");
        if let Some(path) = self.rust_path(ItemKind::Enum, name) {
            let _ = write!(out, " · Rust: `{path}`");
        }
        let _ = write!(out, " · {}\n\n", self.link(&from, "index", "index.md"));
        out.push_str("## Constructors\n\n| Constructor | Description |\n|---|---|\n");
        for ctor in ctors {
            let ctor_name = ctor.name.to_string();
            let description = self
                .docs
                .description(ctor)
                .map(escape_markdown)
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "| {} | {description} |",
                self.link(&from, &ctor_name, &self.constructor_path(&ctor_name))
            );
        }
        out.push_str("\n## Methods returning it\n\n");
        match self.returning.get(name) {
            None => out.push_str("None.\n"),
            Some(methods) => {
                for def in methods {
                    let method = def.name.to_string();
                    let link = self.link(&from, &method, &self.method_path(&method));
                    let result = def.result.to_string();
                    if result == name {
                        let _ = writeln!(out, "- {link}");
                    } else {
                        let _ = writeln!(out, "- {link} (returns `{result}`)");
                    }
                }
            }
        }
        if !related.is_empty() {
            out.push('\n');
            out.push_str(&self.related_section(&from, &related));
        }
        out
    }
}

/// The first sentence of a description, for the index.
fn summary(text: &str) -> String {
    let end = text.find(". ").map_or(text.len(), |i| i + 1);
    escape_markdown(&text[..end])
}

/// `schema/api.tl` as it is; `/home/me/schema/api.tl` (or `C:\…`) as `api.tl`.
fn relative_name(path: &str) -> &str {
    let absolute = path.starts_with('/') || path.starts_with('\\') || path.get(1..3) == Some(":\\");
    if absolute {
        path.rsplit(['/', '\\']).next().unwrap_or(path)
    } else {
        path
    }
}

fn index(sites: &[Site<'_>]) -> String {
    let from = "index.md";
    let mut out = String::from("# TL schema reference\n\n");
    out.push_str("Generated by `tlforge docs`. One page per method, constructor and type.\n");
    for site in sites {
        let schema = site.group.schema;
        let layer = schema
            .layer
            .map_or_else(String::new, |l| format!(" (layer {l})"));
        // The files as given, but never an absolute path of the machine that wrote the pages.
        let files: Vec<&str> = schema.files.iter().map(|f| relative_name(f)).collect();
        let _ = write!(out, "\n## {}{layer}\n\n", files.join(", "));
        if !site.group.dir.is_empty() {
            let _ = write!(out, "Pages in `{}/`", site.group.dir);
            if let Some(module) = &site.group.rust_module {
                let _ = write!(out, "; Rust items in `{module}`");
            }
            out.push_str(".\n\n");
        }
        let _ = write!(
            out,
            "{} methods, {} constructors, {} types.\n\n### Methods\n",
            site.methods.len(),
            site.constructors.len(),
            site.types.len()
        );
        let mut namespace: Option<String> = None;
        for (name, def) in &site.methods {
            let ns = def.name.namespace.join(".");
            if namespace.as_deref() != Some(ns.as_str()) {
                let title = if ns.is_empty() { "(no namespace)" } else { &ns };
                let _ = write!(out, "\n#### {title}\n\n");
                namespace = Some(ns);
            }
            let description = site
                .docs
                .description(def)
                .map(|d| format!(": {}", summary(d)))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "- {}{description}",
                site.link(from, name, &site.method_path(name))
            );
        }
        if site.catalogue.is_some() {
            let _ = write!(
                out,
                "\n### Errors\n\n{}: every error a method may answer with.\n",
                site.link(from, "RPC errors", &site.errors_index_path())
            );
        }
        out.push_str("\n### Types\n\n");
        for name in site.types.keys() {
            let description = site
                .docs
                .type_description(name)
                .map(|d| format!(": {}", summary(d)))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "- {}{description}",
                site.link(from, name, &site.type_path(name))
            );
        }
        out.push_str("\n### Constructors\n\n");
        for (name, def) in &site.constructors {
            let _ = writeln!(
                out,
                "- {} ({})",
                site.link(from, name, &site.constructor_path(name)),
                site.type_md(&def.result, from)
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::relative_link;

    #[test]
    fn relative_links() {
        assert_eq!(relative_link("methods/a.md", "methods/b.md"), "b.md");
        assert_eq!(relative_link("methods/a.md", "types/B.md"), "../types/B.md");
        assert_eq!(
            relative_link("index.md", "mtproto/types/B.md"),
            "mtproto/types/B.md"
        );
        assert_eq!(
            relative_link("mtproto/methods/a.md", "index.md"),
            "../../index.md"
        );
    }
}
