//! Dates as `xxgk.yaml` writes them: a day or a span (`2027-10-01..07`,
//! `2027年1月1日`), and the `节假日` overrides of the built-in table, read with
//! serde so that a bad entry is an error naming it.

use super::*;

/// A day or an inclusive range of days from the config.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateSpan {
    pub(super) start: NaiveDate,
    pub(super) end: NaiveDate,
}

impl DateSpan {
    pub fn start(&self) -> NaiveDate {
        self.start
    }

    pub fn end(&self) -> NaiveDate {
        self.end
    }

    pub fn days(&self) -> impl Iterator<Item = NaiveDate> + use<> {
        let end = self.end;
        self.start.iter_days().take_while(move |d| *d <= end)
    }
}

impl fmt::Display for DateSpan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.start == self.end {
            f.write_str(&chinese(self.start))
        } else {
            write!(f, "{}至{}", chinese(self.start), chinese(self.end))
        }
    }
}

impl FromStr for DateSpan {
    type Err = CalendarError;

    /// `2027-02-06`, `2027/2/6`, `2027年2月6日`, full-width digits, an
    /// optional weekday note as in the notices (`2月14日（周六）`, checked),
    /// and ranges joined by `..`, `至`, `到`, `~` or `—` whose end may leave
    /// out the year and month (`2027年2月6日至13日`).
    fn from_str(input: &str) -> Result<Self, Self::Err> {
        let folded = fold_width(input.trim()).replace("——", "..");
        let joined = ["至", "到", "~", "—", "–"]
            .iter()
            .fold(folded, |s, sep| s.replace(sep, ".."));
        let Some((first, second)) = joined.split_once("..") else {
            let day = date_from_parts(input, &joined, None)?;
            return Ok(DateSpan {
                start: day,
                end: day,
            });
        };
        if second.contains("..") {
            return Err(CalendarError::new(
                format!("\"{input}\" has more than one range separator"),
                FORMAT_HINT,
            ));
        }
        let start = date_from_parts(input, first, None)?;
        let end = date_from_parts(input, second, Some(start))?;
        if end < start {
            return Err(CalendarError::new(
                format!(
                    "\"{input}\": the range ends ({}) before it starts ({})",
                    chinese(end),
                    chinese(start)
                ),
                "give the end date its own year when a range crosses New Year, \
                 e.g. 2027-12-31..2028-01-02",
            ));
        }
        let length = (end - start).num_days() + 1;
        if length > MAX_RANGE_DAYS {
            return Err(CalendarError::new(
                format!(
                    "\"{input}\" spans {length} days; a holiday block is at most \
                     {MAX_RANGE_DAYS} days"
                ),
                "check the years and months of both ends",
            ));
        }
        Ok(DateSpan { start, end })
    }
}

/// Parses one date, e.g. a 发布日期 or 成文日期 value: `2023-03-20`,
/// `2023/3/20` or `2023年3月20日` (full-width digits and a trailing weekday
/// note allowed).
pub fn parse_date(input: &str) -> Result<NaiveDate, CalendarError> {
    date_from_parts(input, &fold_width(input.trim()), None)
}

/// Weekday named in a note such as `星期六`, `周六` or `农历腊月二十八、周日`.
pub(super) fn noted_weekday(note: &str) -> Option<Weekday> {
    for marker in ["星期", "礼拜", "周"] {
        let mut rest = note;
        while let Some(at) = rest.find(marker) {
            rest = &rest[at + marker.len()..];
            let day = match rest.chars().next() {
                Some('一') => Weekday::Mon,
                Some('二') => Weekday::Tue,
                Some('三') => Weekday::Wed,
                Some('四') => Weekday::Thu,
                Some('五') => Weekday::Fri,
                Some('六') => Weekday::Sat,
                Some('日' | '天') => Weekday::Sun,
                _ => continue,
            };
            return Some(day);
        }
    }
    None
}

