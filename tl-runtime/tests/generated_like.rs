//! Hand-written stand-ins for code that tlforge-codegen generates, compiled as a separate crate (as the
//! generated crate is). They check that the blanket impls, the primitive impls and the generated
//! impls coexist, and exercise the runtime the way generated code does: the docs/tl.md §5
//! examples for constructors and functions, and the hostile inputs of issue 4.

use tlforge_runtime::{
    BareDeserializable, BareSerializable, Deserializable, Error, Identifiable, Reader, RemoteCall,
    Result, Serializable,
};

pub mod types {
    use super::enums;

    /// `userEmpty#d3bc4b7a id:long = User;`
    #[derive(Debug, Clone, PartialEq)]
    pub struct UserEmpty {
        pub id: i64,
    }

    /// `userTest#0badf00d id:long name:string photo:bytes = User;` (a test-only constructor)
    #[derive(Debug, Clone, PartialEq)]
    pub struct UserTest {
        pub id: i64,
        pub name: String,
        pub photo: Vec<u8>,
    }

    /// `inputPeerSelf#7da07ec9 = InputPeer;`
    #[derive(Debug, Clone, PartialEq)]
    pub struct InputPeerSelf;

    /// `future_salt#0949d9dc valid_since:int valid_until:int salt:long = FutureSalt;`
    #[derive(Debug, Clone, PartialEq)]
    pub struct FutureSalt {
        pub valid_since: i32,
        pub valid_until: i32,
        pub salt: i64,
    }

    /// `future_salts#ae500895 req_msg_id:long now:int salts:vector<future_salt> = FutureSalts;`
    #[derive(Debug, Clone, PartialEq)]
    pub struct FutureSalts {
        pub req_msg_id: i64,
        pub now: i32,
        pub salts: Vec<FutureSalt>,
    }

    /// `textEmpty#dc3d824f = RichText;`
    #[derive(Debug, Clone, PartialEq)]
    pub struct TextEmpty;

    /// `textPlain#744694e0 text:string = RichText;`
    #[derive(Debug, Clone, PartialEq)]
    pub struct TextPlain {
        pub text: String,
    }

    /// `textBold#6724abc4 text:RichText = RichText;`
    #[derive(Debug, Clone, PartialEq)]
    pub struct TextBold {
        pub text: Box<enums::RichText>,
    }

    pub mod messages {
        use super::super::enums;

        /// `messages.messages#8c718e87 messages:Vector<Message> chats:Vector<Chat>
        /// users:Vector<User> = messages.Messages;` (all three item types are `User` here)
        #[derive(Debug, Clone, PartialEq)]
        pub struct Messages {
            pub messages: Vec<enums::User>,
            pub chats: Vec<enums::User>,
            pub users: Vec<enums::User>,
        }
    }
}

pub mod enums {
    use super::types;

    #[derive(Debug, Clone, PartialEq)]
    pub enum User {
        Empty(types::UserEmpty),
        Test(types::UserTest),
    }

    #[derive(Debug, Clone, PartialEq)]
    pub enum InputPeer {
        InputPeerSelf(types::InputPeerSelf),
    }

    #[derive(Debug, Clone, PartialEq)]
    pub enum RichText {
        Empty(types::TextEmpty),
        Plain(types::TextPlain),
        Bold(types::TextBold),
    }
}

pub mod functions {
    use super::enums;

    /// `auth.cancelCode#1f040578 phone_number:string phone_code_hash:string = Bool;`
    #[derive(Debug, Clone, PartialEq)]
    pub struct CancelCode {
        pub phone_number: String,
        pub phone_code_hash: String,
    }

    /// `help.getConfig#c4f9186b = Config;`
    #[derive(Debug, Clone, PartialEq)]
    pub struct GetConfig;

    /// `getUsers#2d84d5f5 id:Vector<int> = Vector<User>;` (TL's official example)
    #[derive(Debug, Clone, PartialEq)]
    pub struct GetUsers {
        pub id: Vec<i32>,
    }

