//! RustSchema → Rust source text. One function per kind of item; all decisions come from
//! `rust_model`.
//!
//! The text is written already formatted, in prettyplease's layout where that is simple:
//! 4-space indentation, `///` docs, no blank lines between items, and calls, tuples and arrays
//! laid out one item per line when their line does not fit.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::{self, Display, Write as _};

use tl_parser::{Category, Definition, Parameter, ParameterKind};

use crate::docs::{Docs, doc_lines, escape_markdown};
use crate::features::NamespaceFeatures;
use crate::naming::{self, Ident};
use crate::rust_model::{
    Field, FieldKind, FieldPlan, ItemPath, Primitive, RustSchema, RustType, Step,
};

/// Emission settings (the subset of [`crate::Config`] the emitter reads).
pub struct EmitOptions {
    /// Path of the runtime crate (`::tl_runtime`), already checked to be a plain path.
    pub runtime_path: String,
    /// Emit `POSSIBLE_ERRORS` constants on functions (metadata was given).
    pub possible_errors: bool,
    /// Derive serde's `Serialize`/`Deserialize` (the crate then depends on serde and on
    /// tl-runtime's `serde` feature).
    pub serde: bool,
    /// Put items behind the cargo features of the namespaces that use them.
    pub namespace_features: Option<NamespaceFeatures>,
}

const INDENT: &str = "    ";
/// A line fits when its width after the indentation is at most `MARGIN` minus the indentation,
/// and never less than `MIN_SPACE` (prettyplease's margins).
const MARGIN: usize = 89;
const MIN_SPACE: usize = 60;
/// A struct literal wider than this (without its `}`) goes one field per line (prettyplease's
/// rule).
const STRUCT_LITERAL_WIDTH: usize = 34;

/// Whether a line of `width` (without its indentation) fits at `depth`.
fn fits(depth: usize, width: usize) -> bool {
    width <= MARGIN.saturating_sub(depth * INDENT.len()).max(MIN_SPACE)
}

/// Rust source being written, with the indentation of the current block.
struct Code {
    text: String,
    depth: usize,
    /// Nothing was written since the last `{`, so closing the block gives `{}`.
    block_empty: bool,
    /// The `#[cfg(...)]` of the schema item being written, repeated on each of its Rust items.
    cfg: Option<String>,
}

impl Code {
    /// Writes the indentation; returns where the line's content starts.
    fn begin_line(&mut self) -> usize {
        self.block_empty = false;
        for _ in 0..self.depth {
            self.text.push_str(INDENT);
        }
        self.text.len()
    }

    fn write(&mut self, text: impl Display) {
        // Writing into a String cannot fail.
        let _ = write!(self.text, "{text}");
    }

    fn line(&mut self, text: impl Display) {
        self.begin_line();
        self.write(text);
        self.text.push('\n');
    }

    /// `head {`, indenting what follows until [`Code::close`].
    fn open(&mut self, head: impl Display) {
        self.line(format_args!("{head} {{"));
        self.depth += 1;
        self.block_empty = true;
    }

    /// Opens a top-level item (struct, enum, impl, fn) after its docs and attributes: every item
    /// starts here, so a line that each of them needs has one place to go.
    fn item(&mut self, head: impl Display) {
        if let Some(cfg) = self.cfg.take() {
            self.line(&cfg);
            self.cfg = Some(cfg);
        }
        self.open(head);
    }

    /// `}` followed by `tail` (`;`, `)`, …); a block with nothing in it becomes `{}`.
    fn close(&mut self, tail: &str) {
        self.depth -= 1;
        if self.block_empty {
            // Back over the newline after `{`.
            self.text.pop();
            self.block_empty = false;
        } else {
            self.begin_line();
        }
        self.text.push('}');
        self.text.push_str(tail);
        self.text.push('\n');
    }

    /// `} middle {` between two blocks: `} else {`.
    fn reopen(&mut self, middle: &str) {
        self.depth -= 1;
        self.line(format_args!("}} {middle} {{"));
        self.depth += 1;
        self.block_empty = true;
    }

    fn doc(&mut self, text: &str) {
        for line in doc_lines(text) {
            if line.is_empty() {
                self.line("///");
            } else {
                self.line(format_args!("/// {line}"));
            }
        }
    }

    /// Removes the line whose content starts at `start`, indentation included, to write it
    /// again another way.
    fn undo_line(&mut self, start: usize) {
        self.text.truncate(start - self.depth * INDENT.len());
    }

    /// Whether the line whose content starts at `start` (and runs to the end) fits.
    fn fits(&self, start: usize) -> bool {
        fits(self.depth, self.text.len() - start)
    }

    /// Opens an `impl … for self_type`, putting `for …` on a line of its own when the header is
    /// too long.
    fn impl_item(&mut self, head: impl Display, self_type: impl Display) {
        let start = self.text.len();
        self.item(format_args!("{head} for {self_type}"));
        // The header is the last line written, one level out from the block it opened.
        let header_depth = self.depth - 1;
        let header = &self.text[..self.text.len() - 1];
        let header_start = header.rfind('\n').map_or(0, |newline| newline + 1);
        let width = header.len() - header_start - header_depth * INDENT.len();
        if !fits(header_depth, width) {
            self.text.truncate(start);
            self.depth = header_depth;
            let indent = INDENT.repeat(header_depth);
            self.item(format_args!("{head}\n{indent}for {self_type}"));
        }
    }

    /// `impl ::core::convert::From<ty> for self_type`, as [`Code::impl_item`] lays it out, or with
    /// `ty` on a line of its own when even `impl ::core::convert::From<ty>` is too long.
    fn impl_from_item(&mut self, ty: impl Display, self_type: impl Display) {
        if fits(
            self.depth,
            text_width(format_args!("impl ::core::convert::From<{ty}>")),
        ) {
            self.impl_item(format_args!("impl ::core::convert::From<{ty}>"), self_type);
        } else {
            let indent = INDENT.repeat(self.depth);
            self.item(format_args!(
                "impl ::core::convert::From<\n{indent}{INDENT}{ty},\n{indent}> for {self_type}"
            ));
        }
    }

    /// A match arm `pattern => body_prefix body,`; one that does not fit becomes a block:
    /// `pattern => {`, `body_prefix body block_suffix`, `}`.
    fn arm(
        &mut self,
        pattern: impl Display,
        body_prefix: &str,
        body: &Expr<'_>,
        block_suffix: &str,
    ) {
        let start = self.begin_line();
        self.write(format_args!("{pattern} => {body_prefix}{body}"));
        // prettyplease does not count the comma.
        let fits = self.fits(start);
        self.text.push(',');
        if fits {
            self.text.push('\n');
            return;
        }
        self.undo_line(start);
        self.open(format_args!("{pattern} =>"));
        self.expr_line(body_prefix, body, block_suffix);
        self.close("");
    }