/// One side of a span, already width-folded. `base` is the range start,
/// which lends its year and month to an abbreviated end.
pub(super) fn date_from_parts(
    input: &str,
    text: &str,
    base: Option<NaiveDate>,
) -> Result<NaiveDate, CalendarError> {
    // Split off a "(星期六)" note, kept to check it against the real weekday.
    let (body, note) = match text.find('(') {
        Some(open) => {
            let close = text[open..].find(')').map(|c| open + c);
            let Some(close) = close.filter(|c| text[c + 1..].trim().is_empty()) else {
                return Err(CalendarError::new(
                    format!("\"{input}\" is not a date"),
                    FORMAT_HINT,
                ));
            };
            (&text[..open], Some(&text[open + 1..close]))
        }
        None => (text, None),
    };
    let body: String = body.chars().filter(|c| !c.is_whitespace()).collect();
    if body.is_empty() {
        return Err(CalendarError::new(
            format!("\"{input}\": a date is missing"),
            FORMAT_HINT,
        ));
    }
    let not_a_date = || CalendarError::new(format!("\"{input}\" is not a date"), FORMAT_HINT);

    let fields: Vec<&str> = if body.contains(['年', '月', '日', '号']) {
        let trimmed = body.trim_end_matches(['日', '号']);
        let mut fields = Vec::new();
        let mut rest = trimmed;
        let year_part = rest.split_once('年');
        if let Some((year, after)) = year_part {
            fields.push(year);
            rest = after;
        }
        if let Some((month, after)) = rest.split_once('月') {
            fields.push(month);
            rest = after;
        } else if year_part.is_some() {
            return Err(not_a_date());
        }
        fields.push(rest);
        fields
    } else {
        body.split(['-', '/', '.']).collect()
    };
    if fields.len() > 3
        || fields
            .iter()
            .any(|f| f.is_empty() || f.len() > 4 || !f.bytes().all(|b| b.is_ascii_digit()))
    {
        return Err(not_a_date());
    }
    let number = |f: &str| f.parse::<u32>().map_err(|_| not_a_date());
    let (year, month, day) = match (fields.as_slice(), base) {
        ([y, m, d], _) => {
            if y.len() != 4 {
                return Err(CalendarError::new(
                    format!("\"{input}\": write the year with 4 digits"),
                    FORMAT_HINT,
                ));
            }
            (number(y)? as i32, number(m)?, number(d)?)
        }
        ([m, d], Some(base)) => (base.year(), number(m)?, number(d)?),
        ([d], Some(base)) => (base.year(), base.month(), number(d)?),
        _ => {
            return Err(CalendarError::new(
                format!("\"{input}\" has no year"),
                FORMAT_HINT,
            ));
        }
    };
    if !(1..=12).contains(&month) {
        return Err(CalendarError::new(
            format!("\"{input}\": there is no month {month}"),
            FORMAT_HINT,
        ));
    }
    let Some(date) = NaiveDate::from_ymd_opt(year, month, day) else {
        return Err(CalendarError::new(
            format!("\"{input}\": {year}年{month}月 has no day {day}"),
            "check the day against a calendar",
        ));
    };
    if let Some(noted) = note.and_then(noted_weekday)
        && noted != date.weekday()
    {
        return Err(CalendarError::new(
            format!(
                "\"{input}\": {} is a {}, not a {} as written",
                chinese(date),
                weekday_name(date.weekday()),
                weekday_name(noted)
            ),
            "one of the date and the weekday is mistyped; copy both from the notice",
        ));
    }
    Ok(date)
}

impl<'de> Deserialize<'de> for DateSpan {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(SpanVisitor)
    }
}

pub(super) struct SpanVisitor;

impl Visitor<'_> for SpanVisitor {
    type Value = DateSpan;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a date such as 2027-01-01 or a range such as 2027-02-06..2027-02-13")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<DateSpan, E> {
        v.parse().map_err(E::custom)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<DateSpan, E> {
        Err(E::custom(number_error(&v.to_string())))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<DateSpan, E> {
        Err(E::custom(number_error(&v.to_string())))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<DateSpan, E> {
        Err(E::custom(number_error(&v.to_string())))
    }
}

pub(super) fn number_error(v: &str) -> CalendarError {
    CalendarError::new(format!("{v} is a number, not a date"), FORMAT_HINT)
}

/// The two lists of an override section.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum ListKind {
    Off,
    Work,
}

pub(super) const OVERRIDE_KEYS: &[&str] = &["放假", "off", "调休", "workdays", "上班", "补班"];

pub(super) fn clash_error(day: NaiveDate) -> CalendarError {
    CalendarError::new(
        format!("{} is listed under both 放假 and 调休", chinese(day)),
        "keep the day in one list: 放假 for a day off, 调休 for a weekend day worked",
    )
}

/// Reads one list — a YAML sequence, or one string with several dates
/// separated by `,` `、` or `;` as pasted from a notice — and rejects a day
/// already in the other list, so the error points at the offending entry.
pub(super) struct ListSeed<'a> {
    pub(super) other: &'a BTreeSet<NaiveDate>,
}

impl ListSeed<'_> {
    fn accept<E: de::Error>(&self, spans: &mut Vec<DateSpan>, span: DateSpan) -> Result<(), E> {
        if let Some(clash) = span.days().find(|d| self.other.contains(d)) {
            return Err(E::custom(clash_error(clash)));
        }
        spans.push(span);
        Ok(())
    }
}

