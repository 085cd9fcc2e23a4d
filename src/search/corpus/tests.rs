use super::*;

#[test]
fn skeleton_contains_respects_ascii_edges() {
    let f = skeleton("示政办〔2026〕13号，12026年远景，2026年3月");
    assert!(skeleton_contains(&f, &skeleton("2026年")));
    assert!(skeleton_contains(&f, &skeleton("年3月")));
    assert!(skeleton_contains(&f, &skeleton("示政办[2026]13号")));
    assert!(!skeleton_contains(&f, &skeleton("3号")));
    assert!(!skeleton_contains(&f, &skeleton("202")));
    assert!(skeleton_contains(&f, &skeleton("13号")));
}

#[test]
fn generator_is_deterministic_and_varied() {
    let a = generate(200, 7, 4..10);
    let b = generate(200, 7, 4..10);
    assert_eq!(a, b);
    assert!(a.iter().any(|d| d.body.is_empty()));
    assert!(a.iter().any(|d| d.doc_number.is_some()));
    let numbers: std::collections::HashSet<_> =
        a.iter().filter_map(|d| d.doc_number.clone()).collect();
    assert_eq!(
        numbers.len(),
        a.iter().filter(|d| d.doc_number.is_some()).count(),
        "文号 are unique"
    );
}