    /// `messages.getMessagesViews#5784d3e1 peer:InputPeer id:Vector<int> increment:Bool =
    /// messages.MessageViews;`
    #[derive(Debug, Clone, PartialEq)]
    pub struct GetMessagesViews {
        pub peer: enums::InputPeer,
        pub id: Vec<i32>,
        pub increment: bool,
    }

    /// `invokeWithLayer#da9b0d0d {X:Type} layer:int query:!X = X;`
    #[derive(Debug, Clone, PartialEq)]
    pub struct InvokeWithLayer<X> {
        pub layer: i32,
        pub query: X,
    }
}

// What the generator emits per constructor / function: Identifiable + the bare field logic.

macro_rules! ident {
    ($ty:ty, $id:literal, $name:literal) => {
        impl Identifiable for $ty {
            const CONSTRUCTOR_ID: u32 = $id;
            const TL_NAME: &'static str = $name;
        }
    };
}

ident!(types::UserEmpty, 0xd3bc4b7a, "userEmpty");
ident!(types::UserTest, 0x0badf00d, "userTest");
ident!(types::InputPeerSelf, 0x7da07ec9, "inputPeerSelf");
ident!(types::FutureSalt, 0x0949d9dc, "future_salt");
ident!(types::FutureSalts, 0xae500895, "future_salts");
ident!(types::TextEmpty, 0xdc3d824f, "textEmpty");
ident!(types::TextPlain, 0x744694e0, "textPlain");
ident!(types::TextBold, 0x6724abc4, "textBold");
ident!(types::messages::Messages, 0x8c718e87, "messages.messages");
ident!(functions::CancelCode, 0x1f040578, "auth.cancelCode");
ident!(functions::GetConfig, 0xc4f9186b, "help.getConfig");
ident!(functions::GetUsers, 0x2d84d5f5, "getUsers");
ident!(
    functions::GetMessagesViews,
    0x5784d3e1,
    "messages.getMessagesViews"
);

impl<X> Identifiable for functions::InvokeWithLayer<X> {
    const CONSTRUCTOR_ID: u32 = 0xda9b0d0d;
    const TL_NAME: &'static str = "invokeWithLayer";
}

impl BareSerializable for types::UserEmpty {
    fn serialize_bare(&self, out: &mut Vec<u8>) {
        self.id.serialize(out);
    }
}
impl BareDeserializable for types::UserEmpty {
    fn deserialize_bare(reader: &mut Reader<'_>) -> Result<Self> {
        Ok(Self {
            id: i64::deserialize(reader)?,
        })
    }
}

impl BareSerializable for types::UserTest {
    fn serialize_bare(&self, out: &mut Vec<u8>) {
        self.id.serialize(out);
        self.name.serialize(out);
        self.photo.serialize(out);
    }
}
impl BareDeserializable for types::UserTest {
    fn deserialize_bare(reader: &mut Reader<'_>) -> Result<Self> {
        Ok(Self {
            id: i64::deserialize(reader)?,
            name: String::deserialize(reader)?,
            photo: Vec::<u8>::deserialize(reader)?,
        })
    }
}

impl BareSerializable for types::InputPeerSelf {
    fn serialize_bare(&self, _out: &mut Vec<u8>) {}
}
impl BareDeserializable for types::InputPeerSelf {
    fn deserialize_bare(_reader: &mut Reader<'_>) -> Result<Self> {
        Ok(Self)
    }
}

impl BareSerializable for types::FutureSalt {
    fn serialize_bare(&self, out: &mut Vec<u8>) {
        self.valid_since.serialize(out);
        self.valid_until.serialize(out);
        self.salt.serialize(out);
    }
}
impl BareDeserializable for types::FutureSalt {
    fn deserialize_bare(reader: &mut Reader<'_>) -> Result<Self> {
        Ok(Self {
            valid_since: i32::deserialize(reader)?,
            valid_until: i32::deserialize(reader)?,
            salt: i64::deserialize(reader)?,
        })
    }
}