impl<'de> DeserializeSeed<'de> for ListSeed<'_> {
    type Value = Vec<DateSpan>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ListSeed<'_> {
    type Value = Vec<DateSpan>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list of dates or ranges, e.g. [2027-01-01, 2027-02-06..2027-02-13]")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Vec::new())
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Vec::new())
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        // Split outside parentheses only: "（农历腊月二十八、周日）" is one note.
        let mut pieces = Vec::new();
        let mut depth = 0usize;
        let mut start = 0;
        for (at, c) in v.char_indices() {
            match c {
                '(' | '（' => depth += 1,
                ')' | '）' => depth = depth.saturating_sub(1),
                ',' | '，' | '、' | ';' | '；' if depth == 0 => {
                    pieces.push(&v[start..at]);
                    start = at + c.len_utf8();
                }
                _ => {}
            }
        }
        pieces.push(&v[start..]);
        let mut spans = Vec::new();
        for piece in pieces.into_iter().filter(|p| !p.trim().is_empty()) {
            let span = piece.trim().parse().map_err(E::custom)?;
            self.accept(&mut spans, span)?;
        }
        Ok(spans)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Err(E::custom(number_error(&v.to_string())))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Err(E::custom(number_error(&v.to_string())))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Err(E::custom(number_error(&v.to_string())))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut spans = Vec::new();
        while let Some(span) = seq.next_element::<DateSpan>()? {
            self.accept(&mut spans, span)?;
        }
        Ok(spans)
    }
}

/// The `holidays` / `节假日` section of `xxgk.yaml`:
///
/// ```yaml
/// 节假日:
///   放假: [2027-01-01, "2027-02-06..2027-02-13", 2027年4月5日]
///   调休: [2027-02-14, "2027年2月20日（星期六）"]
/// ```
///
/// English keys `off` and `workdays` work too (`上班` and `补班` are accepted
/// for `调休`). Each entry is a date or a range; a list may also be one string
/// such as `2027年2月6日至13日、2027年4月5日`. A day may not be in both lists.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HolidayOverrides {
    pub(super) off: Vec<DateSpan>,
    pub(super) workdays: Vec<DateSpan>,
}

impl HolidayOverrides {
    /// Days off and working days; fails when a day is in both.
    pub fn new(off: Vec<DateSpan>, workdays: Vec<DateSpan>) -> Result<Self, CalendarError> {
        let off_days: BTreeSet<NaiveDate> = off.iter().flat_map(DateSpan::days).collect();
        match workdays
            .iter()
            .flat_map(DateSpan::days)
            .find(|d| off_days.contains(d))
        {
            Some(clash) => Err(clash_error(clash)),
            None => Ok(HolidayOverrides { off, workdays }),
        }
    }

    pub fn off(&self) -> &[DateSpan] {
        &self.off
    }

    pub fn workdays(&self) -> &[DateSpan] {
        &self.workdays
    }

    pub fn is_empty(&self) -> bool {
        self.off.is_empty() && self.workdays.is_empty()
    }
}

impl<'de> Deserialize<'de> for HolidayOverrides {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(OverridesVisitor)
    }
}

pub(super) struct OverridesVisitor;

impl<'de> Visitor<'de> for OverridesVisitor {
    type Value = HolidayOverrides;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("放假 and 调休 lists, e.g. { 放假: [2027-01-01], 调休: [2027-02-14] }")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(HolidayOverrides::default())
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(HolidayOverrides::default())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut off: Option<Vec<DateSpan>> = None;
        let mut work: Option<Vec<DateSpan>> = None;
        while let Some(key) = map.next_key::<String>()? {
            let kind = match key.as_str() {
                "放假" | "off" => ListKind::Off,
                "调休" | "workdays" | "上班" | "补班" => ListKind::Work,
                other => return Err(de::Error::unknown_field(other, OVERRIDE_KEYS)),
            };
            let (slot, other) = match kind {
                ListKind::Off => (&mut off, &work),
                ListKind::Work => (&mut work, &off),
            };
            if slot.is_some() {
                return Err(de::Error::custom(format!(
                    "`{key}` repeats a list already given; merge the two lists"
                )));
            }
            let other_days: BTreeSet<NaiveDate> =
                other.iter().flatten().flat_map(DateSpan::days).collect();
            *slot = Some(map.next_value_seed(ListSeed { other: &other_days })?);
        }
        Ok(HolidayOverrides {
            off: off.unwrap_or_default(),
            workdays: work.unwrap_or_default(),
        })
    }
}
