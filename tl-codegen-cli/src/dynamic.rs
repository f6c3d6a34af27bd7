//! Decoding TL bytes with a schema at run time, without generated code: what `tlforge decode`
//! prints when a client desyncs and all there is is a hex dump.
//!
//! The result is a [`Value`] whose JSON ([`Value::to_json`]) follows the conventions of the
//! serialization vectors (`tests/fixtures/vectors/README.md`):
//!
//! | TL | JSON |
//! |---|---|
//! | `int` | number |
//! | `long` | decimal string |
//! | `double` | number (`"NaN"`, `"Infinity"`, `"-Infinity"` as strings) |
//! | `int128`, `int256` | hex string of the bytes in wire order |
//! | `string` | string |
//! | `bytes` | `{"hex": "..."}` |
//! | `Bool` | `true` / `false` |
//! | `flags.N?true` | `true` / `false` |
//! | absent optional field | `null` |
//! | `Vector<T>`, `vector<T>` | array |
//! | object (boxed, bare, `!X`, `Object`) | `{"_": "<tl name>", ...fields in TL order}` |
//!
//! `#` fields are left out, as in the vectors: flags words follow from the optional fields (the
//! three `flags:#` of the Telegram API that no field refers to are left out too), and so is the
//! `int` that gives the byte length of the `Object` after it (`message … bytes:int body:Object`).
//!
//! Decoding goes through [`tlforge_runtime::Reader`], so it fails exactly where generated decoders do,
//! with the same byte offsets: truncated input, bad `string`/`bytes` lengths or padding, invalid
//! UTF-8 in a `string`, vector counts larger than the remaining input, constructor ids that are
//! not the expected type's, bytes left over. Nesting is bounded by the reader's depth limit; a
//! `gzip_packed` value where a boxed value is expected is unpacked (bounded, like tlforge-runtime)
//! when tlforge-runtime's `gzip` feature is on (this crate's `cli` feature turns it on); otherwise it
//! is an error. Nothing here panics on any input.

use std::collections::HashMap;
use std::fmt;

use tlforge_parser::{Category, Definition, ParameterKind, Schema, Type};
use tlforge_runtime::{
    BOOL_FALSE_ID, BOOL_TRUE_ID, Deserializable, GZIP_PACKED_ID, Reader, VECTOR_ID,
};

use tlforge_codegen::rust_model::{Primitive, has_binary_strings, is_object_length};

/// A decoded TL value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// An absent optional field.
    Null,
    /// `Bool`, or a `flags.N?true` field.
    Bool(bool),
    /// `int`.
    Int(i64),
    /// `long` (a decimal string in JSON).
    Long(i64),
    /// `double`.
    Double(f64),
    /// `string`.
    String(String),
    /// `bytes` (`{"hex": …}` in JSON).
    Bytes(Vec<u8>),
    /// `int128` / `int256` (a hex string in JSON).
    Raw(Vec<u8>),
    /// `Vector<T>` / `vector<T>`.
    Array(Vec<Value>),
    /// A constructor or function with its fields, in TL order.
    Object {
        /// TL name (`auth.sentCode`).
        name: String,
        /// Field name and value (`#` fields left out).
        fields: Vec<(String, Value)>,
    },
}

fn hex(bytes: &[u8]) -> String {
    use fmt::Write as _;
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(out, "{b:02x}");
    }
    out
}

impl Value {
    /// The field `name` of an object.
    pub fn field(&self, name: &str) -> Option<&Value> {
        match self {
            Value::Object { fields, .. } => fields.iter().find(|(n, _)| n == name).map(|(_, v)| v),
            _ => None,
        }
    }

    /// JSON on one line (`{"_": "auth.cancelCode", "phone_number": "…"}`).
    pub fn to_json(&self) -> String {
        crate::json::line(self)
    }

    /// JSON indented by two spaces per level.
    pub fn to_json_pretty(&self) -> String {
        crate::json::pretty(self)
    }
}