    /// `prefix expr suffix` on one line if it fits, otherwise with the items of `expr` one per
    /// line (each laid out the same way).
    fn expr_line(&mut self, prefix: impl Display, expr: &Expr<'_>, suffix: impl Display) {
        let start = self.begin_line();
        self.write(format_args!("{prefix}{expr}{suffix}"));
        match expr {
            Expr::List {
                head,
                open,
                items,
                close,
                ..
            } if !items.is_empty() && !self.fits(start) => {
                self.undo_line(start);
                self.line(format_args!("{prefix}{head}{open}"));
                self.depth += 1;
                for item in items {
                    self.expr_line("", item, ",");
                }
                self.depth -= 1;
                self.line(format_args!("{close}{suffix}"));
            }
            _ => self.text.push('\n'),
        }
    }

    /// [`Code::expr_line`] ending in ` {`, indenting what follows until [`Code::close`].
    fn open_expr(&mut self, prefix: impl Display, expr: &Expr<'_>, suffix: impl Display) {
        self.expr_line(prefix, expr, format_args!("{suffix} {{"));
        self.depth += 1;
        self.block_empty = true;
    }

    /// `fn name(parameters) returns {` (`function` is `fn name`), the parameters one per line
    /// when the line is too long.
    fn open_fn(&mut self, function: &'static str, parameters: Vec<Expr<'_>>, returns: &str) {
        self.open_expr("", &Expr::call(function, parameters), returns);
    }

    /// `#[inline]`, then [`Code::open_fn`]. The methods of generated items are then compiled
    /// where they are used, as generic code is, rather than in the generated crate: a crate of
    /// thousands of items skips code generation for everything its users never call (tl-types'
    /// cold release build went from 81 s to 22 s).
    fn open_inline_fn(&mut self, function: &'static str, parameters: Vec<Expr<'_>>, returns: &str) {
        self.line("#[inline]");
        self.open_fn(function, parameters, returns);
    }

    /// `prefix name { a, b }suffix`: on one line when short, otherwise one field per line.
    fn struct_literal(&mut self, prefix: &str, name: &str, fields: &[&str], suffix: &str) {
        let start = self.begin_line();
        self.text.push_str(prefix);
        let literal_start = self.text.len();
        self.text.push_str(name);
        if fields.is_empty() {
            self.text.push_str(" {}");
        } else {
            self.text.push_str(" { ");
            self.text.push_str(&fields.join(", "));
            self.text.push_str(" }");
        }
        // prettyplease measures up to the `}`.
        let width = self.text.len() - literal_start - 1;
        self.text.push_str(suffix);
        if fields.is_empty() || (width <= STRUCT_LITERAL_WIDTH && self.fits(start)) {
            self.text.push('\n');
            return;
        }
        self.undo_line(start);
        self.open(format_args!("{prefix}{name}"));
        for field in fields {
            self.line(format_args!("{field},"));
        }
        self.close(suffix);
    }
}

/// The width of `text` on one line, without writing it anywhere.
fn text_width(text: impl Display) -> usize {
    struct Width(usize);
    impl fmt::Write for Width {
        fn write_str(&mut self, s: &str) -> fmt::Result {
            self.0 += s.len();
            Ok(())
        }
    }
    let mut width = Width(0);
    // Counting cannot fail.
    let _ = write!(width, "{text}");
    width.0
}

/// An expression that [`Code::expr_line`] may break over several lines.
enum Expr<'a> {
    /// Text that stays on one line.
    Text(Cow<'a, str>),
    /// A type that stays on one line (written without an intermediate string).
    Type(TypeText<'a>),
    /// `head open items close`: a call `f(a, b)`, `f(a)?`, a tuple `(a, b)` or an array `&[a]`.
    List {
        head: Cow<'a, str>,
        open: &'static str,
        items: Vec<Expr<'a>>,
        close: &'static str,
        /// A tuple of one item needs a comma even on one line: `(a,)`.
        tuple: bool,
    },
}

impl<'a> Expr<'a> {
    fn text(text: impl Into<Cow<'a, str>>) -> Expr<'a> {
        Expr::Text(text.into())
    }

    fn list(
        head: impl Into<Cow<'a, str>>,
        open: &'static str,
        items: Vec<Expr<'a>>,
        close: &'static str,
    ) -> Expr<'a> {
        Expr::List {
            head: head.into(),
            open,
            items,
            close,
            tuple: false,
        }
    }

    /// `function(items)`.
    fn call(function: impl Into<Cow<'a, str>>, items: Vec<Expr<'a>>) -> Expr<'a> {
        Expr::list(function, "(", items, ")")
    }

    /// `function(items)?`.
    fn try_call(function: impl Into<Cow<'a, str>>, items: Vec<Expr<'a>>) -> Expr<'a> {
        Expr::list(function, "(", items, ")?")
    }

    /// `ty<argument>`.
    fn generic(ty: &'static str, argument: Expr<'a>) -> Expr<'a> {
        Expr::list(ty, "<", vec![argument], ">")
    }

    fn tuple(items: Vec<Expr<'a>>) -> Expr<'a> {
        Expr::List {
            head: Cow::Borrowed(""),
            open: "(",
            items,
            close: ")",
            tuple: true,
        }
    }
}

impl Display for Expr<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Expr::Text(text) => f.write_str(text),
            Expr::Type(ty) => ty.fmt(f),
            Expr::List {
                head,
                open,
                items,
                close,
                tuple,
            } => {
                f.write_str(head)?;
                f.write_str(open)?;
                for (index, item) in items.iter().enumerate() {
                    if index > 0 {
                        f.write_str(", ")?;
                    }
                    item.fmt(f)?;
                }
                if *tuple && items.len() == 1 {
                    f.write_str(",")?;
                }
                f.write_str(close)
            }
        }
    }
}

/// The path of `target` as written in the module `from`: a `super::` chain up to the root, so
/// the output can be `include!`d at any depth.
struct PathText<'a> {
    from: &'a [String],
    target: &'a ItemPath,
}

impl Display for PathText<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for _ in self.from {
            f.write_str("super::")?;
        }
        write!(f, "{}::", Ident(self.target.root.module()))?;
        for module in &self.target.modules {
            write!(f, "{}::", Ident(module))?;
        }
        Ident(&self.target.name).fmt(f)
    }
}

/// A Rust type as written in the module `from`.
#[derive(Clone, Copy)]
struct TypeText<'a> {
    from: &'a [String],
    ty: &'a RustType,
}

impl Display for TypeText<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.ty {
            RustType::Primitive(p) => f.write_str(match p {
                Primitive::Int => "i32",
                Primitive::Long => "i64",
                Primitive::Double => "f64",
                Primitive::Nat => "u32",
                Primitive::String => "::std::string::String",
                Primitive::Bytes => "::std::vec::Vec<u8>",
                Primitive::Int128 => "[u8; 16]",
                Primitive::Int256 => "[u8; 32]",
                Primitive::Bool => "bool",
            }),
            RustType::Enum(target) | RustType::Bare(target) => PathText {
                from: self.from,
                target,
            }
            .fmt(f),
            RustType::Vector { item, .. } => write!(
                f,
                "::std::vec::Vec<{}>",
                TypeText {
                    from: self.from,
                    ty: item
                }
            ),
            RustType::Generic(name) => Ident(name).fmt(f),
            RustType::True => f.write_str("bool"),
            RustType::Object => f.write_str("__rt::Object"),
        }
    }
}

