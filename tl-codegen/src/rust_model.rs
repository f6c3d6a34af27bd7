//! The Rust side of the schema: which items exist, where they live, and how each TL type
//! is represented and (de)serialized. The emitter reads only this, never re-deciding.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap, HashSet};

use tlforge_parser::{Category, Definition, Name, ParameterKind, Schema, Type};

use crate::naming;

/// Top-level module an item lives in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Root {
    Types,
    Enums,
    Functions,
}

impl Root {
    pub fn module(self) -> &'static str {
        match self {
            Root::Types => "types",
            Root::Enums => "enums",
            Root::Functions => "functions",
        }
    }
}

/// Where a generated item lives: `types::auth::SentCode` = (Types, ["auth"], "SentCode").
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ItemPath {
    pub root: Root,
    pub modules: Vec<String>,
    pub name: String,
}

impl ItemPath {
    /// Module path from the crate root: `["types", "auth"]`.
    pub fn module_path(&self) -> Vec<String> {
        let mut path = vec![self.root.module().to_owned()];
        path.extend(self.modules.iter().cloned());
        path
    }
}

/// Primitive TL types and their fixed Rust representation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Primitive {
    /// `int` → `i32`
    Int,
    /// `long` → `i64`
    Long,
    /// `double` → `f64`
    Double,
    /// `#` outside flags → `u32`
    Nat,
    /// `string` → `String`
    String,
    /// `bytes` → `Vec<u8>`
    Bytes,
    /// A repetition of `int`s or `long`s (`int128 4*[ int ] = Int128;`, `int512 16*[ int ] =
    /// Int512;`) → `[u8; N]`, N bytes in wire order.
    Fixed(usize),
    /// `Bool` → `bool` (boxed: boolTrue/boolFalse)
    Bool,
}

impl Primitive {
    /// The Rust type, as generated code and its documentation spell it.
    pub fn rust_type(self) -> Cow<'static, str> {
        Cow::Borrowed(match self {
            Primitive::Int => "i32",
            Primitive::Long => "i64",
            Primitive::Double => "f64",
            Primitive::Nat => "u32",
            Primitive::String => "::std::string::String",
            Primitive::Bytes => "::std::vec::Vec<u8>",
            Primitive::Fixed(bytes) => return Cow::Owned(format!("[u8; {bytes}]")),
            Primitive::Bool => "bool",
        })
    }

    /// The primitive a TL type name stands for (case of the first letter aside; `Bool` is boxed
    /// only). Repetitions (`int128`, `int256`, …) depend on the schema: see [`fixed_sizes`].
    pub fn from_tl(name: &Name) -> Option<Primitive> {
        if !name.namespace.is_empty() {
            return None;
        }
        Some(match name.name.as_str() {
            "int" | "Int" | "int32" | "Int32" => Primitive::Int,
            "long" | "Long" | "int53" | "Int53" | "int64" | "Int64" => Primitive::Long,
            "double" | "Double" => Primitive::Double,
            "string" | "String" => Primitive::String,
            "bytes" | "Bytes" => Primitive::Bytes,
            "Bool" => Primitive::Bool,
            "#" => Primitive::Nat,
            _ => return None,
        })
    }
}

/// The byte size of each repetition type of `schema`, by both its names (`int512` and
/// `Int512` for `int512 16*[ int ] = Int512;`), or why the generator cannot map it. TL's
/// standard `int128 4*[ int ] = Int128;` and `int256 8*[ int ] = Int256;`
/// (core.telegram.org/mtproto/serialize) are known without a declaration: Telegram's api.tl uses
/// them undeclared.
pub fn fixed_sizes(schema: &Schema) -> HashMap<String, Result<usize, String>> {
    let mut sizes: HashMap<String, Result<usize, String>> = HashMap::new();
    for (names, bytes) in [(["int128", "Int128"], 16), (["int256", "Int256"], 32)] {
        for name in names {
            sizes.insert(name.to_owned(), Ok(bytes));
        }
    }
    for def in &schema.definitions {
        let Some((count, element)) = def.repetition() else {
            continue;
        };
        // `int` and its aliases (`int32`), `long` and its (`int53`, `int64`; tonlib's
        // `int256 8*[ int32 ] = Int256;`).
        let element_bytes = match Primitive::from_tl(&element.name) {
            _ if element.generic_arg.is_some() => None,
            Some(Primitive::Int) => Some(4),
            Some(Primitive::Long) => Some(8),
            _ => None,
        };
        let size = match element_bytes {
            Some(bytes) => Ok(bytes * count as usize),
            None => {
                let file = schema
                    .files
                    .get(def.location.file)
                    .map_or("", String::as_str);
                Err(format!(
                    "{file}:{}:{}: `{}` repeats `{element}`, which has no fixed size; \
                     tlforge-codegen maps repetitions of `int` and `long` (and their aliases) only",
                    def.location.line, def.location.column, def.text
                ))
            }
        };
        for name in [def.name.to_string(), def.result.name.to_string()] {
            sizes.insert(name, size.clone());
        }
    }
    sizes
}

