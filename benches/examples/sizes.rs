fn main() {
    use std::mem::size_of;
    // Issue 36: TDLib's JSON types.
    for (name, ours, theirs) in [
        (
            "Update",
            size_of::<tlforge_tdlib::enums::Update>(),
            size_of::<tdlib_rs::enums::Update>(),
        ),
        (
            "Message",
            size_of::<tlforge_tdlib::types::Message>(),
            size_of::<tdlib_rs::types::Message>(),
        ),
        (
            "MessageContent",
            size_of::<tlforge_tdlib::enums::MessageContent>(),
            size_of::<tdlib_rs::enums::MessageContent>(),
        ),
        (
            "Chat",
            size_of::<tlforge_tdlib::types::Chat>(),
            size_of::<tdlib_rs::types::Chat>(),
        ),
        (
            "User",
            size_of::<tlforge_tdlib::types::User>(),
            size_of::<tdlib_rs::types::User>(),
        ),
        (
            "MessageReplyTo",
            size_of::<tlforge_tdlib::enums::MessageReplyTo>(),
            size_of::<tdlib_rs::enums::MessageReplyTo>(),
        ),
    ] {
        println!("tdlib {name}: tlforge-tdlib {ours}, tdlib-rs {theirs}");
    }
    println!(
        "ours enums::Message {}",
        size_of::<tlforge_types::enums::Message>()
    );
    println!(
        "ours types::Message {}",
        size_of::<tlforge_types::types::Message>()
    );
    println!(
        "ours enums::User {}",
        size_of::<tlforge_types::enums::User>()
    );
    println!(
        "ours enums::MessageMedia {}",
        size_of::<tlforge_types::enums::MessageMedia>()
    );
    println!(
        "ours enums::MessageReplyHeader {}",
        size_of::<tlforge_types::enums::MessageReplyHeader>()
    );
    println!(
        "ours enums::MessageFwdHeader {}",
        size_of::<tlforge_types::enums::MessageFwdHeader>()
    );
    println!(
        "ours enums::MessageEntity {}",
        size_of::<tlforge_types::enums::MessageEntity>()
    );
    println!(
        "ours enums::ReplyMarkup {}",
        size_of::<tlforge_types::enums::ReplyMarkup>()
    );
    println!(
        "ours enums::FactCheck {}",
        size_of::<tlforge_types::enums::FactCheck>()
    );
    println!(
        "ours enums::SuggestedPost {}",
        size_of::<tlforge_types::enums::SuggestedPost>()
    );
    println!(
        "ours enums::MessageReactions {}",
        size_of::<tlforge_types::enums::MessageReactions>()
    );
    println!(
        "ours enums::MessageReplies {}",
        size_of::<tlforge_types::enums::MessageReplies>()
    );
    println!(
        "grammers enums::Message {}",
        size_of::<grammers_tl_types::enums::Message>()
    );
    println!(
        "grammers enums::User {}",
        size_of::<grammers_tl_types::enums::User>()
    );
    println!(
        "grammers enums::MessageMedia {}",
        size_of::<grammers_tl_types::enums::MessageMedia>()
    );
    println!(
        "grammers enums::MessageReplyHeader {}",
        size_of::<grammers_tl_types::enums::MessageReplyHeader>()
    );
}
