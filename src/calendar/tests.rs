use super::*;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// Day-by-day reference for the arithmetic in `working_days_between`.
fn walk_count(cal: &Calendar, from: NaiveDate, to: NaiveDate) -> i64 {
    from.iter_days()
        .skip(1)
        .take_while(|x| *x <= to)
        .filter(|x| cal.is_working_day(*x))
        .count() as i64
}

#[derive(Deserialize)]
struct Config {
    #[serde(default, alias = "节假日")]
    holidays: HolidayOverrides,
}

fn from_yaml(text: &str) -> Result<Calendar, String> {
    let config: Config = serde_yaml::from_str(text).map_err(|e| e.to_string())?;
    Ok(Calendar::builtin().with_overrides(&config.holidays))
}

#[test]
fn table_matches_the_day_counts_of_each_notice() {
    // (first day, 共N天) as stated in the notices; 与周末连休 blocks count
    // the weekend.
    let stated = [
        (2019, [3, 7, 3, 4, 3, 3, 7].as_slice()),
        (2020, &[1, 10, 3, 5, 3, 8]),
        (2021, &[3, 7, 3, 5, 3, 3, 7]),
        (2022, &[3, 7, 3, 5, 3, 3, 7]),
        (2023, &[3, 7, 1, 5, 3, 8]),
        (2024, &[3, 8, 3, 5, 3, 3, 7]),
        (2025, &[1, 8, 3, 5, 3, 8]),
        (2026, &[3, 9, 3, 5, 3, 3, 7]),
    ];
    assert_eq!(TABLE.len(), stated.len());
    assert_eq!(TABLE.first().map(|a| a.year), Some(FIRST_YEAR));
    assert_eq!(TABLE.last().map(|a| a.year), Some(LAST_YEAR));
    for (arrangement, (year, counts)) in TABLE.iter().zip(stated) {
        assert_eq!(arrangement.year, year);
        let lengths: Vec<i64> = arrangement
            .holidays
            .iter()
            .map(|&(_, a, b, _)| (ymd(b).unwrap() - ymd(a).unwrap()).num_days() + 1)
            .collect();
        assert_eq!(lengths, counts, "{year}");
        for &(name, a, b, worked) in arrangement.holidays {
            for w in worked {
                let w = ymd(*w).unwrap();
                assert!(is_weekend(w), "{year} {name}: {w} is not a weekend day");
                assert!(w < ymd(a).unwrap() || w > ymd(b).unwrap());
            }
        }
    }
    let cal = Calendar::builtin();
    assert!(cal.off.keys().all(|day| !cal.work.contains(day)));
}

#[test]
fn document_before_national_day_with_interpretation_after_it() {
    let cal = Calendar::builtin();
    // Monday 30 September, then 国庆 1–7 October: 8 October is the first
    // working day after the document.
    assert_eq!(
        cal.working_days_between(d("2024-09-30"), d("2024-10-08")),
        1
    );
    assert_eq!(
        cal.add_working_days(d("2024-09-30"), 3),
        Some(d("2024-10-10"))
    );
    assert_eq!(
        cal.day_kind(d("2024-10-03")),
        DayKind::Holiday {
            name: Some("国庆节")
        }
    );
    // Published 11 October: 4 working days late under "within 3".
    assert_eq!(
        cal.working_days_between(d("2024-09-30"), d("2024-10-11")),
        4
    );
}

#[test]
fn adjusted_saturdays_and_sundays_are_working_days() {
    let cal = Calendar::builtin();
    assert!(cal.is_working_day(d("2024-10-12")));
    assert_eq!(cal.day_kind(d("2024-10-12")), DayKind::AdjustedWorkday);
    assert!(!cal.is_working_day(d("2024-10-13")));
    assert!(cal.is_working_day(d("2024-09-29")));
    assert!(cal.is_working_day(d("2026-02-14")));
    assert!(cal.is_working_day(d("2026-02-28")));
    assert!(cal.is_working_day(d("2026-01-04")));
    // Counting into the 调休 Saturday: 10-08..10-11 then 10-12.
    assert_eq!(
        cal.add_working_days(d("2024-09-30"), 5),
        Some(d("2024-10-12"))
    );
}

#[test]
fn holidays_are_not_working_days() {
    let cal = Calendar::builtin();
    assert!(!cal.is_working_day(d("2025-01-01")));
    assert!(!cal.is_working_day(d("2025-05-05"))); // a Monday inside 劳动节
    assert!(cal.is_working_day(d("2025-05-06")));
    // The 2020 extension cancelled Saturday 1 February's working day.
    assert!(!cal.is_working_day(d("2020-02-01")));
    assert!(!cal.is_working_day(d("2020-02-02")));
    assert!(cal.is_working_day(d("2020-01-19")));
    // 2019 元旦 began in 2018 with a working Saturday before it.
    assert!(cal.is_working_day(d("2018-12-29")));
    assert!(!cal.is_working_day(d("2018-12-31")));
}