/// A Rust type as written in the module `from`, as an [`Expr`] so that a long one can be broken
/// inside its `<…>`.
fn type_expr<'a>(from: &'a [String], ty: &'a RustType) -> Expr<'a> {
    match ty {
        RustType::Vector { item, .. } => Expr::generic("::std::vec::Vec", type_expr(from, item)),
        _ => Expr::Type(TypeText { from, ty }),
    }
}

/// An id in hex, as in the schema: `0x0949d9dc`.
struct Id(u32);

impl Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "0x{:08x}", self.0)
    }
}

/// The mask of a flag bit in hex, so the bit is visible: bit 10 → `0x400`.
struct Mask(u32);

impl Display for Mask {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:#x}", 1u32 << self.0)
    }
}

/// The items of each module, in a deterministic order: modules by name; in a module, structs
/// in schema order, then enums by TL name.
#[derive(Default)]
struct ModuleTree<'r> {
    /// Definition indexes.
    structs: Vec<usize>,
    /// (TL name, (path, constructor indexes)) as in [`RustSchema::enums`].
    enums: Vec<(&'r str, &'r (ItemPath, Vec<usize>))>,
    children: BTreeMap<&'r str, ModuleTree<'r>>,
}

impl<'r> ModuleTree<'r> {
    fn new(rust: &'r RustSchema<'_>) -> ModuleTree<'r> {
        let mut tree = ModuleTree::default();
        for &index in &rust.items {
            tree.at(&rust.paths[&index]).structs.push(index);
        }
        for (tl_name, item) in &rust.enums {
            tree.at(&item.0).enums.push((tl_name, item));
        }
        tree
    }

    /// The module of the item at `path`.
    fn at(&mut self, path: &'r ItemPath) -> &mut ModuleTree<'r> {
        let modules = path.modules.iter().map(String::as_str);
        std::iter::once(path.root.module())
            .chain(modules)
            .fold(self, |tree, name| tree.children.entry(name).or_default())
    }

    /// Writes the modules below this one: attributes, the runtime import if the module has
    /// items, its items, then its own submodules.
    fn write_children(&self, emitter: &mut Emitter<'_, '_>, code: &mut Code, runtime: &str) {
        for (name, tree) in &self.children {
            if code.depth == 0 {
                module_attributes(code, name);
            }
            code.open(format_args!("pub mod {}", Ident(name)));
            if !tree.structs.is_empty() || !tree.enums.is_empty() {
                code.line("#[allow(unused_imports)]");
                code.line(format_args!("use {runtime} as __rt;"));
            }
            let features = emitter.namespace_features;
            for &index in &tree.structs {
                code.cfg = features
                    .and_then(|f| f.for_struct(index))
                    .map(cfg_attribute);
                emitter.emit_struct(index, code);
            }
            for (tl_name, (path, ctors)) in &tree.enums {
                code.cfg = features
                    .and_then(|f| f.for_enum(tl_name))
                    .map(cfg_attribute);
                emitter.emit_enum(tl_name, path, ctors, code);
            }
            code.cfg = None;
            tree.write_children(emitter, code, runtime);
            code.close("");
        }
    }
}

fn module_attributes(code: &mut Code, name: &str) {
    code.doc(match name {
        "types" => {
            "Constructors: one struct per TL constructor (bare form; `to_bytes` writes the boxed form)."
        }
        "enums" => "Boxed types: one enum per TL type, one variant per constructor.",
        _ => "Functions: one request struct per TL function, with its `RemoteCall::Return` type.",
    });
    code.line("#[allow(clippy::large_enum_variant, clippy::enum_variant_names)]");
}

/// Writes the whole schema to the end of `out` (valid as a crate root or an `include!`d file).
pub fn emit(rust: &RustSchema<'_>, options: &EmitOptions, docs: &Docs<'_>, out: &mut String) {
    let mut emitter = Emitter {
        rust,
        docs,
        possible_errors: options.possible_errors,
        serde: options.serde,
        namespace_features: options.namespace_features.as_ref(),
        taken: HashMap::new(),
    };
    for &index in &rust.items {
        let path = &rust.paths[&index];
        emitter
            .taken
            .entry(path.module_path())
            .or_default()
            .insert(path.name.clone());
    }
    let mut code = Code {
        text: std::mem::take(out),
        depth: 0,
        block_empty: false,
        cfg: None,
    };
    if let Some(layer) = rust.schema.layer {
        code.line("/// The schema's layer (its `// LAYER` line).");
        code.line(format_args!("pub const LAYER: i32 = {};", layer as i32));
    }
    emit_name_for_id(rust, &mut code);
    ModuleTree::new(rust).write_children(&mut emitter, &mut code, &options.runtime_path);
    *out = code.text;
}

fn emit_name_for_id(rust: &RustSchema<'_>, code: &mut Code) {
    code.line(
        "/// The TL name of the constructor or function with this id, if the schema has one.",
    );
    code.item("pub fn name_for_id(id: u32) -> ::core::option::Option<&'static str>");
    code.open("::core::option::Option::Some(match id");
    let mut seen = HashSet::new();
    for &index in &rust.items {
        let def = rust.def(index);
        // A function may reuse a constructor's id (tdlib's pseudo-functions): first one wins.
        if seen.insert(def.id) {
            code.line(format_args!(
                "{} => {:?},",
                Id(def.id),
                def.name.to_string()
            ));
        }
    }
    code.line("_ => return ::core::option::Option::None,");
    code.close(")");
    code.close("");
}

struct Emitter<'a, 's> {
    rust: &'a RustSchema<'s>,
    docs: &'a Docs<'a>,
    possible_errors: bool,
    serde: bool,
    namespace_features: Option<&'a NamespaceFeatures>,
    /// Item names already used in each module, to name flag-group structs without clashes.
    taken: HashMap<Vec<String>, HashSet<String>>,
}

impl Emitter<'_, '_> {
    /// The name of each group field's struct (`None` for other fields): `{Item}{Field}`,
    /// suffixed with `Fields` until no item of the module has it.
    fn group_structs(
        &mut self,
        def: &Definition,
        path: &ItemPath,
        fields: &[Field],
    ) -> Vec<Option<String>> {
        let taken = self.taken.entry(path.module_path()).or_default();
        fields
            .iter()
            .map(|field| {
                let FieldKind::Group { .. } = field.kind else {
                    return None;
                };
                let field_name = naming::field_name(&def.params[field.param].name);
                let mut name = format!("{}{}", path.name, naming::type_name(&field_name));
                while !taken.insert(name.clone()) {
                    name.push_str("Fields");
                }
                Some(naming::ident(&name))
            })
            .collect()
    }

