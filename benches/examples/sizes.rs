fn main() {
    use std::mem::size_of;
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
