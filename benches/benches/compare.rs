//! tlforge-types / tlforge-parser / tlforge-codegen against grammers, side by side (issue 5), and
//! tlforge-tdlib against tdlib-rs on TDLib's JSON (issue 36, the `tdlib_*` groups; see
//! `tlforge_benches::tdlib`).
//!
//! `cargo bench --manifest-path benches/Cargo.toml [-- criterion options]` checks that both
//! libraries hold the same objects (see `tlforge_benches::check`), runs the criterion groups (each has
//! ours and grammers, and memcpy where it is the limit), then measures each ratio again in
//! alternating batches and prints the ratio table. Options: criterion's (e.g. a filter, or
//! `--warm-up-time 1 --measurement-time 3`); `TL_BENCH_PAIRED_SECS` (default 3) is the time of
//! the paired measurement of each row.

use std::cell::RefCell;
use std::hint::black_box;
use std::time::{Duration, SystemTime};

use criterion::{Criterion, Throughput};
use tlforge_benches::{check, ours, report, schema, tdlib, theirs};

/// One benchmark: criterion's `group/name`, and the routine (one iteration).
struct Bench<'a> {
    group: &'static str,
    name: &'static str,
    routine: Box<dyn Fn() + 'a>,
}

/// Settings of a criterion group.
struct Group {
    name: &'static str,
    throughput: Option<u64>,
    sample_size: Option<usize>,
}

fn bench<'a>(group: &'static str, name: &'static str, routine: impl Fn() + 'a) -> Bench<'a> {
    Bench {
        group,
        name,
        routine: Box::new(routine),
    }
}