    fn emit_struct(&mut self, index: usize, code: &mut Code) {
        let def = self.rust.def(index);
        let path = &self.rust.paths[&index];
        let module = path.module_path();
        let ident = naming::ident(&path.name);
        let plan = self.rust.field_plan(def);
        let group_structs = self.group_structs(def, path, &plan.fields);
        let generics: Vec<String> = def
            .type_params
            .iter()
            .map(|p| naming::ident(&p.name))
            .collect();
        let generic_args = generic_args(&generics);
        let tl_name = def.name.to_string();

        code.doc(&self.item_doc(def, &module));
        code.line(self.derives());
        if self.serde {
            // Tagged like the JSON of `tl-codegen decode`: `{"_": "auth.sentCode", …}`.
            code.line(format_args!("#[serde(tag = \"_\", rename = {tl_name:?})]"));
        }
        // Braced even when empty, so that the serde tag works and `X {}` is always the syntax.
        code.item(format_args!("pub struct {ident}{generic_args}"));
        for (field, group_struct) in plan.fields.iter().zip(&group_structs) {
            self.emit_field(def, field, group_struct.as_deref(), &module, code);
        }
        code.close("");
        for (field, group_struct) in plan.fields.iter().zip(&group_structs) {
            if let (FieldKind::Group { members }, Some(group)) = (&field.kind, group_struct) {
                self.emit_group_struct(def, path, field.flag, group, members, code);
            }
        }

        code.impl_item(
            format_args!("impl{generic_args} __rt::Identifiable"),
            format_args!("{ident}{generic_args}"),
        );
        code.line(format_args!("const CONSTRUCTOR_ID: u32 = {};", Id(def.id)));
        code.line(format_args!("const TL_NAME: &'static str = {tl_name:?};"));
        code.close("");
        self.emit_serialize(def, &ident, &generics, &plan, code);
        self.emit_deserialize(def, &ident, &generics, &plan, &group_structs, code);
        if def.category == Category::Function {
            self.emit_remote_call(def, &module, &ident, &generics, code);
        }
    }

    /// One field of the struct; `group_struct` names the struct of a group field.
    fn emit_field(
        &self,
        def: &Definition,
        field: &Field,
        group_struct: Option<&str>,
        module: &[String],
        code: &mut Code,
    ) {
        code.doc(&self.field_doc(def, field, module));
        let tl_name = &def.params[field.param].name;
        let name = &field.ident;
        match &field.kind {
            FieldKind::Plain(ty) => {
                self.serde_field(tl_name, name, Some(ty), false, code);
                code.expr_line(format_args!("pub {name}: "), &type_expr(module, ty), ",");
            }
            FieldKind::Optional(ty) => {
                self.serde_field(tl_name, name, Some(ty), true, code);
                let ty = Expr::generic("::core::option::Option", type_expr(module, ty));
                code.expr_line(format_args!("pub {name}: "), &ty, ",");
            }
            FieldKind::Bit => {
                self.serde_field(tl_name, name, None, false, code);
                code.line(format_args!("pub {name}: bool,"));
            }
            FieldKind::Group { .. } => {
                self.serde_field(tl_name, name, None, false, code);
                let group = group_struct.unwrap_or_default();
                code.line(format_args!("pub {name}: ::core::option::Option<{group}>,"));
            }
        }
    }

    /// The struct of a group field: its value members.
    fn emit_group_struct(
        &self,
        def: &Definition,
        path: &ItemPath,
        flag: Option<(usize, u32)>,
        ident: &str,
        members: &[(usize, RustType)],
        code: &mut Code,
    ) {
        let module = path.module_path();
        let names: Vec<&str> = params_on_flag(def, flag).map(|p| p.name.as_str()).collect();
        code.doc(&format!(
            "Fields of [`{}`] that are present together (they share one flag bit): {}.",
            path.name,
            names.join(", ")
        ));
        code.line(self.derives());
        code.item(format_args!("pub struct {ident}"));
        for (param, ty) in members {
            let tl_name = &def.params[*param].name;
            let name = naming::ident(&naming::field_name(tl_name));
            if let Some(doc) = self.docs.param(def, tl_name) {
                code.doc(&escape_markdown(doc));
            }
            self.serde_field(tl_name, &name, Some(ty), false, code);
            code.expr_line(format_args!("pub {name}: "), &type_expr(&module, ty), ",");
        }
        code.close("");
    }

    fn field_doc(&self, def: &Definition, field: &Field, module: &[String]) -> String {
        let param = &def.params[field.param];
        let mut paragraphs: Vec<String> = self
            .docs
            .param(def, &param.name)
            .map(escape_markdown)
            .into_iter()
            .collect();
        if let ParameterKind::Value { ty, flag } = &param.kind {
            let mut line = match flag {
                Some(flag) => format!("TL: `{}:{}.{}?{}`", param.name, flag.field, flag.bit, ty),
                None => format!("TL: `{}:{}`", param.name, ty),
            };
            if let FieldKind::Plain(ty) | FieldKind::Optional(ty) = &field.kind {
                line.push_str(" (");
                self.type_link(&mut line, module, ty);
                line.push(')');
            }
            paragraphs.push(line);
        }
        if let FieldKind::Group { .. } = &field.kind {
            let shared: Vec<String> = params_on_flag(def, field.flag)
                .map(|p| format!("`{}`", p.name))
                .collect();
            paragraphs.push(format!(
                "Present iff the shared flag bit is set ({}).",
                shared.join(", ")
            ));
        }
        paragraphs.join("\n\n")
    }

    fn emit_serialize(
        &self,
        def: &Definition,
        ident: &str,
        generics: &[String],
        plan: &FieldPlan,
        code: &mut Code,
    ) {
        let FieldPlan { fields, steps } = plan;
        let bounds = bounds(generics, "__rt::Serializable");
        let generic_args = generic_args(generics);
        code.impl_item(
            format_args!("impl{bounds} __rt::BareSerializable"),
            format_args!("{ident}{generic_args}"),
        );
        let out = if steps.is_empty() {
            "_out: &mut ::std::vec::Vec<u8>"
        } else {
            "out: &mut ::std::vec::Vec<u8>"
        };
        code.open_inline_fn(
            "fn serialize_bare",
            vec![Expr::text("&self"), Expr::text(out)],
            "",
        );
        for step in steps {
            match step {
                Step::Flags(param) => {
                    code.line("let mut flags: u32 = 0;");
                    for field in fields {
                        let Some((flags, bit)) = field.flag else {
                            continue;
                        };
                        if flags != *param {
                            continue;
                        }
                        match field.kind {
                            FieldKind::Bit => code.open(format_args!("if self.{}", field.ident)),
                            _ => code.open(format_args!("if self.{}.is_some()", field.ident)),
                        }
                        code.line(format_args!("flags |= {};", Mask(bit)));
                        code.close("");
                    }
                    code.line("__rt::Serializable::serialize(&flags, out);");
                }
                Step::Field(i) => {
                    let field = &fields[*i];
                    match &field.kind {
                        FieldKind::Plain(ty) => {
                            let value = format!("&self.{}", field.ident);
                            code.expr_line("", &write_value(ty, value), ";");
                        }
                        FieldKind::Optional(ty) => {
                            code.open(format_args!(
                                "if let ::core::option::Option::Some(value) = &self.{}",
                                field.ident
                            ));
                            code.expr_line("", &write_value(ty, "value"), ";");
                            code.close("");
                        }
                        FieldKind::Bit | FieldKind::Group { .. } => {}
                    }
                }
                Step::Member(i, param, ty) => {
                    let member = naming::ident(&naming::field_name(&def.params[*param].name));
                    code.open(format_args!(
                        "if let ::core::option::Option::Some(group) = &self.{}",
                        fields[*i].ident
                    ));
                    code.expr_line("", &write_value(ty, format!("&group.{member}")), ";");
                    code.close("");
                }
                Step::ObjectLength(i) => {
                    let name = &fields[*i].ident;
                    code.line(format_args!(
                        "__rt::Serializable::serialize(&self.{name}.len_prefix(), out);"
                    ));
                    code.line(format_args!(
                        "__rt::Serializable::serialize(&self.{name}, out);"
                    ));
                }
            }
        }
        code.close("");
        code.close("");
    }