/// The JSON form (as tlforge-types' serde feature writes it): `long` as a decimal string, `bytes` as
/// `{"hex": …}`, `int128`/`int256` as a hex string, a NaN or infinite `double` as a string,
/// objects tagged with their TL name under `"_"`.
impl serde::Serialize for Value {
    fn serialize<S: serde::Serializer>(
        &self,
        serializer: S,
    ) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::{SerializeMap, SerializeSeq};
        match self {
            Value::Null => serializer.serialize_unit(),
            Value::Bool(b) => serializer.serialize_bool(*b),
            Value::Int(n) => serializer.serialize_i64(*n),
            Value::Long(n) => serializer.collect_str(n),
            Value::Double(x) if x.is_nan() => serializer.serialize_str("NaN"),
            Value::Double(x) if x.is_infinite() => {
                serializer.serialize_str(if *x > 0.0 { "Infinity" } else { "-Infinity" })
            }
            Value::Double(x) => serializer.serialize_f64(*x),
            Value::String(s) => serializer.serialize_str(s),
            Value::Bytes(b) => {
                let mut map = serializer.serialize_map(Some(1))?;
                map.serialize_entry("hex", &hex(b))?;
                map.end()
            }
            Value::Raw(b) => serializer.serialize_str(&hex(b)),
            Value::Array(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Value::Object { name, fields } => {
                let mut map = serializer.serialize_map(Some(fields.len() + 1))?;
                map.serialize_entry("_", name)?;
                for (key, value) in fields {
                    map.serialize_entry(key, value)?;
                }
                map.end()
            }
        }
    }
}

/// Why bytes could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    /// What the reader reports (truncated input, bad length or padding, invalid UTF-8, vector
    /// count too large, depth limit, trailing bytes, an unexpected id for `Vector` or `Bool`).
    Wire(tlforge_runtime::Error),
    /// A constructor id that is not one of the expected type's.
    UnexpectedConstructor {
        /// Where the id starts.
        offset: usize,
        /// The id found.
        id: u32,
        /// What was expected: a type name, `any constructor or function`, `any function`.
        expected: String,
    },
    /// `--type` names nothing the schemas have; the closest name they have, if one is close.
    UnknownType(String, Option<String>),
    /// `--bare` with a boxed type: which constructor's body it is cannot be known.
    NotBare(String),
    /// The schema asks for something this decoder cannot read (e.g. a generic type other than
    /// `Vector`).
    Unsupported {
        /// Where decoding stopped.
        offset: usize,
        /// What it is.
        what: String,
    },
    /// The `int` length before an `Object` does not match the object read.
    ObjectLength {
        /// Where the object starts.
        offset: usize,
        /// The length given.
        given: usize,
        /// The length of the object read there.
        read: usize,
    },
    /// An error inside the unpacked data of a `gzip_packed` value (offsets in `inner` count
    /// from the start of the unpacked data).
    InsidePacked {
        /// Where the `gzip_packed` value starts.
        offset: usize,
        /// The error in the unpacked data.
        inner: Box<DecodeError>,
    },
}

impl DecodeError {
    /// The byte offset of the error in the input (for errors inside a `gzip_packed` value, the
    /// offset of that value); `None` for [`DecodeError::UnknownType`].
    pub fn offset(&self) -> Option<usize> {
        match self {
            DecodeError::Wire(e) => Some(e.offset()),
            DecodeError::UnexpectedConstructor { offset, .. }
            | DecodeError::Unsupported { offset, .. }
            | DecodeError::ObjectLength { offset, .. }
            | DecodeError::InsidePacked { offset, .. } => Some(*offset),
            DecodeError::UnknownType(..) | DecodeError::NotBare(_) => None,
        }
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeError::Wire(e) => write!(f, "{e}"),
            DecodeError::UnexpectedConstructor {
                offset,
                id,
                expected,
            } => write!(
                f,
                "unexpected constructor {id:#010x} at byte {offset} while reading {expected}"
            ),
            DecodeError::UnknownType(name, suggestion) => {
                write!(
                    f,
                    "`{name}` is not a type, constructor or function of the schema"
                )?;
                match suggestion {
                    Some(close) => write!(f, "; did you mean `{close}`?"),
                    None => Ok(()),
                }
            }
            DecodeError::NotBare(name) => write!(
                f,
                "`{name}` is a boxed type: a bare value needs its constructor (or a function)"
            ),
            DecodeError::Unsupported { offset, what } => {
                write!(f, "cannot decode {what} (at byte {offset})")
            }
            DecodeError::ObjectLength {
                offset,
                given,
                read,
            } => write!(
                f,
                "the object at byte {offset} is {read} bytes long, but its length field says {given}"
            ),
            DecodeError::InsidePacked { offset, inner } => {
                write!(
                    f,
                    "in the data unpacked from the gzip_packed at byte {offset}: {inner}"
                )
            }
        }
    }
}