/// The MTProto auth-key exchange constructors and functions whose `string` fields carry binary
/// data (big-endian numbers, encrypted blobs): "pq is a representation of a natural number (in
/// binary big endian format)" (core.telegram.org/mtproto/auth_key). tdesktop's and Telethon's
/// mtproto.tl declare them `string`; they are generated as `Vec<u8>` so that any bytes decode.
pub const BINARY_STRINGS: &[&str] = &[
    "resPQ",
    "p_q_inner_data",
    "p_q_inner_data_dc",
    "p_q_inner_data_temp",
    "p_q_inner_data_temp_dc",
    "server_DH_params_ok",
    "server_DH_inner_data",
    "client_DH_inner_data",
    "req_DH_params",
    "set_client_DH_params",
];

/// Whether the `string` fields of `def` are binary by its schema's convention ([`BINARY_STRINGS`]).
pub fn has_binary_strings(def: &Definition) -> bool {
    def.name.namespace.is_empty() && BINARY_STRINGS.contains(&def.name.name.as_str())
}

/// How a value of some TL type is represented in Rust.
#[derive(Debug, Clone, PartialEq)]
pub enum RustType {
    Primitive(Primitive),
    /// A boxed type: `enums::…` (written with its constructor id).
    Enum(ItemPath),
    /// A bare constructor (`future_salt`, `%Message`): `types::…` written without id.
    Bare(ItemPath),
    /// `Vector<T>` (boxed) or `vector<T>` (bare).
    Vector {
        boxed: bool,
        item: Box<RustType>,
    },
    /// `!X` / `X` of a `{X:Type}` parameter: a generic type parameter.
    Generic(String),
    /// `true` (only meaningful under a flag).
    True,
    /// `Object` where the schema does not declare it: any boxed value, kept as raw bytes
    /// (`tlforge_runtime::Object`; MTProto's `rpc_result`, `message`). A schema that declares
    /// `object ? = Object;` (TON, TDLib) gets the enum [`ANY_OBJECT`] instead.
    Object,
}

/// The boxed type of "any constructor of the schema", where a schema declares
/// `object ? = Object;` (TON's and TDLib's schemas): an enum with one variant per constructor.
pub const ANY_OBJECT: &str = "Object";
/// The boxed type of "any function of the schema" (`function ? = Function;`): an enum with one
/// variant per function.
pub const ANY_FUNCTION: &str = "Function";

impl RustType {
    /// True when `tlforge_runtime::Serializable`/`Deserializable` implement the exact wire form of this
    /// type, so generated code can call the trait; false when it needs a helper.
    pub fn has_trait_impl(&self) -> bool {
        match self {
            RustType::Primitive(_)
            | RustType::Enum(_)
            | RustType::Generic(_)
            | RustType::Object => true,
            RustType::Vector { boxed, item } => *boxed && item.has_trait_impl(),
            RustType::Bare(_) | RustType::True => false,
        }
    }

    /// True when a value of this type holds a fixed-size byte array (`int128`, `int256`, a
    /// vector of them): its `Debug` is written through `tlforge_runtime::Hex`.
    pub fn holds_fixed_bytes(&self) -> bool {
        match self {
            RustType::Primitive(Primitive::Fixed(_)) => true,
            RustType::Vector { item, .. } => item.holds_fixed_bytes(),
            _ => false,
        }
    }

    /// True when a value of this type can hold an `f64`, given the items that can
    /// ([`RustSchema::items_holding_floats`]).
    pub fn holds_float(&self, items: &HashSet<ItemPath>) -> bool {
        match self {
            RustType::Primitive(primitive) => *primitive == Primitive::Double,
            RustType::Enum(path) | RustType::Bare(path) => items.contains(path),
            RustType::Vector { item, .. } => item.holds_float(items),
            RustType::Generic(_) | RustType::True | RustType::Object => false,
        }
    }
}

/// A problem that stops generation (the schema parsed, but cannot be expressed in Rust).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unsupported {
    pub definition: String,
    pub message: String,
}