    fn emit_deserialize(
        &self,
        def: &Definition,
        ident: &str,
        generics: &[String],
        plan: &FieldPlan,
        group_structs: &[Option<String>],
        code: &mut Code,
    ) {
        let FieldPlan { fields, steps } = plan;
        let bounds = bounds(generics, "__rt::Deserializable");
        let generic_args = generic_args(generics);
        code.impl_item(
            format_args!("impl{bounds} __rt::BareDeserializable"),
            format_args!("{ident}{generic_args}"),
        );
        let reader = if steps.is_empty() {
            "_reader: &mut __rt::Reader<'_>"
        } else {
            "reader: &mut __rt::Reader<'_>"
        };
        code.open_inline_fn(
            "fn deserialize_bare",
            vec![Expr::text(reader)],
            " -> __rt::Result<Self>",
        );
        for step in steps {
            match step {
                Step::Flags(param) => code.line(format_args!(
                    "let flags_{param}: u32 = __rt::Deserializable::deserialize(reader)?;"
                )),
                Step::Field(i) => {
                    let field = &fields[*i];
                    let name = &field.ident;
                    match (&field.kind, field.flag) {
                        (FieldKind::Plain(ty), _) => {
                            code.expr_line(format_args!("let {name} = "), &read_value(ty), ";");
                        }
                        (FieldKind::Optional(ty), Some((flags, bit))) => {
                            read_optional(code, name, flags, bit, ty);
                        }
                        (FieldKind::Bit, Some((flags, bit))) => code.line(format_args!(
                            "let {name} = (flags_{flags} & {}) != 0;",
                            Mask(bit)
                        )),
                        _ => {}
                    }
                }
                Step::ObjectLength(i) => {
                    code.line("let len: i32 = __rt::Deserializable::deserialize(reader)?;");
                    code.line(format_args!(
                        "let {} = __rt::Object::deserialize_sized(reader, len)?;",
                        fields[*i].ident
                    ));
                }
                Step::Member(i, param, ty) => {
                    let (flags, bit) = fields[*i].flag.unwrap_or((0, 0));
                    read_optional(code, format_args!("member_{param}"), flags, bit, ty);
                }
            }
        }
        // Assemble groups: all members are read under the same bit, so they are all `Some`
        // or all `None`.
        for (field, group_struct) in fields.iter().zip(group_structs) {
            let (FieldKind::Group { members }, Some(group)) = (&field.kind, group_struct) else {
                continue;
            };
            let locals: Vec<String> = members.iter().map(|(p, _)| format!("member_{p}")).collect();
            let scrutinee = Expr::tuple(locals.iter().map(|l| Expr::text(l.as_str())).collect());
            let pattern = Expr::tuple(
                locals
                    .iter()
                    .map(|l| Expr::text(format!("::core::option::Option::Some({l})")))
                    .collect(),
            );
            let values: Vec<String> = members
                .iter()
                .zip(&locals)
                .map(|((param, _), local)| {
                    let name = naming::field_name(&def.params[*param].name);
                    format!("{}: {local}", Ident(&name))
                })
                .collect();
            let values: Vec<&str> = values.iter().map(String::as_str).collect();
            code.open(format_args!("let {} = match {scrutinee}", field.ident));
            // The pattern alone fills most of a line: the value goes in a block.
            code.open_expr("", &pattern, " =>");
            code.struct_literal("::core::option::Option::Some(", group, &values, ")");
            code.close("");
            code.line("_ => ::core::option::Option::None,");
            code.close(";");
        }
        let names: Vec<&str> = fields.iter().map(|f| f.ident.as_str()).collect();
        code.struct_literal("::core::result::Result::Ok(", "Self", &names, ")");
        code.close("");
        code.close("");
    }

    fn emit_remote_call(
        &self,
        def: &Definition,
        module: &[String],
        ident: &str,
        generics: &[String],
        code: &mut Code,
    ) {
        let result = self
            .rust
            .rust_type(def, &def.result)
            .unwrap_or(RustType::True);
        let bounds = bounds(generics, "__rt::RemoteCall");
        let generic_args = generic_args(generics);
        code.impl_item(
            format_args!("impl{bounds} __rt::RemoteCall"),
            format_args!("{ident}{generic_args}"),
        );
        match &result {
            RustType::Generic(name) => code.line(format_args!(
                "type Return = <{} as __rt::RemoteCall>::Return;",
                Ident(name)
            )),
            other => code.expr_line("type Return = ", &type_expr(module, other), ";"),
        }
        code.close("");
        if self.possible_errors {
            let entries = self
                .docs
                .errors(def)
                .iter()
                .map(|e| Expr::text(format!("({}, {:?})", e.code, e.kind)))
                .collect();
            code.item(format_args!("impl{generic_args} {ident}{generic_args}"));
            code.line(
                "/// Errors this method may return, as (code, type) pairs, from the metadata",
            );
            code.line("/// (empty when none are documented).");
            code.expr_line(
                "pub const POSSIBLE_ERRORS: &'static [(i32, &'static str)] = ",
                &Expr::list("&", "[", entries, "]"),
                ";",
            );
            code.close("");
        }
    }

