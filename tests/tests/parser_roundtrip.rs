//! Property tests: printing a parsed schema and parsing it again gives the same model, and the
//! model does not depend on how a declaration is laid out (spaces, newlines, comments).

use proptest::prelude::*;
use tlforge_parser::{Category, Schema, SourceFile, parse_schema};

/// The model without what depends on layout: locations, the as-written text, file names.
fn strip(schema: &Schema, keep_text: bool) -> Schema {
    let mut schema = schema.clone();
    schema.files.clear();
    for def in &mut schema.definitions {
        def.location = Default::default();
        if !keep_text {
            def.text.clear();
        }
        for p in &mut def.params {
            p.location = Default::default();
        }
        for tp in &mut def.type_params {
            tp.location = Default::default();
        }
    }
    schema
}

fn parse(name: &str, text: &str) -> Schema {
    let source = SourceFile::new(name, text);
    match parse_schema(std::slice::from_ref(&source)) {
        Ok(parsed) => parsed.schema,
        Err(report) => panic!("{}\n{text}", report.render(&[source], false)),
    }
}

/// Separators between the tokens of a declaration.
const SEPARATORS: &[&str] = &[
    " ",
    "  ",
    "\n    ",
    " /* note */ ",
    " // note\n  ",
    "\t",
    "\r\n ",
];

/// Argument types, as written.
const TYPES: &[&str] = &[
    "int",
    "long",
    "string",
    "bytes",
    "double",
    "Bool",
    "T0",
    "%T1",
    "Vector<T2>",
    "vector<int>",
    "Vector<Vector<long>>",
    "(vector T3)",
    "int128",
    "int256",
    "ns1.T4",
];

#[derive(Debug, Clone)]
struct ParamSpec {
    ty: usize,
    bit: Option<u8>,
    true_flag: bool,
    documented: bool,
}

#[derive(Debug, Clone)]
struct DeclSpec {
    function: bool,
    namespace: usize,
    id: Option<u32>,
    upper_hex: bool,
    generic: bool,
    params: Vec<ParamSpec>,
    result: usize,
    result_vector: bool,
    documented: bool,
}

fn param_spec() -> impl Strategy<Value = ParamSpec> {
    (
        0..TYPES.len(),
        prop::option::of(0u8..32),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(ty, bit, true_flag, documented)| ParamSpec {
            ty,
            bit,
            true_flag,
            documented,
        })
}

prop_compose! {
    fn decl_spec()(
        function in any::<bool>(),
        namespace in 0..3usize,
        id in prop::option::of(any::<u32>()),
        upper_hex in any::<bool>(),
        generic in any::<bool>(),
        params in prop::collection::vec(param_spec(), 0..6),
        result in 0..5usize,
        result_vector in any::<bool>(),
        documented in any::<bool>(),
    ) -> DeclSpec {
        DeclSpec {
            function, namespace, id, upper_hex, generic, params, result, result_vector, documented,
        }
    }
}