/// The schema seen from Rust.
pub struct RustSchema<'s> {
    pub schema: &'s Schema,
    /// Definitions that get a struct, by index into `schema.definitions`.
    pub items: Vec<usize>,
    /// Struct path of each emitted definition.
    pub paths: HashMap<usize, ItemPath>,
    /// Boxed type (full TL name) → enum path and constructors (indices), in file order.
    pub enums: BTreeMap<String, (ItemPath, Vec<usize>)>,
    /// Enum variants (definition index) whose payload is boxed: to break a cycle, or because
    /// the constructor is large.
    pub boxed_variants: HashSet<usize>,
    /// Constructor TL name → definition index.
    constructors: HashMap<String, usize>,
    /// Repetition types ([`fixed_sizes`]).
    fixed: HashMap<String, Result<usize, String>>,
    /// The schema declares `object ? = Object;`: `Object` is the enum [`ANY_OBJECT`].
    any_object: bool,
    /// The schema declares `function ? = Function;`: `Function` is the enum [`ANY_FUNCTION`].
    any_function: bool,
    options: ModelOptions,
}

/// The user's choices that change the Rust model (from `Config`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ModelOptions {
    /// Every `string` is `Vec<u8>`, as if declared `bytes` (TON's schemas carry binary data in
    /// `string` throughout).
    pub strings_as_bytes: bool,
    /// An object-typed field whose TDLib documentation says it may be null is an `Option`
    /// ([`documents_null`]): in TDLib's JSON a null object is a missing key (`Config::json`).
    pub nullable_objects: bool,
    /// Box every enum variant that holds an object or more than three words (24 bytes) of
    /// fields, not only the large and cyclic ones (`Config::json`): TDLib's objects nest deeply
    /// through lowercase-named (inline) types, and an enum is as large as its largest variant
    /// (td_api's `Update` was 26 KB, copied at every move of a decode).
    pub box_object_variants: bool,
}

/// The fields a variant keeps inline under [`ModelOptions::box_object_variants`]: three
/// words (one `String` or `Vec`, or a few numbers), so that such an enum is four words.
const SMALL_VARIANT_BYTES: usize = 24;

/// Whether a TDLib parameter description says the value may be null: td_api.tl writes "may be
/// null", "pass null …", "null if …", "or null"; any mention of `null` in a field's own
/// description counts, since an `Option` that is always `Some` costs a match where a
/// non-`Option` that TDLib leaves out fails the whole decode.
pub fn documents_null(description: &str) -> bool {
    description
        .split(|c: char| !c.is_ascii_alphanumeric())
        .any(|word| word.eq_ignore_ascii_case("null") || word.eq_ignore_ascii_case("nullable"))
}

/// Enum variants whose constructor has more fields than this hold a `Box`.
const BOX_VARIANT_FIELDS: usize = 8;

/// Boxed types that map to Rust primitives or runtime types; their constructors generate
/// nothing (`boolTrue`, `gzip_packed#3072cfa1 packed_data:bytes = Object`).
fn is_primitive_type(name: &Name) -> bool {
    Primitive::from_tl(name).is_some() || is_runtime_type(name)
}

/// `Vector`, `True` and `Object` are implemented by the runtime.
fn is_runtime_type(name: &Name) -> bool {
    name.namespace.is_empty() && matches!(name.name.as_str(), "Vector" | "True" | "Object")
}

/// True for `Object`, the type of "any boxed value" (service_messages: `rpc_result`, `message`).
pub fn is_object(ty: &Type) -> bool {
    ty.generic_arg.is_none() && ty.name.namespace.is_empty() && ty.name.name == "Object"
}

/// An unconditional `int` immediately followed by an unconditional `Object`: the object's byte
/// length, computed from the object rather than stored (`message msg_id:long seqno:int
/// bytes:int body:Object`, core.telegram.org/mtproto/service_messages).
pub fn is_object_length(def: &Definition, index: usize) -> bool {
    let unconditional = |i: usize, check: &dyn Fn(&Type) -> bool| {
        matches!(def.params.get(i).map(|p| &p.kind),
            Some(ParameterKind::Value { ty, flag: None }) if check(ty))
    };
    unconditional(index, &|ty| {
        ty.generic_arg.is_none() && ty.name.namespace.is_empty() && ty.name.name == "int"
    }) && unconditional(index + 1, &is_object)
}

/// How one Rust field of a definition's struct is stored.
pub enum FieldKind {
    /// A required value.
    Plain(RustType),
    /// `name:F.N?T`: `Option<T>`.
    Optional(RustType),
    /// `name:F.N?true`, or several of them on one bit: the bit itself, `bool`.
    Bit,
    /// Several fields on one bit, some of them values: `Option<Group>` so they cannot
    /// disagree; `true` members are implied by the group's presence. The members are the
    /// values: (parameter index, type).
    Group { members: Vec<(usize, RustType)> },
}

impl FieldKind {
    /// True when the field itself holds a fixed-size byte array (a group's members are its
    /// struct's own fields).
    pub fn holds_fixed_bytes(&self) -> bool {
        match self {
            FieldKind::Plain(ty) | FieldKind::Optional(ty) => ty.holds_fixed_bytes(),
            FieldKind::Bit | FieldKind::Group { .. } => false,
        }
    }
}