impl std::error::Error for DecodeError {}

impl From<tlforge_runtime::Error> for DecodeError {
    fn from(e: tlforge_runtime::Error) -> Self {
        DecodeError::Wire(e)
    }
}

type Result<T> = std::result::Result<T, DecodeError>;

/// Lookup tables over one schema.
struct Index<'s> {
    schema: &'s Schema,
    constructors_by_id: HashMap<u32, usize>,
    functions_by_id: HashMap<u32, usize>,
    constructors: HashMap<String, usize>,
    functions: HashMap<String, usize>,
    /// Boxed type name → its constructors.
    types: HashMap<String, Vec<usize>>,
    /// Repetition types (`int128`, `int512`, …) and their byte sizes.
    fixed: HashMap<String, std::result::Result<usize, String>>,
}

impl<'s> Index<'s> {
    fn new(schema: &'s Schema) -> Self {
        let mut index = Index {
            schema,
            constructors_by_id: HashMap::new(),
            functions_by_id: HashMap::new(),
            constructors: HashMap::new(),
            functions: HashMap::new(),
            types: HashMap::new(),
            fixed: tlforge_codegen::rust_model::fixed_sizes(schema),
        };
        for (i, def) in schema.definitions.iter().enumerate() {
            if def.builtin {
                continue;
            }
            let name = def.name.to_string();
            match def.category {
                Category::Constructor => {
                    index.constructors_by_id.entry(def.id).or_insert(i);
                    index.constructors.entry(name).or_insert(i);
                    index
                        .types
                        .entry(def.result.name.to_string())
                        .or_default()
                        .push(i);
                }
                Category::Function => {
                    index.functions_by_id.entry(def.id).or_insert(i);
                    index.functions.entry(name).or_insert(i);
                }
            }
        }
        index
    }

    fn knows_id(&self, id: u32) -> bool {
        self.constructors_by_id.contains_key(&id) || self.functions_by_id.contains_key(&id)
    }

    fn knows_name(&self, name: &str) -> bool {
        self.constructors.contains_key(name)
            || self.functions.contains_key(name)
            || self.types.contains_key(name)
    }
}

/// Decodes bytes with one or more schemas (see the module documentation).
pub struct Decoder<'s> {
    indexes: Vec<Index<'s>>,
}

/// What `--type` asks for.
enum Expected<'a> {
    /// A TL type expression: `Vector<long>`, `auth.SentCode`, `%Message`, `int`.
    Type(Type),
    /// A constructor or function, boxed (id first).
    Definition(&'a Definition),
}

/// Parses `Vector<long>`, `%Message`, `auth.SentCode`.
fn parse_type(text: &str) -> Option<Type> {
    let text = text.trim();
    let (percent, text) = match text.strip_prefix('%') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (name, arg) = match text.split_once('<') {
        Some((name, rest)) => (name.trim(), Some(parse_type(rest.strip_suffix('>')?)?)),
        None => (text, None),
    };
    let valid = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.');
    valid.then(|| {
        let mut ty = Type::named(name);
        ty.percent = percent;
        ty.generic_arg = arg.map(Box::new);
        ty
    })
}

