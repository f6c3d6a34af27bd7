fn main() {
    let api = std::fs::read_to_string("schema/api.tl").unwrap();
    let mut best = std::time::Duration::MAX;
    for _ in 0..200 { let t = std::time::Instant::now(); std::hint::black_box(tl_parser::__pest_only(&api)); best = best.min(t.elapsed()); }
    println!("pest only {:?}", best);
}