/// One field of a definition's struct.
pub struct Field {
    /// Index of the parameter that names the field.
    pub param: usize,
    /// The Rust field name.
    pub ident: String,
    pub kind: FieldKind,
    /// (flags parameter index, bit) for conditional fields.
    pub flag: Option<(usize, u32)>,
}

/// One step of the wire format, in declaration order.
pub enum Step {
    /// The flags word at parameter `usize`.
    Flags(usize),
    /// A whole field (index into fields).
    Field(usize),
    /// A member of a group field: (field index, parameter index, type).
    Member(usize, usize, RustType),
    /// An `int` giving the byte length of the `Object` field that follows (index into fields
    /// of that field), as in `message msg_id:long seqno:int bytes:int body:Object`. It is
    /// computed from the object, not stored.
    ObjectLength(usize),
}

/// How a definition's parameters become the fields of its struct, and the order they are
/// written in: flags words and the length of a sized `Object` are not stored (but the bits of a
/// flags word no field names are, see [`UnknownBits`]), parameters sharing one flag bit are one
/// field.
pub struct FieldPlan {
    pub fields: Vec<Field>,
    pub steps: Vec<Step>,
    /// One per flags word, in declaration order.
    pub unknown_bits: Vec<UnknownBits>,
}

/// The struct field keeping the bits of one flags word that no parameter names (a newer layer's,
/// or a server's own), so that a decoded value re-encodes to the bytes it was read from.
pub struct UnknownBits {
    /// Index of the flags parameter.
    pub param: usize,
    /// The Rust field name: `unknown_` + the flags word's name (`unknown_flags`,
    /// `unknown_flags2`), followed by `_` until no other field has it.
    pub ident: String,
    /// The bits of the word that parameters name.
    pub known_mask: u32,
}