/// The routines, in criterion's order.
#[allow(clippy::too_many_lines)]
fn benches<'a>(
    encoded: &'a [check::Encoded; 3],
    sources: &'a [tlforge_parser::SourceFile; 2],
    texts: &'a [&'static str; 2],
    tdlib_inputs: &'a [(tdlib::Stream, tdlib::Decoded); 3],
) -> (Vec<Group>, Vec<Bench<'a>>) {
    let [send, messages, part] = encoded;
    let layer = schema::layer();
    let send_ours = ours::send_message();
    let send_theirs = theirs::send_message();
    let part_ours = ours::save_file_part();
    let part_theirs = theirs::save_file_part();
    let data = part_ours.bytes.clone();
    let buffer = || RefCell::new(Vec::<u8>::new());

    let mut groups = vec![
        Group {
            name: "encode_send_message",
            throughput: Some(send.ours.len() as u64),
            sample_size: None,
        },
        Group {
            name: "decode_messages",
            throughput: Some(messages.ours.len() as u64),
            sample_size: None,
        },
        Group {
            name: "save_file_part_encode",
            throughput: Some(data.len() as u64),
            sample_size: None,
        },
        Group {
            name: "save_file_part_decode",
            throughput: Some(data.len() as u64),
            sample_size: None,
        },
        Group {
            name: "schema_parse",
            throughput: Some(texts.iter().map(|t| t.len() as u64).sum()),
            sample_size: Some(20),
        },
        Group {
            name: "schema_generate",
            throughput: None,
            sample_size: Some(10),
        },
    ];

    let mut list = Vec::new();
    tdlib_benches(tdlib_inputs, &mut groups, &mut list);
    {
        let (o, t) = (send_ours.clone(), send_theirs.clone());
        list.push(bench("encode_send_message", "ours", move || {
            black_box(tlforge_types::Serializable::to_bytes(black_box(&o)));
        }));
        list.push(bench("encode_send_message", "grammers", move || {
            black_box(grammers_tl_types::Serializable::to_bytes(black_box(&t)));
        }));
        // What `to_bytes` would cost with an exact size hint (one allocation, no regrowth).
        let (o, len) = (send_ours.clone(), send.ours.len());
        list.push(bench("encode_send_message", "ours_presized", move || {
            let mut buf = Vec::with_capacity(len);
            tlforge_types::Serializable::serialize(black_box(&o), &mut buf);
            black_box(buf);
        }));
    }
    {
        let buf = buffer();
        list.push(bench(
            "encode_send_message",
            "ours_reused_buffer",
            move || {
                let mut buf = buf.borrow_mut();
                buf.clear();
                tlforge_types::Serializable::serialize(black_box(&send_ours), &mut buf);
                black_box(buf.len());
            },
        ));
        let buf = buffer();
        list.push(bench(
            "encode_send_message",
            "grammers_reused_buffer",
            move || {
                let mut buf = buf.borrow_mut();
                buf.clear();
                grammers_tl_types::Serializable::serialize(black_box(&send_theirs), &mut *buf);
                black_box(buf.len());
            },
        ));
    }

    list.push(bench("decode_messages", "ours", || {
        black_box(
            <tlforge_types::enums::messages::Messages as tlforge_types::Deserializable>::from_bytes(
                black_box(&messages.ours),
            )
            .expect("checked"),
        );
    }));
    list.push(bench("decode_messages", "grammers", || {
        black_box(
            <grammers_tl_types::enums::messages::Messages as grammers_tl_types::Deserializable>::from_bytes(
                black_box(&messages.theirs),
            )
            .expect("checked"),
        );
    }));

    {
        let d = data.clone();
        list.push(bench("save_file_part_encode", "memcpy", move || {
            black_box(black_box(&d[..]).to_vec());
        }));
        let (o, t) = (part_ours.clone(), part_theirs.clone());
        list.push(bench("save_file_part_encode", "ours", move || {
            black_box(tlforge_types::Serializable::to_bytes(black_box(&o)));
        }));
        list.push(bench("save_file_part_encode", "grammers", move || {
            black_box(grammers_tl_types::Serializable::to_bytes(black_box(&t)));
        }));
        let (d, buf) = (data.clone(), buffer());
        list.push(bench(
            "save_file_part_encode",
            "memcpy_reused_buffer",
            move || {
                let mut buf = buf.borrow_mut();
                buf.clear();
                buf.extend_from_slice(black_box(&d[..]));
                black_box(buf.len());
            },
        ));
        let buf = buffer();
        list.push(bench(
            "save_file_part_encode",
            "ours_reused_buffer",
            move || {
                let mut buf = buf.borrow_mut();
                buf.clear();
                tlforge_types::Serializable::serialize(black_box(&part_ours), &mut buf);
                black_box(buf.len());
            },
        ));
        let buf = buffer();
        list.push(bench(
            "save_file_part_encode",
            "grammers_reused_buffer",
            move || {
                let mut buf = buf.borrow_mut();
                buf.clear();
                grammers_tl_types::Serializable::serialize(black_box(&part_theirs), &mut *buf);
                black_box(buf.len());
            },
        ));
    }

    list.push(bench("save_file_part_decode", "memcpy", move || {
        black_box(black_box(&data[..]).to_vec());
    }));
    list.push(bench("save_file_part_decode", "ours", || {
        black_box(
            <tlforge_types::functions::upload::SaveFilePart as tlforge_types::Deserializable>::from_bytes(
                black_box(&part.ours),
            )
            .expect("checked"),
        );
    }));
    list.push(bench("save_file_part_decode", "grammers", || {
        black_box(
            theirs::decode_function::<grammers_tl_types::functions::upload::SaveFilePart>(
                black_box(&part.theirs),
            )
            .expect("checked"),
        );
    }));

    list.push(bench("schema_parse", "ours", || {
        black_box(schema::ours_parse(black_box(sources)));
    }));
    list.push(bench("schema_parse", "grammers", || {
        black_box(schema::theirs_parse(black_box(texts)));
    }));
    list.push(bench("schema_generate", "ours", || {
        black_box(schema::ours_generate(black_box(sources)));
    }));
    list.push(bench("schema_generate", "ours_no_format", || {
        black_box(schema::ours_generate_unformatted(black_box(sources)));
    }));
    if let Some(docs) = schema::docs_json() {
        list.push(bench("schema_generate", "ours_with_docs", move || {
            black_box(schema::ours_generate_with_docs(black_box(sources), &docs));
        }));
    }
    list.push(bench("schema_generate", "grammers", move || {
        black_box(schema::theirs_generate(black_box(texts), layer));
    }));
    (groups, list)
}