impl BareSerializable for types::FutureSalts {
    fn serialize_bare(&self, out: &mut Vec<u8>) {
        self.req_msg_id.serialize(out);
        self.now.serialize(out);
        tlforge_runtime::serialize_bare_vector(&self.salts, out, types::FutureSalt::serialize_bare);
    }
}
impl BareDeserializable for types::FutureSalts {
    fn deserialize_bare(reader: &mut Reader<'_>) -> Result<Self> {
        Ok(Self {
            req_msg_id: i64::deserialize(reader)?,
            now: i32::deserialize(reader)?,
            salts: tlforge_runtime::deserialize_bare_vector(
                reader,
                types::FutureSalt::deserialize_bare,
            )?,
        })
    }
}

impl BareSerializable for types::TextEmpty {
    fn serialize_bare(&self, _out: &mut Vec<u8>) {}
}
impl BareDeserializable for types::TextEmpty {
    fn deserialize_bare(_reader: &mut Reader<'_>) -> Result<Self> {
        Ok(Self)
    }
}

impl BareSerializable for types::TextPlain {
    fn serialize_bare(&self, out: &mut Vec<u8>) {
        tlforge_runtime::serialize_string(&self.text, out);
    }
}
impl BareDeserializable for types::TextPlain {
    fn deserialize_bare(reader: &mut Reader<'_>) -> Result<Self> {
        Ok(Self {
            text: reader.read_string()?,
        })
    }
}

impl BareSerializable for types::TextBold {
    fn serialize_bare(&self, out: &mut Vec<u8>) {
        // Auto-deref from Box<RichText> to RichText's impl.
        self.text.serialize(out);
    }
}
impl BareDeserializable for types::TextBold {
    fn deserialize_bare(reader: &mut Reader<'_>) -> Result<Self> {
        Ok(Self {
            text: Box::new(enums::RichText::deserialize(reader)?),
        })
    }
}

impl BareSerializable for types::messages::Messages {
    fn serialize_bare(&self, out: &mut Vec<u8>) {
        self.messages.serialize(out);
        self.chats.serialize(out);
        self.users.serialize(out);
    }
}
impl BareDeserializable for types::messages::Messages {
    fn deserialize_bare(reader: &mut Reader<'_>) -> Result<Self> {
        Ok(Self {
            messages: Vec::deserialize(reader)?,
            chats: Vec::deserialize(reader)?,
            users: Vec::deserialize(reader)?,
        })
    }
}

impl BareSerializable for functions::CancelCode {
    fn serialize_bare(&self, out: &mut Vec<u8>) {
        self.phone_number.serialize(out);
        self.phone_code_hash.serialize(out);
    }
}
impl BareDeserializable for functions::CancelCode {
    fn deserialize_bare(reader: &mut Reader<'_>) -> Result<Self> {
        Ok(Self {
            phone_number: String::deserialize(reader)?,
            phone_code_hash: String::deserialize(reader)?,
        })
    }
}
impl RemoteCall for functions::CancelCode {
    type Return = bool;
    type Error = tlforge_runtime::RpcError;
}

impl BareSerializable for functions::GetConfig {
    fn serialize_bare(&self, _out: &mut Vec<u8>) {}
}

impl BareSerializable for functions::GetUsers {
    fn serialize_bare(&self, out: &mut Vec<u8>) {
        self.id.serialize(out);
    }
}
impl BareDeserializable for functions::GetUsers {
    fn deserialize_bare(reader: &mut Reader<'_>) -> Result<Self> {
        Ok(Self {
            id: Vec::deserialize(reader)?,
        })
    }
}
impl RemoteCall for functions::GetUsers {
    type Return = Vec<enums::User>;
    type Error = tlforge_runtime::RpcError;
}