    fn derives(&self) -> &'static str {
        if self.serde {
            "#[derive(Debug, Clone, PartialEq, ::serde::Serialize, ::serde::Deserialize)]"
        } else {
            "#[derive(Debug, Clone, PartialEq)]"
        }
    }

    /// serde attributes of one field: the TL name where the Rust one differs, and the runtime's
    /// representation for `long`, `bytes`, `int128`, `int256` (see `tl_runtime::serde_repr`).
    fn serde_field(
        &self,
        tl_name: &str,
        ident: &str,
        ty: Option<&RustType>,
        optional: bool,
        code: &mut Code,
    ) {
        if !self.serde {
            return;
        }
        if ident.trim_start_matches("r#") != tl_name {
            code.line(format_args!("#[serde(rename = {tl_name:?})]"));
        }
        if ty.is_some_and(needs_serde_repr) {
            code.line("#[serde(");
            code.depth += 1;
            if optional {
                code.line("default,");
            }
            code.line("serialize_with = \"__rt::serde_repr::serialize\",");
            code.line("deserialize_with = \"__rt::serde_repr::deserialize\"");
            code.depth -= 1;
            code.line(")]");
        }
    }

    /// Writes Markdown naming a type, linked to its item where there is one.
    fn type_link(&self, out: &mut String, from: &[String], ty: &RustType) {
        // Writing into a String cannot fail.
        let _ = match ty {
            // In the same module the name alone resolves (an explicit target is "redundant").
            RustType::Enum(path) | RustType::Bare(path) if is_in_module(path, from) => {
                write!(out, "[`{}`]", path.name)
            }
            RustType::Enum(path) | RustType::Bare(path) => {
                write!(
                    out,
                    "[`{}`]({})",
                    path.name,
                    PathText { from, target: path }
                )
            }
            RustType::Vector { item, .. } => {
                out.push_str("a vector of ");
                self.type_link(out, from, item);
                Ok(())
            }
            RustType::Generic(name) => write!(out, "`{name}`, any function call"),
            RustType::Object => write!(out, "[`Object`](__rt::Object)"),
            other => write!(out, "`{}`", TypeText { from, ty: other }),
        };
    }

    fn item_doc(&self, def: &Definition, module: &[String]) -> String {
        let mut text = String::new();
        if let Some(description) = self.docs.description(def) {
            text.push_str(&escape_markdown(description));
            text.push_str("\n\n");
        }
        if def.category == Category::Function {
            match self.rust.rust_type(def, &def.result) {
                Ok(RustType::Generic(name)) => text.push_str(&format!(
                    "Returns what the inner query returns (`{name}::Return`).\n\n"
                )),
                Ok(result) => {
                    text.push_str("Returns ");
                    self.type_link(&mut text, module, &result);
                    text.push_str(".\n\n");
                }
                Err(_) => {}
            }
            let errors = self.docs.errors(def);
            if !errors.is_empty() {
                text.push_str(
                    "# Possible errors\n\n| Code | Type | Description |\n|---|---|---|\n",
                );
                for error in errors {
                    let description = error.description.as_deref().map(escape_markdown);
                    text.push_str(&format!(
                        "| {} | `{}` | {} |\n",
                        error.code,
                        error.kind,
                        description.unwrap_or_default()
                    ));
                }
                text.push('\n');
            }
            if let Some(bots) = self.docs.bots(def) {
                let answer = if bots { "yes" } else { "no" };
                text.push_str(&format!("Bots can use this method: {answer}.\n\n"));
            }
        }
        let what = match def.category {
            Category::Type => "Constructor",
            Category::Function => "Function",
        };
        text.push_str(&format!(
            "{what} `{}` (id `{:#010x}`):\n\n```text\n{};\n```",
            def.name, def.id, def.text
        ));
        text
    }

    fn enum_doc(&self, tl_name: &str, module: &[String], ctors: &[usize]) -> String {
        let mut text = String::new();
        if let Some(description) = self.docs.type_description(tl_name) {
            text.push_str(&escape_markdown(description));
            text.push_str("\n\n");
        }
        let links: Vec<String> = ctors
            .iter()
            .map(|&i| {
                let path = &self.rust.paths[&i];
                format!(
                    "[`{}`]({})",
                    self.rust.def(i).name,
                    PathText {
                        from: module,
                        target: path
                    }
                )
            })
            .collect();
        text.push_str(&format!(
            "Boxed type `{tl_name}`; its constructors: {}.",
            links.join(", ")
        ));
        text
    }

    fn emit_enum(&self, tl_name: &str, path: &ItemPath, ctors: &[usize], code: &mut Code) {
        let module = path.module_path();
        let ident = naming::ident(&path.name);
        let mut used = HashSet::new();
        // (variant name, struct path, definition index, boxed)
        let variants: Vec<(String, &ItemPath, usize, bool)> = ctors
            .iter()
            .map(|&index| {
                let struct_path = &self.rust.paths[&index];
                let def = self.rust.def(index);
                let mut name = struct_path.name.clone();
                if !used.insert(name.clone()) {
                    // Same constructor name in two namespaces: qualify the later one.
                    name = def
                        .name
                        .namespace
                        .iter()
                        .map(|ns| naming::type_name(ns))
                        .chain([name])
                        .collect();
                    used.insert(name.clone());
                }
                let boxed = self.rust.boxed_variants.contains(&index);
                (naming::ident(&name), struct_path, index, boxed)
            })
            .collect();
        let struct_type = |target| PathText {
            from: &module,
            target,
        };

        code.doc(&self.enum_doc(tl_name, &module, ctors));
        // serde: reading dispatches on the `"_"` tag (serde's internal tagging); writing
        // delegates to the variant's struct, which writes the tag itself (deriving both
        // directions would write it twice).
        if self.serde {
            code.line("#[derive(Debug, Clone, PartialEq, ::serde::Deserialize)]");
            code.line("#[serde(tag = \"_\")]");
        } else {
            code.line(self.derives());
        }
        code.item(format_args!("pub enum {ident}"));
        for (name, target, index, boxed) in &variants {
            let tl = self.rust.def(*index).name.to_string();
            code.doc(&format!("`{tl}`"));
            if self.serde {
                code.line(format_args!("#[serde(rename = {tl:?})]"));
            }
            let ty = struct_type(target).to_string();
            let ty = if *boxed {
                Expr::generic("::std::boxed::Box", Expr::text(ty))
            } else {
                Expr::text(ty)
            };
            code.expr_line("", &Expr::call(name.clone(), vec![ty]), ",");
        }
        code.close("");

        if self.serde {
            code.impl_item("impl ::serde::Serialize", &ident);
            let parameters = vec![Expr::text("&self"), Expr::text("serializer: S")];
            code.open_fn(
                "fn serialize<S: ::serde::Serializer>",
                parameters,
                " -> ::core::result::Result<S::Ok, S::Error>",
            );
            code.open("match self");
            for (name, ..) in &variants {
                let arguments = vec![Expr::text("value"), Expr::text("serializer")];
                code.arm(
                    format_args!("Self::{name}(value)"),
                    "",
                    &Expr::call("::serde::Serialize::serialize", arguments),
                    "",
                );
            }
            code.close("");
            code.close("");
            code.close("");
        }

        code.impl_item("impl __rt::Serializable", &ident);
        let parameters = vec![
            Expr::text("&self"),
            Expr::text("out: &mut ::std::vec::Vec<u8>"),
        ];
        code.open_inline_fn("fn serialize", parameters, "");
        code.open("match self");
        for (name, _, _, boxed) in &variants {
            let value = if *boxed { "&**value" } else { "value" };
            let arguments = vec![Expr::text(value), Expr::text("out")];
            code.arm(
                format_args!("Self::{name}(value)"),
                "",
                &Expr::call("__rt::Serializable::serialize", arguments),
                "",
            );
        }
        code.close("");
        code.close("");
        code.close("");

        code.impl_item("impl __rt::Deserializable", &ident);
        let parameters = vec![Expr::text("reader: &mut __rt::Reader<'_>")];
        code.open_inline_fn("fn deserialize", parameters, " -> __rt::Result<Self>");
        code.open("reader.nested(|reader|");
        code.line("let id = reader.read_u32()?;");
        code.open("::core::result::Result::Ok(match id");
        for (name, _, index, boxed) in &variants {
            let read = Expr::try_call(
                "__rt::BareDeserializable::deserialize_bare",
                vec![Expr::text("reader")],
            );
            let read = if *boxed {
                Expr::call("::std::boxed::Box::new", vec![read])
            } else {
                read
            };
            code.arm(
                Id(self.rust.def(*index).id),
                "",
                &Expr::call(format!("Self::{name}"), vec![read]),
                "",
            );
        }
        let arguments = vec![
            Expr::text("reader"),
            Expr::text("id"),
            Expr::text(format!("{tl_name:?}")),
        ];
        code.arm(
            "_",
            "return ",
            &Expr::call("__rt::unknown_constructor", arguments),
            ";",
        );
        code.close(")");
        code.close(")");
        code.close("");
        code.close("");

        for (name, target, _, boxed) in &variants {
            let ty = struct_type(target);
            code.impl_from_item(&ty, &ident);
            let parameter = Expr::text(format!("value: {ty}"));
            code.open_inline_fn("fn from", vec![parameter], " -> Self");
            if *boxed {
                code.line(format_args!("Self::{name}(::std::boxed::Box::new(value))"));
            } else {
                code.line(format_args!("Self::{name}(value)"));
            }
            code.close("");
            code.close("");
        }
    }
}

