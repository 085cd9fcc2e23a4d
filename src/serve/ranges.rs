//! Byte ranges (RFC 9110 §14) of what the preview serves, as nginx answers
//! them: the search data is a few pack files that the search page reads with
//! `Range: bytes=a-b` (src/search/packs.rs).

/// What to send of a file of `len` bytes for a request's `Range` header.
#[derive(Debug, PartialEq, Eq)]
pub enum Part {
    /// No range, an invalid one (ignored, RFC 9110 §14.2) or several (the
    /// whole file is a valid answer to those too).
    Whole,
    /// Bytes first..=last: status 206.
    Range(u64, u64),
    /// Outside the file: status 416.
    Unsatisfiable,
}

pub fn part(header: Option<&str>, len: u64) -> Part {
    let Some(header) = header else {
        return Part::Whole;
    };
    let Ok(parsed) = http_range_header::parse_range_header(header) else {
        return Part::Whole;
    };
    match parsed.validate(len) {
        Ok(ranges) => match ranges.as_slice() {
            [one] => Part::Range(*one.start(), *one.end()),
            _ => Part::Whole,
        },
        Err(_) => Part::Unsatisfiable,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn single_ranges_suffixes_and_ranges_outside_the_file() {
        assert_eq!(part(None, 100), Part::Whole);
        assert_eq!(part(Some("bytes=0-9"), 100), Part::Range(0, 9));
        assert_eq!(part(Some("bytes=90-"), 100), Part::Range(90, 99));
        assert_eq!(part(Some("bytes=-10"), 100), Part::Range(90, 99));
        // A last byte past the end is cut to the file.
        assert_eq!(part(Some("bytes=95-200"), 100), Part::Range(95, 99));
        assert_eq!(part(Some("bytes=100-"), 100), Part::Unsatisfiable);
        assert_eq!(part(Some("bytes=0-0"), 0), Part::Unsatisfiable);
        assert_eq!(part(Some("items=0-9"), 100), Part::Whole);
        assert_eq!(part(Some("bytes=9-0"), 100), Part::Whole);
        assert_eq!(part(Some("bytes=0-9,20-29"), 100), Part::Whole);
    }
}