impl BareSerializable for functions::GetMessagesViews {
    fn serialize_bare(&self, out: &mut Vec<u8>) {
        self.peer.serialize(out);
        self.id.serialize(out);
        self.increment.serialize(out);
    }
}
impl BareDeserializable for functions::GetMessagesViews {
    fn deserialize_bare(reader: &mut Reader<'_>) -> Result<Self> {
        Ok(Self {
            peer: enums::InputPeer::deserialize(reader)?,
            id: Vec::deserialize(reader)?,
            increment: bool::deserialize(reader)?,
        })
    }
}

impl<X: Serializable> BareSerializable for functions::InvokeWithLayer<X> {
    fn serialize_bare(&self, out: &mut Vec<u8>) {
        self.layer.serialize(out);
        self.query.serialize(out);
    }
}
impl<X: RemoteCall> RemoteCall for functions::InvokeWithLayer<X> {
    type Return = X::Return;
    type Error = tlforge_runtime::RpcError;
}

// What the generator emits per boxed type: an enum with direct Serializable/Deserializable impls.

impl Serializable for enums::User {
    fn serialize(&self, out: &mut Vec<u8>) {
        match self {
            Self::Empty(x) => x.serialize(out),
            Self::Test(x) => x.serialize(out),
        }
    }
}
impl Deserializable for enums::User {
    fn deserialize(reader: &mut Reader<'_>) -> Result<Self> {
        reader.nested(|reader| {
            let id = reader.read_u32()?;
            match id {
                types::UserEmpty::CONSTRUCTOR_ID => {
                    types::UserEmpty::deserialize_bare(reader).map(Self::Empty)
                }
                types::UserTest::CONSTRUCTOR_ID => {
                    types::UserTest::deserialize_bare(reader).map(Self::Test)
                }
                _ => Err(reader.unexpected_constructor(id, "User")),
            }
        })
    }
}

impl Serializable for enums::InputPeer {
    fn serialize(&self, out: &mut Vec<u8>) {
        match self {
            Self::InputPeerSelf(x) => x.serialize(out),
        }
    }
}
impl Deserializable for enums::InputPeer {
    fn deserialize(reader: &mut Reader<'_>) -> Result<Self> {
        reader.nested(|reader| {
            let id = reader.read_u32()?;
            match id {
                types::InputPeerSelf::CONSTRUCTOR_ID => {
                    types::InputPeerSelf::deserialize_bare(reader).map(Self::InputPeerSelf)
                }
                _ => Err(reader.unexpected_constructor(id, "InputPeer")),
            }
        })
    }
}

impl Serializable for enums::RichText {
    fn serialize(&self, out: &mut Vec<u8>) {
        match self {
            Self::Empty(x) => x.serialize(out),
            Self::Plain(x) => x.serialize(out),
            Self::Bold(x) => x.serialize(out),
        }
    }
}
impl Deserializable for enums::RichText {
    fn deserialize(reader: &mut Reader<'_>) -> Result<Self> {
        reader.nested(|reader| {
            let id = reader.read_u32()?;
            match id {
                types::TextEmpty::CONSTRUCTOR_ID => {
                    types::TextEmpty::deserialize_bare(reader).map(Self::Empty)
                }
                types::TextPlain::CONSTRUCTOR_ID => {
                    types::TextPlain::deserialize_bare(reader).map(Self::Plain)
                }
                types::TextBold::CONSTRUCTOR_ID => {
                    types::TextBold::deserialize_bare(reader).map(Self::Bold)
                }
                _ => Err(reader.unexpected_constructor(id, "RichText")),
            }
        })
    }
}

// ---------------------------------------------------------------------------------------------

fn hex(s: &str) -> Vec<u8> {
    let digits: Vec<u8> = s
        .chars()
        .filter_map(|c| c.to_digit(16))
        .map(|d| d as u8)
        .collect();
    digits.chunks(2).map(|p| p[0] << 4 | p[1]).collect()
}