impl<'s> Decoder<'s> {
    /// A decoder over `schemas`; without `--type`, an id is looked up in them in order, and
    /// everything nested inside a value is read with the schema the value comes from.
    pub fn new(schemas: &[&'s Schema]) -> Self {
        Decoder {
            indexes: schemas.iter().map(|s| Index::new(s)).collect(),
        }
    }

    /// Decodes all of `bytes`. `expected` names a boxed type (`auth.SentCode`), a constructor or
    /// function (read with its id), or any type expression (`Vector<long>`); without it the
    /// value must start with the id of a constructor or function of one of the schemas.
    /// Decodes the body of the constructor or function `name` written without its id (bare),
    /// as `tlforge decode --bare --type NAME` does.
    pub fn decode_bare(&self, bytes: &[u8], name: &str) -> Result<Value> {
        let mut reader = Reader::new(bytes);
        let (schema, expected) = self.resolve(name)?;
        let value = match expected {
            Expected::Definition(def) => self.run(schema).read_fields(&mut reader, def)?,
            Expected::Type(ty) if ty.is_bare() => {
                self.run(schema).read_type(&mut reader, None, &ty)?
            }
            Expected::Type(_) => return Err(DecodeError::NotBare(name.to_owned())),
        };
        reader.expect_end()?;
        Ok(value)
    }

    pub fn decode(&self, bytes: &[u8], expected: Option<&str>) -> Result<Value> {
        let mut reader = Reader::new(bytes);
        let value = match expected {
            None => {
                let id = reader.peek_u32()?;
                let schema = self
                    .indexes
                    .iter()
                    .position(|index| index.knows_id(id))
                    .unwrap_or(0);
                self.run(schema).read_any(&mut reader, false)?
            }
            Some(text) => {
                let (schema, expected) = self.resolve(text)?;
                let mut run = self.run(schema);
                match expected {
                    Expected::Definition(def) => run.read_boxed_definition(&mut reader, def)?,
                    Expected::Type(ty) => run.read_type(&mut reader, None, &ty)?,
                }
            }
        };
        reader.expect_end()?;
        Ok(value)
    }

    fn run(&self, schema: usize) -> Run<'_, 's> {
        Run {
            indexes: &self.indexes,
            current: schema,
            bare_depth: 0,
        }
    }

    /// Which schema knows `text`, and what it names there.
    fn resolve(&self, text: &str) -> Result<(usize, Expected<'s>)> {
        let unknown = || {
            let names = self.indexes.iter().flat_map(|index| {
                index
                    .constructors
                    .keys()
                    .chain(index.functions.keys())
                    .chain(index.types.keys())
                    .map(String::as_str)
            });
            let close = tlforge_parser::closest_name(text.trim(), names).map(str::to_owned);
            DecodeError::UnknownType(text.to_owned(), close)
        };
        let ty = parse_type(text).ok_or_else(unknown)?;
        let head = ty.name.to_string();
        let plain = !ty.percent && ty.generic_arg.is_none();
        for (k, index) in self.indexes.iter().enumerate() {
            if plain {
                let def = index
                    .functions
                    .get(&head)
                    .or_else(|| index.constructors.get(&head));
                if let Some(&i) = def {
                    return Ok((k, Expected::Definition(&index.schema.definitions[i])));
                }
            }
            if index.knows_name(&head) {
                return Ok((k, Expected::Type(ty)));
            }
        }
        // Primitives and `Vector<…>` of primitives need no schema.
        let mut inner = &ty;
        while let Some(arg) = &inner.generic_arg {
            inner = arg;
        }
        let name = inner.name.to_string();
        let known = Primitive::from_tl(&inner.name).is_some()
            || matches!(name.as_str(), "Object" | "true" | "True")
            || self
                .indexes
                .iter()
                .any(|index| index.fixed.contains_key(&name));
        if known && inner.name.namespace.is_empty() {
            Ok((0, Expected::Type(ty)))
        } else {
            Err(unknown())
        }
    }
}

/// One decoding run within one schema.
struct Run<'d, 's> {
    indexes: &'d [Index<'s>],
    /// The schema of the value being read: types named in it are looked up there.
    current: usize,
    /// Bare constructors inside bare constructors (they do not count towards the reader's
    /// nesting limit, which generated code applies to boxed values only).
    bare_depth: u32,
}