impl<'s> RustSchema<'s> {
    pub fn new(schema: &'s Schema) -> Result<RustSchema<'s>, Vec<Unsupported>> {
        Self::with_options(schema, ModelOptions::default())
    }

    pub fn with_options(
        schema: &'s Schema,
        options: ModelOptions,
    ) -> Result<RustSchema<'s>, Vec<Unsupported>> {
        let mut items = Vec::new();
        let mut paths = HashMap::new();
        let mut enums: BTreeMap<String, (ItemPath, Vec<usize>)> = BTreeMap::new();
        let mut constructors = HashMap::new();
        for (index, def) in schema.definitions.iter().enumerate() {
            if def.builtin
                || is_primitive_type(&def.result.name) && def.category == Category::Constructor
            {
                continue;
            }
            let root = match def.category {
                Category::Constructor => Root::Types,
                Category::Function => Root::Functions,
            };
            let path = ItemPath {
                root,
                modules: def
                    .name
                    .namespace
                    .iter()
                    .map(|ns| naming::module_name(ns))
                    .collect(),
                name: naming::type_name(&def.name.name),
            };
            items.push(index);
            paths.insert(index, path);
            if def.category == Category::Constructor {
                constructors.insert(def.name.to_string(), index);
                let type_name = def.result.name.to_string();
                let entry = enums.entry(type_name).or_insert_with(|| {
                    let path = ItemPath {
                        root: Root::Enums,
                        modules: def
                            .result
                            .name
                            .namespace
                            .iter()
                            .map(|ns| naming::module_name(ns))
                            .collect(),
                        name: naming::type_name(&def.result.name.name),
                    };
                    (path, Vec::new())
                });
                entry.1.push(index);
            }
        }
        // `object ? = Object;` / `function ? = Function;`: the enums of "any constructor" and
        // "any function" (generic items cannot be variants: their parameter is unknown there).
        let declares = |name: &str| {
            schema.definitions.iter().any(|d| {
                d.builtin
                    && d.result.generic_arg.is_none()
                    && d.result.name.namespace.is_empty()
                    && d.result.name.name == name
            })
        };
        let any_object = declares(ANY_OBJECT);
        let any_function = declares(ANY_FUNCTION);
        for (declared, name, category) in [
            (any_object, ANY_OBJECT, Category::Constructor),
            (any_function, ANY_FUNCTION, Category::Function),
        ] {
            if !declared {
                continue;
            }
            let members = items
                .iter()
                .copied()
                .filter(|&i| {
                    let def = &schema.definitions[i];
                    def.category == category && def.type_params.is_empty()
                })
                .collect();
            let path = ItemPath {
                root: Root::Enums,
                modules: Vec::new(),
                name: name.to_owned(),
            };
            enums.insert(name.to_owned(), (path, members));
        }
        let mut rust = RustSchema {
            schema,
            items,
            paths,
            enums,
            boxed_variants: HashSet::new(),
            constructors,
            fixed: fixed_sizes(schema),
            any_object,
            any_function,
            options,
        };
        let mut problems = Vec::new();
        for &index in &rust.items {
            let def = &schema.definitions[index];
            for param in &def.params {
                if let ParameterKind::Value { ty, .. } = &param.kind
                    && let Err(message) = rust.rust_type(def, ty)
                {
                    problems.push(Unsupported {
                        definition: def.name.to_string(),
                        message,
                    });
                }
            }
            if def.category == Category::Function
                && let Err(message) = rust.rust_type(def, &def.result)
            {
                problems.push(Unsupported {
                    definition: def.name.to_string(),
                    message,
                });
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        rust.boxed_variants = rust.find_cycles();
        // Large constructors are boxed too: an enum is as big as its largest variant, and
        // `types::Message` inline is ~2.4 KB, moved several times per decoded message.
        for (_, ctors) in rust.enums.values() {
            for &ctor in ctors {
                let fields = schema.definitions[ctor]
                    .params
                    .iter()
                    .filter(|p| matches!(p.kind, ParameterKind::Value { .. }))
                    .count();
                if fields > BOX_VARIANT_FIELDS {
                    rust.boxed_variants.insert(ctor);
                }
                if rust.options.box_object_variants
                    && rust.inline_field_bytes(ctor) > SMALL_VARIANT_BYTES
                {
                    rust.boxed_variants.insert(ctor);
                }
            }
        }
        Ok(rust)
    }

    /// About the bytes the definition's fields take inline, an object counting as more than
    /// [`SMALL_VARIANT_BYTES`] (its size is its own fields', a chain of them).
    fn inline_field_bytes(&self, index: usize) -> usize {
        let def = &self.schema.definitions[index];
        def.params
            .iter()
            .map(|param| match &param.kind {
                ParameterKind::Value { ty, .. } => match self.rust_type(def, ty) {
                    Ok(RustType::Primitive(primitive)) => match primitive {
                        Primitive::Bool => 1,
                        Primitive::Int | Primitive::Nat => 4,
                        Primitive::Long | Primitive::Double => 8,
                        Primitive::String | Primitive::Bytes => 24,
                        Primitive::Fixed(bytes) => bytes,
                    },
                    Ok(RustType::Enum(_) | RustType::Bare(_)) => SMALL_VARIANT_BYTES + 1,
                    _ => 24,
                },
                ParameterKind::Nat => 4,
                ParameterKind::Repeated { .. } => 0,
            })
            .sum()
    }

    /// The Rust representation of `ty` as used inside `def`.
    pub fn rust_type(&self, def: &Definition, ty: &Type) -> Result<RustType, String> {
        if ty.type_param || ty.bang {
            if def.type_params.iter().any(|p| p.name == ty.name.name) {
                return Ok(RustType::Generic(ty.name.name.clone()));
            }
            return Err(format!("`{ty}` does not name a type parameter"));
        }
        if let Some(arg) = &ty.generic_arg {
            let lower = ty.name.name.as_str();
            if ty.name.namespace.is_empty() && (lower == "Vector" || lower == "vector") {
                let item = self.rust_type(def, arg)?;
                if item == RustType::Object {
                    // Nothing in an `Object`'s bytes says where it ends: each item would take
                    // the rest of the input, and two different vectors would share one encoding.
                    return Err(format!(
                        "`{ty}`: a vector of `Object` cannot be decoded (an `Object`'s length is \
                         not in its bytes)"
                    ));
                }
                return Ok(RustType::Vector {
                    boxed: lower == "Vector" && !ty.percent,
                    item: Box::new(item),
                });
            }
            return Err(format!("generic type `{ty}` is not supported"));
        }
        if ty.name.namespace.is_empty() && matches!(ty.name.name.as_str(), "true" | "True") {
            return Ok(RustType::True);
        }
        if let Some(primitive) = Primitive::from_tl(&ty.name) {
            let binary = self.options.strings_as_bytes || has_binary_strings(def);
            return Ok(RustType::Primitive(match primitive {
                Primitive::String if binary => Primitive::Bytes,
                other => other,
            }));
        }
        let full = ty.name.to_string();
        if let Some(size) = self.fixed.get(&full) {
            return size
                .clone()
                .map(|bytes| RustType::Primitive(Primitive::Fixed(bytes)));
        }
        if ty.name.namespace.is_empty() {
            let any = match ty.name.name.as_str() {
                "Object" | "object" if self.any_object => Some(ANY_OBJECT),
                "Function" | "function" if self.any_function => Some(ANY_FUNCTION),
                _ => None,
            };
            if let Some((path, _)) = any.and_then(|name| self.enums.get(name)) {
                return Ok(RustType::Enum(path.clone()));
            }
        }
        if is_object(ty) {
            return Ok(RustType::Object);
        }
        if ty.name.is_uppercase() {
            let (enum_path, ctors) = self
                .enums
                .get(&full)
                .ok_or_else(|| format!("type `{full}` has no constructors"))?;
            if ty.percent {
                // `%T`: the bare form of a boxed type with exactly one constructor.
                return match ctors.as_slice() {
                    [only] => Ok(RustType::Bare(self.paths[only].clone())),
                    _ => Err(format!(
                        "`%{full}` needs exactly one constructor, `{full}` has {}",
                        ctors.len()
                    )),
                };
            }
            return Ok(RustType::Enum(enum_path.clone()));
        }
        match self.constructors.get(&full) {
            Some(index) => Ok(RustType::Bare(self.paths[index].clone())),
            None => Err(format!("bare type `{full}` is not a constructor")),
        }
    }

    /// The fields of the struct generated for `def` and its wire steps.
    pub fn field_plan(&self, def: &Definition) -> FieldPlan {
        let mut groups: BTreeMap<(usize, u32), Vec<usize>> = BTreeMap::new();
        let mut flag_words = HashSet::new();
        for (index, param) in def.params.iter().enumerate() {
            if let ParameterKind::Value {
                flag: Some(flag), ..
            } = &param.kind
            {
                groups
                    .entry((flag.field_index, flag.bit))
                    .or_default()
                    .push(index);
                flag_words.insert(flag.field_index);
            }
        }
        let field = |param: usize, kind, flag| Field {
            param,
            ident: naming::ident(&naming::field_name(&def.params[param].name)),
            kind,
            flag,
        };
        // `new` rejected schemas with types Rust cannot express, so this never falls back.
        let value_type = |param: usize| match &def.params[param].kind {
            ParameterKind::Value { ty, .. } => self.rust_type(def, ty).unwrap_or(RustType::True),
            _ => RustType::True,
        };
        let mut fields = Vec::new();
        let mut steps = Vec::new();
        let mut group_field: HashMap<(usize, u32), usize> = HashMap::new();
        let mut sized_object = false;
        for (index, param) in def.params.iter().enumerate() {
            if sized_object {
                // The `Object` after its length: read with the length, otherwise plain.
                sized_object = false;
                steps.push(Step::ObjectLength(fields.len()));
                fields.push(field(index, FieldKind::Plain(RustType::Object), None));
                continue;
            }
            // MTProto's sized `Object`; where `Object` is the any-object enum, its length is
            // that of what the enum holds, and an `int` before it is a field like any other.
            if !self.any_object && is_object_length(def, index) {
                sized_object = true;
                continue;
            }
            match &param.kind {
                ParameterKind::Nat if flag_words.contains(&index) => steps.push(Step::Flags(index)),
                ParameterKind::Nat => {
                    steps.push(Step::Field(fields.len()));
                    let nat = RustType::Primitive(Primitive::Nat);
                    fields.push(field(index, FieldKind::Plain(nat), None));
                }
                ParameterKind::Value { flag: None, .. } => {
                    steps.push(Step::Field(fields.len()));
                    let ty = value_type(index);
                    let nullable = self.options.nullable_objects
                        && matches!(ty, RustType::Enum(_) | RustType::Bare(_))
                        && def
                            .doc
                            .params
                            .get(&param.name)
                            .is_some_and(|text| documents_null(text));
                    let kind = if nullable {
                        FieldKind::Optional(ty)
                    } else {
                        FieldKind::Plain(ty)
                    };
                    fields.push(field(index, kind, None));
                }
                ParameterKind::Value {
                    flag: Some(flag), ..
                } => {
                    let ty = value_type(index);
                    let key = (flag.field_index, flag.bit);
                    let members = &groups[&key];
                    if members.len() == 1 {
                        steps.push(Step::Field(fields.len()));
                        let kind = if ty == RustType::True {
                            FieldKind::Bit
                        } else {
                            FieldKind::Optional(ty)
                        };
                        fields.push(field(index, kind, Some(key)));
                        continue;
                    }
                    let field_index = *group_field.entry(key).or_insert_with(|| {
                        let typed: Vec<(usize, RustType)> =
                            members.iter().map(|&i| (i, value_type(i))).collect();
                        // Named after the `true` member if there is one (it says what the
                        // group means: `bot`, `restricted`), else after the first member.
                        let naming_param = typed
                            .iter()
                            .find(|(_, ty)| *ty == RustType::True)
                            .unwrap_or(&typed[0])
                            .0;
                        let values: Vec<(usize, RustType)> = typed
                            .into_iter()
                            .filter(|(_, ty)| *ty != RustType::True)
                            .collect();
                        let kind = if values.is_empty() {
                            FieldKind::Bit
                        } else {
                            FieldKind::Group { members: values }
                        };
                        steps.push(Step::Field(fields.len()));
                        fields.push(field(naming_param, kind, Some(key)));
                        fields.len() - 1
                    });
                    if ty != RustType::True {
                        steps.push(Step::Member(field_index, index, ty));
                    }
                }
                ParameterKind::Repeated { .. } => {}
            }
        }
        let unknown_bits = steps
            .iter()
            .filter_map(|step| match step {
                Step::Flags(param) => Some(*param),
                _ => None,
            })
            .map(|param| {
                let mut ident = naming::ident(&format!(
                    "unknown_{}",
                    naming::field_name(&def.params[param].name)
                ));
                while fields.iter().any(|f: &Field| f.ident == ident) {
                    ident.push('_');
                }
                let known_mask = groups
                    .keys()
                    .filter(|(word, _)| *word == param)
                    .fold(0, |mask, (_, bit)| {
                        mask | 1u32.checked_shl(*bit).unwrap_or(0)
                    });
                UnknownBits {
                    param,
                    ident,
                    known_mask,
                }
            })
            .collect();
        FieldPlan {
            fields,
            steps,
            unknown_bits,
        }
    }

    /// The definition at `index`.
    pub fn def(&self, index: usize) -> &'s Definition {
        &self.schema.definitions[index]
    }

    /// The constructor of TL name `tl_name` (`auth.sentCode`) that has a struct, by definition
    /// index.
    pub fn constructor(&self, tl_name: &str) -> Option<usize> {
        self.constructors.get(tl_name).copied()
    }

    /// The variant name of each of `members` (constructors of one enum): the struct's name,
    /// qualified by its namespaces where several members share it (`raw.getAccountState` →
    /// `RawGetAccountState` next to `getAccountState` → `GetAccountState`). Among members that
    /// share a name, one outside any namespace keeps the plain name, else the first does; a
    /// name still taken gets a number.
    pub fn variant_names(&self, members: &[usize]) -> Vec<String> {
        let plain: Vec<&str> = members
            .iter()
            .map(|i| self.paths[i].name.as_str())
            .collect();
        let mut count: HashMap<&str, usize> = HashMap::new();
        for name in &plain {
            *count.entry(name).or_default() += 1;
        }
        // The member that keeps each shared name.
        let mut keeper: HashMap<&str, usize> = HashMap::new();
        for (k, &index) in members.iter().enumerate() {
            let root = self.def(index).name.namespace.is_empty();
            let entry = keeper.entry(plain[k]).or_insert(k);
            if root && !self.def(members[*entry]).name.namespace.is_empty() {
                *entry = k;
            }
        }
        let mut used = HashSet::new();
        let mut names = Vec::with_capacity(members.len());
        for (k, &index) in members.iter().enumerate() {
            let mut name = if count[plain[k]] == 1 || keeper[plain[k]] == k {
                plain[k].to_owned()
            } else {
                let def = self.def(index);
                def.name
                    .namespace
                    .iter()
                    .map(|ns| naming::type_name(ns))
                    .chain([plain[k].to_owned()])
                    .collect()
            };
            let base = name.clone();
            let mut n = 2;
            while !used.insert(name.clone()) {
                name = format!("{base}{n}");
                n += 1;
            }
            names.push(name);
        }
        names
    }

    /// Whether the boxed type `tl_name` is [`ANY_OBJECT`] or [`ANY_FUNCTION`] of this schema
    /// (an enum over every constructor or function rather than a type's own constructors).
    pub fn is_any_type(&self, tl_name: &str) -> bool {
        (self.any_object && tl_name == ANY_OBJECT) || (self.any_function && tl_name == ANY_FUNCTION)
    }

    /// The items as a graph: node `i < definitions.len()` is the struct of definition `i`,
    /// node `definitions.len() + k` the `k`-th enum of [`RustSchema::enums`]. An enum points at
    /// its constructors, a struct at the items its fields hold: with [`References::ByValue`]
    /// only those stored by value (not through `Vec`), with [`References::Held`] also through
    /// vectors, with [`References::All`] also, for functions, the return type.
    pub fn item_graph(&self, references: References) -> Vec<Vec<usize>> {
        let defs = self.schema.definitions.len();
        let enum_node: HashMap<&ItemPath, usize> = self
            .enums
            .values()
            .enumerate()
            .map(|(k, (path, _))| (path, defs + k))
            .collect();
        let struct_node: HashMap<&ItemPath, usize> =
            self.paths.iter().map(|(&i, path)| (path, i)).collect();
        let mut edges: Vec<Vec<usize>> = vec![Vec::new(); defs + self.enums.len()];
        for &index in &self.items {
            let def = self.def(index);
            let params = def.params.iter().filter_map(|param| match &param.kind {
                ParameterKind::Value { ty, .. } => Some(ty),
                _ => None,
            });
            let result = (references == References::All && def.category == Category::Function)
                .then_some(&def.result);
            for ty in params.chain(result) {
                let Ok(mut ty) = self.rust_type(def, ty) else {
                    continue;
                };
                if references != References::ByValue {
                    while let RustType::Vector { item, .. } = ty {
                        ty = *item;
                    }
                }
                let target = match ty {
                    RustType::Enum(path) => enum_node.get(&path).copied(),
                    RustType::Bare(path) => struct_node.get(&path).copied(),
                    _ => None,
                };
                edges[index].extend(target);
            }
        }
        for (k, (_, ctors)) in self.enums.values().enumerate() {
            edges[defs + k].extend(ctors.iter().copied());
        }
        edges
    }

    /// The structs and enums whose values can hold an `f64`: a `double` field, or a field
    /// (through vectors too) of an item that can. `f64` is neither `Eq` nor `Hash`, so these
    /// cannot derive them; a generic parameter (`!X`) leaves it to the argument.
    pub fn items_holding_floats(&self) -> HashSet<ItemPath> {
        let defs = self.schema.definitions.len();
        let edges = self.item_graph(References::Held);
        let mut holders: Vec<Vec<usize>> = vec![Vec::new(); edges.len()];
        for (node, targets) in edges.iter().enumerate() {
            for &target in targets {
                holders[target].push(node);
            }
        }
        let mut floats = vec![false; edges.len()];
        let mut stack: Vec<usize> = Vec::new();
        for &index in &self.items {
            let def = self.def(index);
            let double = def.params.iter().any(|param| match &param.kind {
                ParameterKind::Value { ty, .. } => self
                    .rust_type(def, ty)
                    .is_ok_and(|ty| ty.holds_float(&HashSet::new())),
                _ => false,
            });
            if double {
                floats[index] = true;
                stack.push(index);
            }
        }
        while let Some(node) = stack.pop() {
            for &holder in &holders[node] {
                if !floats[holder] {
                    floats[holder] = true;
                    stack.push(holder);
                }
            }
        }
        let enum_paths: Vec<&ItemPath> = self.enums.values().map(|(path, _)| path).collect();
        (0..edges.len())
            .filter(|&node| floats[node])
            .filter_map(|node| match node.checked_sub(defs) {
                Some(k) => enum_paths.get(k).copied(),
                None => self.paths.get(&node),
            })
            .cloned()
            .collect()
    }

    /// Enum variants whose struct contains the enum itself by value (directly or through
    /// other structs and enums), so the variant must hold a `Box` to have a finite size.
    /// A variant edge enum → struct lies on a cycle iff both ends share a strongly connected
    /// component of the by-value graph (fields through `Vec` or generics do not count).
    fn find_cycles(&self) -> HashSet<usize> {
        let defs = self.schema.definitions.len();
        let component = strongly_connected_components(&self.item_graph(References::ByValue));
        let mut boxed = HashSet::new();
        for (k, (_, ctors)) in self.enums.values().enumerate() {
            for &ctor in ctors {
                if component[ctor] == component[defs + k] {
                    boxed.insert(ctor);
                }
            }
        }
        boxed
    }
}

/// Which references between items [`RustSchema::item_graph`] follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum References {
    /// Fields that hold the item itself: what decides an item's size.
    ByValue,
    /// What a value of an item holds: fields, vectors too (not a function's return type).
    Held,
    /// Everything an item needs to compile: fields (vectors too) and return types.
    All,
}