/// Exact bytes both ways, and every strict prefix and one trailing byte rejected.
#[track_caller]
fn check<T>(value: &T, bytes: &[u8])
where
    T: Serializable + Deserializable + PartialEq + std::fmt::Debug,
{
    assert_eq!(value.to_bytes(), bytes);
    assert_eq!(T::from_bytes(bytes).as_ref(), Ok(value));
    for cut in 0..bytes.len() {
        assert!(
            T::from_bytes(&bytes[..cut]).is_err(),
            "prefix of {cut} bytes"
        );
    }
    let mut longer = bytes.to_vec();
    longer.extend_from_slice(&[0; 4]);
    assert!(matches!(
        T::from_bytes(&longer),
        Err(Error::TrailingBytes { remaining: 4, .. })
    ));
}

fn same_type<A: 'static, B: 'static>() -> bool {
    std::any::TypeId::of::<A>() == std::any::TypeId::of::<B>()
}

#[test]
fn cancel_code_acceptance_example() {
    use functions::CancelCode;
    let r = CancelCode {
        phone_number: "79991234567".into(),
        phone_code_hash: "abcdef".into(),
    };
    assert_eq!(CancelCode::CONSTRUCTOR_ID, 0x1f040578);
    check(
        &r,
        &hex("7805041f 0b3739393931323334353637 0661626364656600"),
    );
    assert!(same_type::<<CancelCode as RemoteCall>::Return, bool>());
    assert_eq!(bool::from_bytes(&[0xb5, 0x75, 0x72, 0x99]), Ok(true));

    let short = CancelCode {
        phone_number: "+1".into(),
        phone_code_hash: "h".into(),
    };
    check(&short, &hex("78 05 04 1f 02 2b 31 00 01 68 00 00"));
}

#[test]
fn function_without_arguments_and_generic_wrapper() {
    assert_eq!(functions::GetConfig.to_bytes(), hex("6b 18 f9 c4"));
    let call = functions::InvokeWithLayer {
        layer: 225,
        query: functions::GetConfig,
    };
    assert_eq!(call.to_bytes(), hex("0d 0d 9b da e1 00 00 00 6b 18 f9 c4"));
    type Wrapped = functions::InvokeWithLayer<functions::CancelCode>;
    assert!(same_type::<<Wrapped as RemoteCall>::Return, bool>());
}

#[test]
fn official_get_users_example() {
    let call = functions::GetUsers { id: vec![2, 3, 4] };
    check(
        &call,
        &hex("f5 d5 84 2d 15 c4 b5 1c 03 00 00 00 02 00 00 00 03 00 00 00 04 00 00 00"),
    );
    type Ret = <functions::GetUsers as RemoteCall>::Return;
    assert!(same_type::<Ret, Vec<enums::User>>());
    let users = vec![
        enums::User::Empty(types::UserEmpty { id: 7 }),
        enums::User::Test(types::UserTest {
            id: -1,
            name: "Peter".into(),
            photo: vec![0xff; 300],
        }),
    ];
    let bytes = users.to_bytes();
    assert_eq!(
        bytes[..20],
        hex("15c4b51c 02000000 7a4bbcd3 0700000000000000")
    );
    check(&users, &bytes);
    assert_eq!(Ret::from_bytes(&bytes), Ok(users));
}

#[test]
fn nested_boxed_and_bare() {
    let call = functions::GetMessagesViews {
        peer: enums::InputPeer::InputPeerSelf(types::InputPeerSelf),
        id: vec![7],
        increment: false,
    };
    check(
        &call,
        &hex("e1 d3 84 57 | c9 7e a0 7d | 15 c4 b5 1c 01 00 00 00 07 00 00 00 | 37 97 79 bc"),
    );
    let salts = types::FutureSalts {
        req_msg_id: 1,
        now: 2,
        salts: vec![types::FutureSalt {
            valid_since: 3,
            valid_until: 4,
            salt: 5,
        }],
    };
    check(
        &salts,
        &hex(
            "95 08 50 ae | 01 00 00 00 00 00 00 00 | 02 00 00 00 | 01 00 00 00 |
             03 00 00 00 04 00 00 00 05 00 00 00 00 00 00 00",
        ),
    );
}