/// Writes a schema from the specs, choosing separators from `seps` in turn.
fn schema_text(layer: Option<u32>, decls: &[DeclSpec], seps: &[usize]) -> String {
    let mut sep_index = 0;
    let mut sep = || {
        let s = SEPARATORS[seps
            .get(sep_index % seps.len().max(1))
            .copied()
            .unwrap_or(0)];
        sep_index += 1;
        s
    };
    let mut out = String::new();
    if let Some(layer) = layer {
        out.push_str(&format!("// LAYER {layer}\n"));
    }
    out.push_str("//@class T0 @description The first type\n");
    for k in 0..4 {
        out.push_str(&format!("t{k}Base = T{k};\n"));
    }
    out.push_str("ns1.t4Base = ns1.T4;\n");
    let mut category = Category::Constructor;
    for (i, d) in decls.iter().enumerate() {
        let wanted = if d.function {
            Category::Function
        } else {
            Category::Constructor
        };
        if wanted != category {
            category = wanted;
            out.push_str(match (category, i % 2) {
                (Category::Function, 0) => "---functions---\n",
                (Category::Function, _) => "--- functions ---\n",
                (Category::Constructor, 0) => "---types---\n",
                (Category::Constructor, _) => "--- types ---\n",
            });
        }
        if d.documented {
            out.push_str(&format!("//@description Declaration number {i}\n"));
        }
        for (j, p) in d.params.iter().enumerate() {
            if p.documented {
                out.push_str(&format!("//@p{j} About p {j}\n//-continued\n"));
            }
        }
        let prefix = if d.namespace == 0 {
            String::new()
        } else {
            format!("ns{}.", d.namespace)
        };
        let kind = if d.function { "f" } else { "c" };
        out.push_str(&format!("{prefix}{kind}{i}"));
        if let Some(id) = d.id {
            if d.upper_hex {
                out.push_str(&format!("#{id:X}"));
            } else {
                out.push_str(&format!("#{id:x}"));
            }
        }
        let generic = d.generic && d.function;
        if generic {
            out.push_str(sep());
            out.push_str("{X:Type}");
        }
        if d.params.iter().any(|p| p.bit.is_some()) {
            out.push_str(sep());
            out.push_str("flags:#");
        }
        for (j, p) in d.params.iter().enumerate() {
            out.push_str(sep());
            out.push_str(&format!("p{j}:"));
            if let Some(bit) = p.bit {
                out.push_str(&format!("flags.{bit}?"));
                if p.true_flag {
                    out.push_str("true");
                    continue;
                }
            }
            out.push_str(TYPES[p.ty]);
        }
        if generic {
            out.push_str(sep());
            out.push_str("query:!X");
        }
        out.push_str(sep());
        out.push('=');
        out.push(' ');
        let result = if generic {
            "X".to_owned()
        } else if d.result == 4 {
            "ns1.T4".to_owned()
        } else {
            format!("T{}", d.result)
        };
        if d.function && d.result_vector && !generic {
            out.push_str(&format!("Vector<{result}>"));
        } else {
            out.push_str(&result);
        }
        out.push_str(sep());
        out.push_str(";\n");
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// parse → print → parse gives the same model, and printing is then a fixed point.
    #[test]
    fn print_then_parse_is_identity(
        layer in prop::option::of(1u32..400),
        decls in prop::collection::vec(decl_spec(), 0..12),
        seps in prop::collection::vec(0..SEPARATORS.len(), 1..8),
    ) {
        let text = schema_text(layer, &decls, &seps);
        let first = parse("generated.tl", &text);
        let printed = first.to_string();
        let second = parse("printed.tl", &printed);
        prop_assert_eq!(strip(&first, false), strip(&second, false));
        prop_assert_eq!(second.to_string(), printed);
    }

    /// The same declarations laid out with single spaces or any whitespace and comments give the
    /// same model, `text` included (it is normalized).
    #[test]
    fn layout_does_not_matter(
        decls in prop::collection::vec(decl_spec(), 0..12),
        seps in prop::collection::vec(0..SEPARATORS.len(), 1..8),
    ) {
        let plain = parse("plain.tl", &schema_text(None, &decls, &[0]));
        let laid_out = parse("laid_out.tl", &schema_text(None, &decls, &seps));
        prop_assert_eq!(strip(&plain, true), strip(&laid_out, true));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4))]

    /// Telegram's api.tl reformatted at random (separators between every token of every
    /// declaration) parses to the same model as the file itself.
    #[test]
    fn corpus_layout_does_not_matter(seps in prop::collection::vec(0..SEPARATORS.len(), 1..16)) {
        let original = include_str!("../fixtures/corpus/telegram-api.tl");
        let model = parse("api.tl", original);
        let mut text = String::from("// LAYER 222\n");
        let mut category = Category::Constructor;
        let mut n = 0;
        for def in &model.definitions {
            if def.category != category {
                category = def.category;
                text.push_str(if category == Category::Function { "---functions---\n" } else { "---types---\n" });
            }
            let (lhs, rhs) = def.text.split_once(" = ").unwrap();
            for (i, token) in lhs.split(' ').enumerate() {
                if i > 0 {
                    text.push_str(SEPARATORS[seps[n % seps.len()]]);
                    n += 1;
                }
                text.push_str(token);
            }
            text.push_str(SEPARATORS[seps[n % seps.len()]]);
            n += 1;
            text.push_str("= ");
            text.push_str(rhs);
            text.push_str(";\n");
        }
        let reformatted = parse("api-reformatted.tl", &text);
        prop_assert_eq!(strip(&model, true), strip(&reformatted, true));
    }
}

/// Every corpus file survives print → parse unchanged (up to layout).
#[test]
fn corpus_prints_back() {
    for text in [
        include_str!("../fixtures/corpus/telegram-api.tl"),
        include_str!("../fixtures/corpus/telegram-mtproto.tl"),
        include_str!("../fixtures/corpus/tdlib-telegram_api.tl"),
        include_str!("../fixtures/corpus/tdlib-secret_api.tl"),
        include_str!("../fixtures/corpus/tdlib-mtproto_api.tl"),
        include_str!("../fixtures/corpus/telegram-api-layer-150.tl"),
    ] {
        let first = parse("corpus.tl", text);
        let second = parse("printed.tl", &first.to_string());
        assert_eq!(strip(&first, false), strip(&second, false));
    }
}