impl<'d, 's> Run<'d, 's> {
    fn index(&self, offset: usize) -> Result<&'d Index<'s>> {
        self.indexes
            .get(self.current)
            .ok_or_else(|| DecodeError::Unsupported {
                offset,
                what: "anything: no schema was given".to_owned(),
            })
    }

    /// Finds the definition with `id` for a value whose type the schema leaves open (`Object`,
    /// `!X`, the top level): in the current schema first, then in the others.
    fn find_by_id(&self, id: u32, function_only: bool) -> Option<(usize, &'d Definition)> {
        let order = std::iter::once(self.current)
            .chain((0..self.indexes.len()).filter(|&k| k != self.current));
        for k in order {
            let Some(index) = self.indexes.get(k) else {
                continue;
            };
            let found = index.functions_by_id.get(&id).or_else(|| {
                if function_only {
                    None
                } else {
                    index.constructors_by_id.get(&id)
                }
            });
            if let Some(&i) = found {
                return Some((k, &index.schema.definitions[i]));
            }
        }
        None
    }

    /// Runs `f` one nesting level deeper (the reader's limit, as in generated enums).
    fn nested(
        &mut self,
        reader: &mut Reader<'_>,
        f: impl FnOnce(&mut Self, &mut Reader<'_>) -> Result<Value>,
    ) -> Result<Value> {
        reader.nested(|reader| Ok(f(self, reader)))?
    }

    /// A constructor or function with its id first.
    fn read_boxed_definition(
        &mut self,
        reader: &mut Reader<'_>,
        def: &Definition,
    ) -> Result<Value> {
        let offset = reader.position();
        let id = reader.read_u32()?;
        if id != def.id {
            return Err(DecodeError::UnexpectedConstructor {
                offset,
                id,
                expected: def.name.to_string(),
            });
        }
        self.read_fields(reader, def)
    }

    /// Any boxed value: its id says what it is. `function_only` for `!X` (a query).
    fn read_any(&mut self, reader: &mut Reader<'_>, function_only: bool) -> Result<Value> {
        self.nested(reader, |run, reader| {
            let offset = reader.position();
            let id = reader.peek_u32()?;
            if id == GZIP_PACKED_ID && !function_only {
                return run.unpack(reader, |run, inner| run.read_any(inner, false));
            }
            reader.read_u32()?;
            match id {
                BOOL_TRUE_ID if !function_only => return Ok(Value::Bool(true)),
                BOOL_FALSE_ID if !function_only => return Ok(Value::Bool(false)),
                VECTOR_ID if !function_only => {
                    return Err(DecodeError::Unsupported {
                        offset,
                        what: "a Vector whose item type is not known (give it with --type, \
                               e.g. `Vector<long>`)"
                            .to_owned(),
                    });
                }
                _ => {}
            }
            match run.find_by_id(id, function_only) {
                Some((schema, def)) => {
                    let outer = std::mem::replace(&mut run.current, schema);
                    let value = run.read_fields(reader, def);
                    run.current = outer;
                    value
                }
                None => Err(DecodeError::UnexpectedConstructor {
                    offset,
                    id,
                    expected: if function_only {
                        "any function".to_owned()
                    } else {
                        "any constructor or function".to_owned()
                    },
                }),
            }
        })
    }

    /// A value of the boxed type `type_name`.
    fn read_boxed_type(&mut self, reader: &mut Reader<'_>, type_name: &str) -> Result<Value> {
        self.nested(reader, |run, reader| {
            let offset = reader.position();
            let id = reader.peek_u32()?;
            let index = run.index(offset)?;
            let ctors = index.types.get(type_name).map_or(&[][..], Vec::as_slice);
            let found = ctors
                .iter()
                .copied()
                .find(|&i| index.schema.definitions[i].id == id);
            match found {
                Some(i) => {
                    reader.read_u32()?;
                    let def = &index.schema.definitions[i];
                    run.read_fields(reader, def)
                }
                None if id == GZIP_PACKED_ID => {
                    run.unpack(reader, |run, inner| run.read_boxed_type(inner, type_name))
                }
                None => {
                    reader.read_u32()?;
                    Err(DecodeError::UnexpectedConstructor {
                        offset,
                        id,
                        expected: type_name.to_owned(),
                    })
                }
            }
        })
    }

    /// Unpacks the `gzip_packed` at the reader and decodes all of the data with `f`, under
    /// tlforge-runtime's rules for it ([`tlforge_runtime::read_packed`]: one gzip member, no nesting, the
    /// same nesting limit and memory budget).
    fn unpack(
        &mut self,
        reader: &mut Reader<'_>,
        f: impl FnOnce(&mut Self, &mut Reader<'_>) -> Result<Value>,
    ) -> Result<Value> {
        let offset = reader.position();
        reader.read_u32()?;
        let inside = |e: DecodeError| DecodeError::InsidePacked {
            offset,
            inner: Box::new(e),
        };
        // Errors of what the packed value holds are wrapped; those of the packed value itself
        // (its gzip stream, the budget) are not.
        tlforge_runtime::read_packed(reader, |inner| {
            f(self, inner)
                .and_then(|value| {
                    inner.expect_end()?;
                    Ok(value)
                })
                .map_err(inside)
        })
    }

    /// The fields of `def` (its id already read, or bare).
    fn read_fields(&mut self, reader: &mut Reader<'_>, def: &Definition) -> Result<Value> {
        let mut flags: HashMap<usize, u32> = HashMap::new();
        let mut fields = Vec::with_capacity(def.params.len());
        let mut object_length: Option<(usize, usize)> = None;
        for (i, param) in def.params.iter().enumerate() {
            let offset = reader.position();
            if is_object_length(def, i) {
                let len = reader.read_i32()?;
                let len = usize::try_from(len).map_err(|_| {
                    DecodeError::Wire(tlforge_runtime::Error::InvalidLength {
                        offset: reader.position(),
                    })
                })?;
                if len > reader.remaining() {
                    return Err(DecodeError::Wire(tlforge_runtime::Error::UnexpectedEof {
                        offset: reader.position(),
                        needed: len,
                    }));
                }
                object_length = Some((reader.position(), len));
                continue;
            }
            match &param.kind {
                ParameterKind::Nat => {
                    flags.insert(i, reader.read_u32()?);
                }
                ParameterKind::Value { ty, flag } => {
                    let is_true = ty.generic_arg.is_none()
                        && ty.name.namespace.is_empty()
                        && matches!(ty.name.name.as_str(), "true" | "True");
                    if let Some(flag) = flag {
                        let word = flags.get(&flag.field_index).copied().unwrap_or(0);
                        let set = word & (1u32 << (flag.bit & 31)) != 0;
                        if is_true || !set {
                            let value = if is_true {
                                Value::Bool(set)
                            } else {
                                Value::Null
                            };
                            fields.push((param.name.clone(), value));
                            continue;
                        }
                    }
                    let value = self.read_type(reader, Some(def), ty)?;
                    if let Some((start, len)) = object_length.take() {
                        let read = reader.position() - start;
                        if read != len {
                            return Err(DecodeError::ObjectLength {
                                offset: start,
                                given: len,
                                read,
                            });
                        }
                    }
                    fields.push((param.name.clone(), value));
                }
                ParameterKind::Repeated { .. } => {
                    return Err(DecodeError::Unsupported {
                        offset,
                        what: format!("the builtin form `{param}` of `{}`", def.name),
                    });
                }
            }
        }
        Ok(Value::Object {
            name: def.name.to_string(),
            fields,
        })
    }

    /// A value of type `ty` (as written in `def`, if any).
    fn read_type(
        &mut self,
        reader: &mut Reader<'_>,
        def: Option<&Definition>,
        ty: &Type,
    ) -> Result<Value> {
        let offset = reader.position();
        let is_type_param = ty.type_param
            || def.is_some_and(|d| {
                ty.name.namespace.is_empty() && d.type_params.iter().any(|p| p.name == ty.name.name)
            });
        if ty.bang {
            return self.read_any(reader, true);
        }
        if is_type_param {
            return self.read_any(reader, false);
        }
        if let Some(arg) = &ty.generic_arg {
            let name = ty.name.to_string();
            if name != "Vector" && name != "vector" {
                return Err(DecodeError::Unsupported {
                    offset,
                    what: format!("the generic type `{ty}`"),
                });
            }
            if name == "Vector" && !ty.percent {
                reader.expect_id(VECTOR_ID, "Vector")?;
            }
            let count = reader.read_vector_len(4)?;
            let mut items = Vec::with_capacity(count.min(1024));
            for _ in 0..count {
                items.push(self.read_type(reader, def, arg)?);
            }
            return Ok(Value::Array(items));
        }
        if ty.name.namespace.is_empty() {
            match ty.name.name.as_str() {
                "true" | "True" => return Ok(Value::Bool(true)),
                // TON's and TDLib's `object ? = Object;`, `function ? = Function;` too.
                "Object" | "object" => return self.read_any(reader, false),
                "Function" | "function" => return self.read_any(reader, true),
                _ => {}
            }
        }
        if let Some(primitive) = Primitive::from_tl(&ty.name) {
            return Ok(match primitive {
                Primitive::Int => Value::Int(i64::from(reader.read_i32()?)),
                Primitive::Long => Value::Long(reader.read_i64()?),
                Primitive::Double => Value::Double(reader.read_f64()?),
                Primitive::Nat => Value::Int(i64::from(reader.read_u32()?)),
                // The auth-key exchange's binary `string`s (rust_model::has_binary_strings).
                Primitive::String if def.is_some_and(has_binary_strings) => {
                    Value::Bytes(reader.read_bytes()?)
                }
                Primitive::String => Value::String(reader.read_string()?),
                Primitive::Bytes => Value::Bytes(reader.read_bytes()?),
                Primitive::Fixed(bytes) => Value::Raw(reader.read_raw(bytes)?.to_vec()),
                Primitive::Bool => Value::Bool(bool::deserialize(reader)?),
            });
        }
        let name = ty.name.to_string();
        let index = self.index(offset)?;
        match index.fixed.get(&name) {
            Some(Ok(bytes)) => return Ok(Value::Raw(reader.read_raw(*bytes)?.to_vec())),
            Some(Err(why)) => {
                return Err(DecodeError::Unsupported {
                    offset,
                    what: why.clone(),
                });
            }
            None => {}
        }
        if ty.name.is_uppercase() && !ty.percent {
            return self.read_boxed_type(reader, &name);
        }
        // A bare constructor: `%Message` (the only constructor of `Message`) or `future_salt`.
        let ctor = if ty.name.is_uppercase() {
            match index.types.get(&name).map(Vec::as_slice) {
                Some(&[only]) => Some(only),
                _ => None,
            }
        } else {
            index.constructors.get(&name).copied()
        };
        let Some(ctor) = ctor else {
            return Err(DecodeError::Unsupported {
                offset,
                what: format!("the type `{ty}`, which the schema does not define"),
            });
        };
        let def = &index.schema.definitions[ctor];
        if self.bare_depth >= Reader::DEFAULT_MAX_DEPTH {
            return Err(DecodeError::Wire(
                tlforge_runtime::Error::DepthLimitExceeded {
                    offset,
                    limit: Reader::DEFAULT_MAX_DEPTH,
                },
            ));
        }
        self.bare_depth += 1;
        let value = self.read_fields(reader, def);
        self.bare_depth -= 1;
        value
    }
}

/// Reads hex digits, ignoring ASCII whitespace (and an optional `0x` prefix per word).
pub fn parse_hex(text: &str) -> std::result::Result<Vec<u8>, String> {
    let mut digits = Vec::new();
    for word in text.split_ascii_whitespace() {
        let word = word
            .strip_prefix("0x")
            .or_else(|| word.strip_prefix("0X"))
            .unwrap_or(word);
        for (i, c) in word.char_indices() {
            let digit = c
                .to_digit(16)
                .ok_or_else(|| format!("`{c}` is not a hex digit (in `{word}` at {i})"))?;
            digits.push(digit as u8);
        }
    }
    if digits.len() % 2 != 0 {
        return Err(format!(
            "odd number of hex digits ({}): bytes need two each",
            digits.len()
        ));
    }
    Ok(digits.chunks(2).map(|d| d[0] << 4 | d[1]).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::schema;

    const SCHEMA: &str = "boolFalse#bc799737 = Bool;\nboolTrue#997275b5 = Bool;\n\
        vector#1cb5c415 {t:Type} # [ t ] = Vector t;\n\
        point#11111111 flags:# x:int y:flags.0?long on:flags.1?true tags:Vector<string> = Point;\n\
        pair#22222222 a:%Point b:Point = Pair;\n\
        ---functions---\nget#33333333 {X:Type} id:int128 query:!X = X;\n";

    #[test]
    fn decodes_by_id_and_by_type() {
        let s = schema(SCHEMA);
        let d = Decoder::new(&[&s]);
        let point =
            parse_hex("11111111 03000000 07000000 0500000000000000 15c4b51c 01000000 02616200")
                .unwrap();
        let v = d.decode(&point, None).unwrap();
        assert_eq!(
            v.to_json(),
            r#"{"_": "point", "x": 7, "y": "5", "on": true, "tags": ["ab"]}"#
        );
        assert_eq!(d.decode(&point, Some("Point")).unwrap(), v);
        assert_eq!(d.decode(&point, Some("point")).unwrap(), v);
        // A bare %Point has no id.
        let pair = [&[0x22; 4][..], &point[4..], &point].concat();
        let v = d.decode(&pair, Some("Pair")).unwrap();
        assert_eq!(v.field("a"), v.field("b"));
        let err = d.decode(&point, Some("Pair")).unwrap_err();
        assert_eq!(err.offset(), Some(0));
        assert!(err.to_string().contains("0x11111111"), "{err}");
    }

    #[test]
    fn errors_carry_offsets() {
        let s = schema(SCHEMA);
        let d = Decoder::new(&[&s]);
        let truncated = parse_hex("11111111 01000000 07000000 05000000").unwrap();
        let err = d.decode(&truncated, None).unwrap_err();
        assert_eq!(err.offset(), Some(12));
        let huge = parse_hex("11111111 00000000 07000000 15c4b51c ffffff7f").unwrap();
        let err = d.decode(&huge, None).unwrap_err();
        assert!(
            matches!(
                err,
                DecodeError::Wire(tlforge_runtime::Error::LengthTooLarge { offset: 16, .. })
            ),
            "{err:?}"
        );
        let trailing = parse_hex("b5757299 00000000").unwrap();
        assert_eq!(d.decode(&trailing, None).unwrap_err().offset(), Some(4));
        assert!(matches!(
            d.decode(&[], Some("nothing")),
            Err(DecodeError::UnknownType(_, None))
        ));
    }

    #[test]
    fn nesting_is_bounded() {
        let s = schema(SCHEMA);
        let d = Decoder::new(&[&s]);
        // get(get(get(…))) a thousand deep: a depth error, not a stack overflow.
        let mut bytes = Vec::new();
        for _ in 0..1000 {
            bytes.extend_from_slice(&0x3333_3333u32.to_le_bytes());
            bytes.extend_from_slice(&[0; 16]);
        }
        let err = d.decode(&bytes, None).unwrap_err();
        assert!(
            matches!(
                err,
                DecodeError::Wire(tlforge_runtime::Error::DepthLimitExceeded { .. })
            ),
            "{err:?}"
        );
    }

    #[test]
    fn hex_input() {
        assert_eq!(parse_hex(" 0a0B\n 0xff ").unwrap(), [10, 11, 255]);
        assert!(parse_hex("abc").is_err());
        assert!(parse_hex("zz").is_err());
    }
}
