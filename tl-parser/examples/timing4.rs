fn main() {
    let api = std::fs::read_to_string("schema/api.tl").unwrap();
    for _ in 0..300 { std::hint::black_box(tl_parser::__pest_only(&api)); }
}