#[test]
fn counts_across_spring_festival() {
    let cal = Calendar::builtin();
    // 2024: 除夕 9 February (Friday) is a working day, 10–17 off,
    // Sunday 18 February worked.
    assert_eq!(
        cal.working_days_between(d("2024-02-08"), d("2024-02-19")),
        3
    );
    assert!(cal.is_working_day(d("2024-02-09")));
    // 2026: a Friday document; the 调休 Saturday counts, then 15–23 off.
    assert_eq!(
        cal.add_working_days(d("2026-02-13"), 3),
        Some(d("2026-02-25"))
    );
    assert_eq!(
        cal.working_days_between(d("2026-02-13"), d("2026-02-24")),
        2
    );
    // 20 working days after 成文日期 across 国庆、中秋 2025.
    assert_eq!(
        cal.add_working_days(d("2025-09-26"), 20),
        Some(d("2025-10-30"))
    );
}

#[test]
fn same_day_is_zero_and_reversed_dates_are_negative() {
    let cal = Calendar::builtin();
    assert_eq!(
        cal.working_days_between(d("2024-10-08"), d("2024-10-08")),
        0
    );
    assert_eq!(
        cal.working_days_between(d("2024-10-08"), d("2024-09-30")),
        -1
    );
    assert_eq!(
        cal.add_working_days(d("2024-10-05"), 0),
        Some(d("2024-10-05"))
    );
}

#[test]
fn arithmetic_agrees_with_walking_every_day() {
    let cal = from_yaml("holidays:\n  放假: [\"2027-02-06..2027-02-13\"]\n  调休: [2027-02-14]\n")
        .unwrap();
    let start = d("2018-11-01");
    for offset in (0..3400).step_by(13) {
        let from = start + chrono::Duration::days(offset);
        for span in [0, 1, 2, 5, 9, 31, 200] {
            let to = from + chrono::Duration::days(span);
            assert_eq!(
                cal.working_days_between(from, to),
                walk_count(&cal, from, to),
                "{from}..{to}"
            );
        }
        for n in [1, 3, 10, 20, 300] {
            let due = cal.add_working_days(from, n).unwrap();
            assert!(cal.is_working_day(due), "{from}+{n}");
            assert_eq!(cal.working_days_between(from, due), i64::from(n));
        }
    }
}

#[test]
fn outside_the_table_only_weekends_count_and_a_gap_is_reported() {
    let cal = Calendar::builtin();
    assert!(cal.covers(2019) && cal.covers(2026));
    assert!(!cal.covers(2027) && !cal.covers(2018));
    // 2027-01-01 is a Friday: without data it counts as working.
    assert!(cal.is_working_day(d("2027-01-01")));
    assert!(!cal.is_working_day(d("2027-01-02")));
    assert_eq!(cal.coverage_gap(d("2026-03-01"), d("2026-03-10")), None);
    let gap = cal.coverage_gap(d("2026-12-30"), d("2029-01-05")).unwrap();
    assert_eq!(gap.years, [2027, 2028, 2029]);
    assert!(gap.to_string().contains("2027–2029"), "{gap}");
    assert!(gap.hint().contains("xxgk.yaml"));
    // The start day itself is not counted, so 2026-12-31 → 2026 only.
    assert_eq!(cal.coverage_gap(d("2026-12-30"), d("2026-12-31")), None);
    assert!(cal.coverage_gap(d("2018-12-31"), d("2019-01-04")).is_none());
}

#[test]
fn extreme_inputs_do_not_panic() {
    let cal = Calendar::builtin();
    assert_eq!(cal.add_working_days(NaiveDate::MAX, 1), None);
    assert_eq!(cal.add_working_days(d("2024-01-01"), u32::MAX), None);
    // Far beyond the table the weekly jump must still land exactly.
    let due = cal.add_working_days(d("2024-01-01"), 10_000_000).unwrap();
    assert_eq!(cal.working_days_between(d("2024-01-01"), due), 10_000_000);
    let far = cal.working_days_between(NaiveDate::MIN, NaiveDate::MAX);
    assert!(far > 0);
    assert!(cal.coverage_gap(NaiveDate::MIN, NaiveDate::MAX).is_some());
}

#[test]
fn yaml_overrides_add_a_later_year() {
    let cal = from_yaml(
            "title: 某县人民政府\n节假日:\n  放假: [2027-01-01, \"2027-02-06..2027-02-13\"]\n  调休: [2027-02-14]\n",
        )
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(cal.covers(2027));
    assert!(!cal.is_working_day(d("2027-01-01")));
    assert!(!cal.is_working_day(d("2027-02-08")));
    assert_eq!(
        cal.day_kind(d("2027-02-08")),
        DayKind::Holiday { name: None }
    );
    assert!(cal.is_working_day(d("2027-02-14")));
    // Friday 5 Feb → Sunday 14 Feb (worked) → Monday 15 Feb.
    assert_eq!(
        cal.working_days_between(d("2027-02-05"), d("2027-02-15")),
        2
    );
    assert_eq!(cal.coverage_gap(d("2027-01-04"), d("2027-03-01")), None);
    // The built-in years are untouched.
    assert!(cal.is_working_day(d("2024-10-12")));
}

