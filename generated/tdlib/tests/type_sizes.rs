//! Decoded values are moved by value through every layer of a decode (a field's local, the
//! struct, the enum variant, `Ok`): the types must stay small. Every variant holding an object
//! is boxed (`Config::json`'s `box_object_variants`); before that `enums::Update` was 26,168
//! bytes and a 300-byte update cost several 26 KB copies (BENCHMARKS.md, issue 36).

use std::mem::size_of;

use tlforge_tdlib::{enums, types};

#[test]
fn boxed_types_are_a_pointer_and_a_tag_and_objects_stay_small() {
    let sizes = [
        ("enums::Update", size_of::<enums::Update>()),
        ("enums::MessageContent", size_of::<enums::MessageContent>()),
        ("enums::Message", size_of::<enums::Message>()),
        ("types::Message", size_of::<types::Message>()),
        ("types::Chat", size_of::<types::Chat>()),
        ("types::User", size_of::<types::User>()),
    ];
    println!("{sizes:?}");
    for (name, size) in &sizes[..3] {
        assert!(*size <= 32, "{name}: {size} bytes");
    }
    for (name, size) in &sizes[3..] {
        assert!(*size <= 4096, "{name}: {size} bytes");
    }
}

/// The decoders' stack frames: objects nested to the depth limit (100) decode on a thread
/// with 2 MiB of stack (Rust's default for spawned threads) in a debug build too. Each enum's
/// decoder calls the runtime once per constructor (`json::variant`) instead of holding a slot
/// per constructor; before, 100 nested `pageBlockCover`s needed 9.8 MB.
#[test]
fn nesting_to_the_limit_fits_a_default_thread_stack() {
    let mut json =
        String::from(r#"{"@type":"pageBlockTitle","title":{"@type":"richTextPlain","text":"x"}}"#);
    // 98 covers around a title around its text: 100 objects.
    for _ in 0..98 {
        json = format!(r#"{{"@type":"pageBlockCover","cover":{json}}}"#);
    }
    let mut text = String::from(r#"{"@type":"richTextPlain","text":"x"}"#);
    for _ in 0..99 {
        text = format!(r#"{{"@type":"richTextBold","text":{text}}}"#);
    }
    std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(move || {
            let block: enums::PageBlock = tlforge_tdlib::from_str_strict(&json).unwrap();
            assert!(matches!(block, enums::PageBlock::PageBlockCover(_)));
            let rich: enums::RichText = tlforge_tdlib::from_str_strict(&text).unwrap();
            assert!(matches!(rich, enums::RichText::RichTextBold(_)));
        })
        .unwrap()
        .join()
        .unwrap();
}