/// Issue 36: TDLib's JSON, tlforge-tdlib against tdlib-rs: decoding (`serde_json::from_str`)
/// and encoding (`serde_json::to_string`) each input, every document of it in turn.
fn tdlib_benches<'a>(
    inputs: &'a [(tdlib::Stream, tdlib::Decoded); 3],
    groups: &mut Vec<Group>,
    list: &mut Vec<Bench<'a>>,
) {
    const NAMES: [(&str, &str); 3] = [
        ("tdlib_decode_chats", "tdlib_encode_chats"),
        ("tdlib_decode_history", "tdlib_encode_history"),
        ("tdlib_decode_updates", "tdlib_encode_updates"),
    ];
    for ((stream, decoded), (decode, encode)) in inputs.iter().zip(NAMES) {
        groups.push(Group {
            name: decode,
            throughput: Some(stream.bytes() as u64),
            sample_size: None,
        });
        groups.push(Group {
            name: encode,
            throughput: Some(decoded.encoded_bytes.0 as u64),
            sample_size: None,
        });
        list.push(bench(decode, "ours", move || {
            for (kind, json) in &stream.docs {
                tdlib::decode_ours_only(*kind, black_box(json));
            }
        }));
        list.push(bench(decode, "tdlib_rs", move || {
            for (kind, json) in &stream.docs {
                tdlib::decode_theirs_only(*kind, black_box(json));
            }
        }));
        list.push(bench(encode, "ours", move || {
            for value in &decoded.ours {
                black_box(tdlib::encode_ours(black_box(value)).expect("checked"));
            }
        }));
        list.push(bench(encode, "tdlib_rs", move || {
            for value in &decoded.theirs {
                black_box(tdlib::encode_theirs(black_box(value)).expect("checked"));
            }
        }));
    }
}

fn main() {
    let since = SystemTime::now();
    // Fails loudly (panics) unless both libraries encode, decode and re-encode the same objects.
    let encoded = check::verify_all();
    let [send, messages, part] = &encoded;
    // Fails loudly unless both TDLib libraries read each JSON document to the same meaning.
    let tdlib_inputs = tdlib::streams().map(|stream| {
        let decoded = tdlib::check(&stream);
        (stream, decoded)
    });
    for (stream, decoded) in &tdlib_inputs {
        println!(
            "checked: {} ({} documents, {} bytes; re-encoded: ours {} bytes, tdlib-rs {} bytes): \
             tlforge-tdlib and tdlib-rs read the same meaning",
            stream.what,
            stream.docs.len(),
            stream.bytes(),
            decoded.encoded_bytes.0,
            decoded.encoded_bytes.1,
        );
    }
    let sources = schema::sources();
    let texts = [schema::API_TL, schema::MTPROTO_TL];
    let (definitions, errors) = schema::theirs_parse(&texts);
    println!(
        "checked: sendMessage ({} bytes), messages.messages ({} bytes) and saveFilePart ({} \
         bytes) encode identically in both libraries ({} + {} constructor ids mapped between our \
         layer {} and grammers' layer {}); both decode them and re-encode the same bytes",
        send.ours.len(),
        messages.ours.len(),
        part.ours.len(),
        send.ids_rewritten,
        messages.ids_rewritten,
        tlforge_types::LAYER,
        grammers_tl_types::LAYER,
    );
    println!(
        "schema: ours {} definitions, grammers {} ({errors} lines it rejects)",
        schema::ours_parse(&sources),
        definitions.len()
    );

    let dir = report::criterion_dir(env!("CARGO_TARGET_TMPDIR"));
    let mut c = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        .configure_from_args()
        .output_directory(&dir);

    let (groups, list) = benches(&encoded, &sources, &texts, &tdlib_inputs);
    for settings in &groups {
        let mut group = c.benchmark_group(settings.name);
        if let Some(bytes) = settings.throughput {
            group.throughput(Throughput::Bytes(bytes));
        }
        if let Some(n) = settings.sample_size {
            group.sample_size(n);
        }
        for b in list.iter().filter(|b| b.group == settings.name) {
            group.bench_function(b.name, |bencher| bencher.iter(|| (b.routine)()));
        }
        group.finish();
    }
    c.final_summary();

    let budget = std::env::var("TL_BENCH_PAIRED_SECS")
        .ok()
        .and_then(|s| s.parse::<f64>().ok())
        .map_or(Duration::from_secs(3), Duration::from_secs_f64);
    report::print_table(&dir, since, budget, |id| {
        let (group, name) = id.split_once('/')?;
        list.iter()
            .find(|b| b.group == group && b.name == name)
            .map(|b| &*b.routine)
    });
}