/// Kosaraju's algorithm with explicit stacks (schemas are large; no recursion).
/// Returns the component number of every node, numbered in topological order: an edge never
/// points to a component numbered lower than its own (the roots are taken by decreasing
/// finishing time, so each new component has no edge into an earlier one).
pub(crate) fn strongly_connected_components(edges: &[Vec<usize>]) -> Vec<usize> {
    let n = edges.len();
    let mut order = Vec::with_capacity(n);
    let mut visited = vec![false; n];
    for start in 0..n {
        if visited[start] {
            continue;
        }
        visited[start] = true;
        let mut stack = vec![(start, 0usize)];
        while let Some((node, next)) = stack.pop() {
            if let Some(&target) = edges[node].get(next) {
                stack.push((node, next + 1));
                if !visited[target] {
                    visited[target] = true;
                    stack.push((target, 0));
                }
            } else {
                order.push(node);
            }
        }
    }
    let mut reverse = vec![Vec::new(); n];
    for (from, targets) in edges.iter().enumerate() {
        for &to in targets {
            reverse[to].push(from);
        }
    }
    let mut component = vec![usize::MAX; n];
    let mut count = 0;
    for &root in order.iter().rev() {
        if component[root] != usize::MAX {
            continue;
        }
        component[root] = count;
        let mut stack = vec![root];
        while let Some(node) = stack.pop() {
            for &from in &reverse[node] {
                if component[from] == usize::MAX {
                    component[from] = count;
                    stack.push(from);
                }
            }
        }
        count += 1;
    }
    component
}