#[test]
fn yaml_overrides_win_over_the_table() {
    let cal =
        from_yaml("holidays:\n  off: [2024-10-12]\n  workdays: [\"2024年10月7日（星期一）\"]\n")
            .unwrap_or_else(|e| panic!("{e}"));
    assert!(!cal.is_working_day(d("2024-10-12")));
    assert!(cal.is_working_day(d("2024-10-07")));
    // The name from the table survives an override that keeps the day off.
    let cal = from_yaml("holidays:\n  放假: [2024-10-03]\n").unwrap();
    assert_eq!(
        cal.day_kind(d("2024-10-03")),
        DayKind::Holiday {
            name: Some("国庆节")
        }
    );
}

#[test]
fn yaml_accepts_notice_style_strings_and_empty_sections() {
    let cal = from_yaml(
        "节假日:\n  放假: 2027年2月6日（周六）至13日（周六）、2027年4月5日\n  \
             上班: 2027年2月20日（农历正月十四、周六）, 2027/2/21\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert!(!cal.is_working_day(d("2027-02-12")));
    assert!(!cal.is_working_day(d("2027-04-05")));
    assert!(cal.is_working_day(d("2027-02-20")));
    assert!(cal.is_working_day(d("2027-02-21")));
    let cal = from_yaml("holidays:\n  放假:\n").unwrap();
    assert_eq!(cal, Calendar::builtin());
    let cal = from_yaml("title: 某镇\n").unwrap();
    assert_eq!(cal, Calendar::builtin());
}

#[test]
fn ranges_parse_in_every_accepted_form() {
    let expect = DateSpan {
        start: d("2027-02-06"),
        end: d("2027-02-13"),
    };
    for text in [
        "2027-02-06..2027-02-13",
        "2027-2-6 .. 2027-2-13",
        "2027/2/6~2/13",
        "2027.2.6..13",
        "2027年2月6日至13日",
        "2027年2月6日至2027年2月13日",
        "2027年2月6日（星期六）至2月13日（星期六）",
        "２０２７年２月６日～１３日",
        "2027年2月6日——2月13日",
    ] {
        assert_eq!(text.parse::<DateSpan>(), Ok(expect), "{text}");
    }
    let new_year: DateSpan = "2027年12月31日至2028年1月2日".parse().unwrap();
    assert_eq!(new_year.days().count(), 3);
    assert_eq!(new_year.to_string(), "2027年12月31日至2028年1月2日");
    let one: DateSpan = "2027/1/1".parse().unwrap();
    assert_eq!((one.start(), one.end()), (d("2027-01-01"), d("2027-01-01")));
    assert_eq!(parse_date("2023年3月20日"), Ok(d("2023-03-20")));
}

#[test]
fn malformed_dates_say_what_is_wrong() {
    let err = |s: &str| s.parse::<DateSpan>().unwrap_err().message;
    assert!(
        err("2027-13-01").contains("no month 13"),
        "{}",
        err("2027-13-01")
    );
    assert!(err("2027-02-30").contains("2027年2月 has no day 30"));
    assert!(err("2月14日").contains("has no year"));
    assert!(err("27-02-14").contains("4 digits"));
    assert!(err("下周一").contains("is not a date"));
    assert!(err("").contains("missing"));
    assert!(err("2027-02-14 (周日) 上班").contains("is not a date"));
    assert!(err("2027年2月14日（星期六）").contains("2027年2月14日 is a 星期日, not a 星期六"));
    assert!(err("2027-12-30..1-2").contains("ends (2027年1月2日) before it starts"));
    assert!(err("2027-01-01..2072-01-01").contains("spans"));
    assert!(err("2027-01-01..01-02..01-03").contains("more than one"));
    let full = "2027-13-01".parse::<DateSpan>().unwrap_err().to_string();
    assert!(full.contains("hint: write dates as 2027-01-01"), "{full}");
}

#[test]
fn malformed_yaml_overrides_are_rejected_with_the_reason() {
    let message = from_yaml("holidays:\n  放假: [2027-01-01, 2027-02-30]\n").unwrap_err();
    assert!(message.contains("has no day 30"), "{message}");
    assert!(message.contains("line 2"), "{message}");
    let message = from_yaml("holidays:\n  放假: [20270101]\n").unwrap_err();
    assert!(
        message.contains("20270101 is a number, not a date"),
        "{message}"
    );
    let message = from_yaml("holidays:\n  放假: [2027-02-14]\n  调休: [2027-02-14]\n").unwrap_err();
    assert!(
        message.contains("2027年2月14日 is listed under both 放假 and 调休"),
        "{message}"
    );
    let message = from_yaml("holidays:\n  假期: [2027-01-01]\n").unwrap_err();
    assert!(message.contains("假期"), "{message}");
}