fn cfg_attribute(features: &[String]) -> String {
    match features {
        [one] => format!("#[cfg(feature = \"{one}\")]"),
        many => {
            let list: Vec<String> = many.iter().map(|f| format!("feature = \"{f}\"")).collect();
            format!("#[cfg(any({}))]", list.join(", "))
        }
    }
}

/// Whether the item at `path` is in `module` (`path.module_path() == module` without building
/// the path).
fn is_in_module(path: &ItemPath, module: &[String]) -> bool {
    match module.split_first() {
        Some((root, modules)) => root == path.root.module() && modules == path.modules.as_slice(),
        None => false,
    }
}

/// The parameters of `def` on the flag bit `flag` (flags parameter index, bit).
fn params_on_flag(
    def: &Definition,
    flag: Option<(usize, u32)>,
) -> impl Iterator<Item = &Parameter> {
    def.params.iter().filter(move |p| {
        matches!(&p.kind, ParameterKind::Value { flag: Some(f), .. }
            if Some((f.field_index, f.bit)) == flag)
    })
}

/// `<X, Y>`, or nothing without generics.
fn generic_args(generics: &[String]) -> String {
    if generics.is_empty() {
        String::new()
    } else {
        format!("<{}>", generics.join(", "))
    }
}

/// `<X: bound, Y: bound>`, or nothing without generics.
fn bounds(generics: &[String], bound: &str) -> String {
    if generics.is_empty() {
        return String::new();
    }
    let bounded: Vec<String> = generics.iter().map(|g| format!("{g}: {bound}")).collect();
    format!("<{}>", bounded.join(", "))
}

/// Types whose serde form comes from `tl_runtime::serde_repr` rather than their own impls.
fn needs_serde_repr(ty: &RustType) -> bool {
    match ty {
        RustType::Primitive(p) => matches!(
            p,
            Primitive::Long | Primitive::Bytes | Primitive::Int128 | Primitive::Int256
        ),
        RustType::Vector { item, .. } => needs_serde_repr(item),
        _ => false,
    }
}

/// `let name = if (flags_N & mask) != 0 { Some(read) } else { None };`
fn read_optional(code: &mut Code, name: impl Display, flags: usize, bit: u32, ty: &RustType) {
    code.open(format_args!(
        "let {name} = if (flags_{flags} & {}) != 0",
        Mask(bit)
    ));
    code.expr_line(
        "",
        &Expr::call("::core::option::Option::Some", vec![read_value(ty)]),
        "",
    );
    code.reopen("else");
    code.line("::core::option::Option::None");
    code.close(";");
}

/// `__rt::serialize_vector` or `__rt::serialize_bare_vector`.
fn serialize_vector(boxed: bool) -> &'static str {
    if boxed {
        "__rt::serialize_vector"
    } else {
        "__rt::serialize_bare_vector"
    }
}

/// `__rt::deserialize_vector` or `__rt::deserialize_bare_vector`.
fn deserialize_vector(boxed: bool) -> &'static str {
    if boxed {
        "__rt::deserialize_vector"
    } else {
        "__rt::deserialize_bare_vector"
    }
}

/// The trait method writing a `T` that needs no helper.
fn write_method(ty: &RustType) -> &'static str {
    if ty.has_trait_impl() {
        "__rt::Serializable::serialize"
    } else {
        "__rt::BareSerializable::serialize_bare"
    }
}

/// The trait method reading a `T` that needs no helper.
fn read_method(ty: &RustType) -> &'static str {
    if ty.has_trait_impl() {
        "__rt::Deserializable::deserialize"
    } else {
        "__rt::BareDeserializable::deserialize_bare"
    }
}

/// Call writing `value` (an expression of type `&T`) to `out`.
fn write_value(ty: &RustType, value: impl Into<Cow<'static, str>>) -> Expr<'static> {
    let value = Expr::text(value);
    match ty {
        RustType::Vector { boxed, item } if !ty.has_trait_impl() => Expr::call(
            serialize_vector(*boxed),
            vec![value, Expr::text("out"), write_fn(item)],
        ),
        _ => Expr::call(write_method(ty), vec![value, Expr::text("out")]),
    }
}

/// A callable `Fn(&T, &mut Vec<u8>)` writing a `T`: a trait method path where one exists (no
/// closure for clippy to call redundant), a closure over a vector helper otherwise.
fn write_fn(ty: &RustType) -> Expr<'static> {
    match ty {
        RustType::Vector { boxed, item } if !ty.has_trait_impl() => Expr::call(
            format!(
                "|items: &::std::vec::Vec<_>, out: &mut ::std::vec::Vec<u8>| {}",
                serialize_vector(*boxed)
            ),
            vec![Expr::text("items"), Expr::text("out"), write_fn(item)],
        ),
        _ => Expr::text(write_method(ty)),
    }
}

/// Expression reading a `T` from `reader` (propagating errors with `?`).
fn read_value(ty: &RustType) -> Expr<'static> {
    match ty {
        RustType::Vector { boxed, item } if !ty.has_trait_impl() => Expr::try_call(
            deserialize_vector(*boxed),
            vec![Expr::text("reader"), read_fn(item)],
        ),
        _ => Expr::try_call(read_method(ty), vec![Expr::text("reader")]),
    }
}