#[test]
fn unknown_constructor_names_the_id_and_the_type() {
    let bytes = hex("c4ab2467 c4ab2467 78563412");
    let err = enums::RichText::from_bytes(&bytes).unwrap_err();
    assert_eq!(
        err,
        Error::UnexpectedConstructor {
            offset: 8,
            id: 0x12345678,
            expected: "RichText"
        }
    );
    assert_eq!(
        err.to_string(),
        "unexpected constructor 0x12345678 at byte 8 while reading RichText"
    );
    // A struct decoded boxed names its constructor.
    let err = types::UserEmpty::from_bytes(&hex("0df0ad0b 00000000 00000000")).unwrap_err();
    assert_eq!(
        err.to_string(),
        "unexpected constructor 0x0badf00d at byte 0 while reading userEmpty"
    );
}

fn bold(levels: usize, inner: enums::RichText) -> enums::RichText {
    (0..levels).fold(inner, |text, _| {
        enums::RichText::Bold(types::TextBold {
            text: Box::new(text),
        })
    })
}

#[test]
fn recursion_within_the_limit_round_trips() {
    let plain = enums::RichText::Plain(types::TextPlain { text: "x".into() });
    let value = bold(99, plain);
    let bytes = value.to_bytes();
    assert_eq!(bytes.len(), 99 * 4 + 8);
    check(&value, &bytes);

    let value = bold(10, enums::RichText::Empty(types::TextEmpty));
    let bytes = value.to_bytes();
    let decode = |max| enums::RichText::deserialize(&mut Reader::new(&bytes).with_max_depth(max));
    assert_eq!(decode(11), Ok(value.clone()));
    assert_eq!(
        decode(10),
        Err(Error::DepthLimitExceeded {
            offset: 40,
            limit: 10
        })
    );
}

#[test]
fn a_million_nested_text_bold() {
    let mut bytes = hex("c4ab2467").repeat(1_000_000);
    bytes.extend_from_slice(&hex("4f823ddc"));
    let err = enums::RichText::from_bytes(&bytes).unwrap_err();
    assert_eq!(
        err,
        Error::DepthLimitExceeded {
            offset: 400,
            limit: Reader::DEFAULT_MAX_DEPTH
        }
    );
    // Also on a thread with a small stack.
    let err = std::thread::Builder::new()
        .stack_size(256 * 1024)
        .spawn(move || enums::RichText::from_bytes(&bytes))
        .unwrap()
        .join()
        .unwrap();
    assert!(matches!(err, Err(Error::DepthLimitExceeded { .. })));
}

#[test]
fn messages_claiming_2_pow_31_minus_1_items_in_12_bytes() {
    let bytes = hex("878e718c 15c4b51c ffffff7f");
    assert_eq!(
        types::messages::Messages::from_bytes(&bytes),
        Err(Error::LengthTooLarge {
            offset: 8,
            claimed: i32::MAX.into(),
            remaining: 0
        })
    );
    let empty = types::messages::Messages {
        messages: vec![],
        chats: vec![],
        users: vec![],
    };
    check(
        &empty,
        &hex("878e718c 15c4b51c 00000000 15c4b51c 00000000 15c4b51c 00000000"),
    );
}

#[test]
fn binary_string_is_rejected_and_bytes_kept() {
    let user = types::UserTest {
        id: 1,
        name: "n".into(),
        photo: vec![0x80, 0xff, 0x00],
    };
    let mut bytes = user.to_bytes();
    check(&user, &bytes);
    // Corrupt the name into invalid UTF-8: an error at that byte, never a lossy value.
    bytes[13] = 0xff;
    assert_eq!(
        types::UserTest::from_bytes(&bytes),
        Err(Error::InvalidUtf8 { offset: 13 })
    );
}