/// A callable `FnMut(&mut Reader) -> Result<T>` reading a `T` (see [`write_fn`]).
fn read_fn(ty: &RustType) -> Expr<'static> {
    match ty {
        RustType::Vector { boxed, item } if !ty.has_trait_impl() => Expr::call(
            format!(
                "|reader: &mut __rt::Reader<'_>| {}",
                deserialize_vector(*boxed)
            ),
            vec![Expr::text("reader"), read_fn(item)],
        ),
        _ => Expr::text(read_method(ty)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Old text emitter vs the quote emitter + prettyplease, compared as syn token streams,
    /// item by item.
    #[test]
    fn quote_emitter_matches_text_emitter() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let mut runs: Vec<(Vec<std::path::PathBuf>, bool, bool, bool)> = Vec::new();
        for dir in ["tests/fixtures/corpus", "tests/fixtures/codegen"] {
            let mut paths: Vec<_> = std::fs::read_dir(root.join(dir))
                .unwrap()
                .map(|e| e.unwrap().path())
                .filter(|p| p.extension().is_some_and(|e| e == "tl"))
                .collect();
            paths.sort();
            for path in paths {
                for serde in [false, true] {
                    runs.push((vec![path.clone()], false, serde, false));
                    runs.push((vec![path.clone()], false, serde, true));
                }
            }
        }
        runs.push((vec![root.join("schema/api.tl")], true, false, true));
        runs.push((vec![root.join("schema/api.tl")], true, true, true));
        runs.push((
            vec![
                root.join("schema/mtproto.tl"),
                root.join("schema/mtproto-envelope.tl"),
            ],
            false,
            true,
            false,
        ));
        runs.push((
            vec![
                root.join("schema/mtproto.tl"),
                root.join("schema/mtproto-envelope.tl"),
            ],
            false,
            false,
            false,
        ));
        let (mut files, mut items, mut failures) = (0, 0, Vec::new());
        for (paths, metadata, serde, features) in runs {
            let sources = crate::read_sources(&paths).unwrap();
            let Ok(parsed) = tl_parser::parse_schema(&sources) else {
                continue;
            };
            let schema = &parsed.schema;
            let Ok(rust) = RustSchema::new(schema) else {
                continue;
            };
            let meta = metadata.then(|| {
                crate::metadata::Metadata::load(&root.join("schema/telegram-docs.json")).unwrap()
            });
            let docs = Docs {
                schema,
                metadata: meta.as_ref(),
            };
            let old_options = EmitOptions {
                runtime_path: "::tl_runtime".into(),
                possible_errors: metadata,
                serde,
                namespace_features: features.then(|| NamespaceFeatures::new(&rust)),
            };
            let mut old = String::new();
            emit(&rust, &old_options, &docs, &mut old);
            let new_options = crate::emit::EmitOptions {
                runtime_path: quote_free_runtime(),
                possible_errors: metadata,
                serde: if serde {
                    crate::emit::Serde::On
                } else {
                    crate::emit::Serde::Off
                },
                namespace_features: features.then(|| NamespaceFeatures::new(&rust)),
            };
            let tokens = crate::emit::emit(&rust, &new_options, &docs);
            let new = prettyplease::unparse(&syn::parse2(tokens).unwrap());
            let mut old_file = syn::parse_file(&old).unwrap();
            let mut new_file = syn::parse_file(&new).unwrap();
            // Layout choices that show in tokens: prettyplease ends a broken argument list
            // with a comma and puts a long arm body in a block.
            syn::visit_mut::VisitMut::visit_file_mut(&mut Layout, &mut old_file);
            syn::visit_mut::VisitMut::visit_file_mut(&mut Layout, &mut new_file);
            files += 1;
            let mut old_items = Vec::new();
            let mut new_items = Vec::new();
            flatten(&old_file.items, &mut old_items);
            flatten(&new_file.items, &mut new_items);
            items += old_items.len();
            if old_items.len() != new_items.len() {
                failures.push(format!(
                    "{paths:?}: {} vs {} items",
                    old_items.len(),
                    new_items.len()
                ));
                continue;
            }
            for (a, b) in old_items.iter().zip(&new_items) {
                if a != b {
                    let at = a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count();
                    let from = at.saturating_sub(150);
                    let ctx = |s: &str| {
                        s.get(from..(at + 150).min(s.len()))
                            .unwrap_or("")
                            .to_owned()
                    };
                    failures.push(format!(
                        "{paths:?} serde={serde} features={features}:\n  old {}\n  new {}",
                        ctx(&a),
                        ctx(&b)
                    ));
                    break;
                }
            }
        }
        eprintln!("compared {files} files, {items} items");
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    struct Layout;

    impl syn::visit_mut::VisitMut for Layout {
        fn visit_arm_mut(&mut self, arm: &mut syn::Arm) {
            if let syn::Expr::Block(block) = &*arm.body
                && block.label.is_none()
                && block.attrs.is_empty()
                && let [syn::Stmt::Expr(inner, semi)] = block.block.stmts.as_slice()
                && (semi.is_none() || matches!(inner, syn::Expr::Return(_)))
            {
                arm.body = Box::new(inner.clone());
                arm.comma = Some(Default::default());
            }
            syn::visit_mut::visit_arm_mut(self, arm);
        }

        fn visit_angle_bracketed_generic_arguments_mut(
            &mut self,
            args: &mut syn::AngleBracketedGenericArguments,
        ) {
            if args.args.trailing_punct() {
                let last = args.args.pop().unwrap().into_value();
                args.args.push(last);
            }
            syn::visit_mut::visit_angle_bracketed_generic_arguments_mut(self, args);
        }

        fn visit_fields_unnamed_mut(&mut self, fields: &mut syn::FieldsUnnamed) {
            if fields.unnamed.trailing_punct() {
                let last = fields.unnamed.pop().unwrap().into_value();
                fields.unnamed.push(last);
            }
            syn::visit_mut::visit_fields_unnamed_mut(self, fields);
        }

        fn visit_pat_tuple_struct_mut(&mut self, pat: &mut syn::PatTupleStruct) {
            if pat.elems.trailing_punct() {
                let last = pat.elems.pop().unwrap().into_value();
                pat.elems.push(last);
            }
            syn::visit_mut::visit_pat_tuple_struct_mut(self, pat);
        }

        fn visit_expr_call_mut(&mut self, call: &mut syn::ExprCall) {
            if call.args.trailing_punct() {
                let last = call.args.pop().unwrap().into_value();
                call.args.push(last);
            }
            syn::visit_mut::visit_expr_call_mut(self, call);
        }
    }

    fn quote_free_runtime() -> proc_macro2::TokenStream {
        "::tl_runtime".parse().unwrap()
    }

    /// Every item of the file as its token text, modules opened (their own tokens left out).
    fn flatten(items: &[syn::Item], out: &mut Vec<String>) {
        use quote::ToTokens;
        for item in items {
            match item {
                syn::Item::Mod(m) => {
                    out.push(format!(
                        "mod {} attrs {:?}",
                        m.ident,
                        m.attrs
                            .iter()
                            .map(|a| a.to_token_stream().to_string())
                            .collect::<Vec<_>>()
                    ));
                    if let Some((_, inner)) = &m.content {
                        flatten(inner, out);
                    }
                }
                other => out.push(other.to_token_stream().to_string()),
            }
        }
    }
}
