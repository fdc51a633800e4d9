//! ZooKeeper's `myid` file (DOMAIN.md §3.4-3.5): the first line, `Long.parseLong`'d as is.

use std::ops::Range;

/// A readable server id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MyId {
    pub id: i64,
    /// The first line without its terminator.
    pub span: Range<usize>,
}

/// Why ZooKeeper would reject the file ("serverid <text> is not a number").
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MyIdError {
    /// Empty file or empty first line.
    Empty,
    /// `"1 "`, `" 1"`, `"one"`, the Debian placeholder, a number too large for a long...
    NotANumber { text: String, span: Range<usize> },
}

/// ZooKeeper reads the FIRST line with readLine (`\n`, `\r\n` or `\r` end it) and
/// `Long.parseLong`s it, no trimming. Later lines are ignored.
pub fn parse_myid(text: &str) -> Result<MyId, MyIdError> {
    let end = text.find(['\n', '\r']).unwrap_or(text.len());
    let line = text.get(..end).unwrap_or("");
    if line.is_empty() {
        return Err(MyIdError::Empty);
    }
    let span = 0..end;
    let digits = line.strip_prefix(['+', '-']).unwrap_or(line);
    let numeric = !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit());
    match line.parse::<i64>() {
        Ok(id) if numeric => Ok(MyId { id, span }),
        _ => Err(MyIdError::NotANumber {
            text: line.to_string(),
            span,
        }),
    }
}

/// The Debian/CDH placeholder text ("replace this text with the cluster-unique zookeeper's
/// instance id (1-255)"): lets the rule say so. Matches on the first line, ignoring case and
/// surrounding whitespace.
pub fn is_package_placeholder(text: &str) -> bool {
    let first = text
        .lines()
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    first.starts_with("replace this text with the cluster-unique zookeeper")
}

#[cfg(test)]
mod tests {
    use super::*;

    const PLACEHOLDER: &str =
        "replace this text with the cluster-unique zookeeper's instance id (1-255)\n";

    fn nan(text: &str) -> (String, Range<usize>) {
        match parse_myid(text) {
            Err(MyIdError::NotANumber { text, span }) => (text, span),
            other => panic!("{text:?}: {other:?}"),
        }
    }

    #[test]
    fn plain_ids() {
        assert_eq!(parse_myid("1\n"), Ok(MyId { id: 1, span: 0..1 }));
        assert_eq!(parse_myid("1"), Ok(MyId { id: 1, span: 0..1 }));
        assert_eq!(parse_myid("1\r\n"), Ok(MyId { id: 1, span: 0..1 }));
        assert_eq!(parse_myid("1\r"), Ok(MyId { id: 1, span: 0..1 }));
        assert_eq!(parse_myid("1\n2\n"), Ok(MyId { id: 1, span: 0..1 }));
        assert_eq!(parse_myid("1\ngarbage"), Ok(MyId { id: 1, span: 0..1 }));
        assert_eq!(
            parse_myid("255\n"),
            Ok(MyId {
                id: 255,
                span: 0..3
            })
        );
        assert_eq!(parse_myid("0"), Ok(MyId { id: 0, span: 0..1 }));
        assert_eq!(parse_myid("+3"), Ok(MyId { id: 3, span: 0..2 }));
        assert_eq!(parse_myid("-3"), Ok(MyId { id: -3, span: 0..2 }));
        assert_eq!(parse_myid("0042"), Ok(MyId { id: 42, span: 0..4 }));
        assert_eq!(
            parse_myid("9223372036854775807"),
            Ok(MyId {
                id: i64::MAX,
                span: 0..19
            })
        );
    }

    #[test]
    fn empty() {
        assert_eq!(parse_myid(""), Err(MyIdError::Empty));
        assert_eq!(parse_myid("\n"), Err(MyIdError::Empty));
        assert_eq!(parse_myid("\r\n1\n"), Err(MyIdError::Empty));
        assert_eq!(parse_myid("\n1\n"), Err(MyIdError::Empty));
    }

    #[test]
    fn not_numbers() {
        assert_eq!(nan(" 1"), (" 1".to_string(), 0..2));
        assert_eq!(nan("1 \n"), ("1 ".to_string(), 0..2));
        assert_eq!(nan("1\t"), ("1\t".to_string(), 0..2));
        assert_eq!(nan("one\n"), ("one".to_string(), 0..3));
        assert_eq!(nan("+"), ("+".to_string(), 0..1));
        assert_eq!(nan("-"), ("-".to_string(), 0..1));
        assert_eq!(nan("1.0"), ("1.0".to_string(), 0..3));
        assert_eq!(nan("0x1"), ("0x1".to_string(), 0..3));
        assert_eq!(nan(" \n"), (" ".to_string(), 0..1));
        assert_eq!(nan("\u{feff}1"), ("\u{feff}1".to_string(), 0..4));
        assert_eq!(nan("١"), ("١".to_string(), 0..2));
        let (t, span) = nan(PLACEHOLDER);
        assert_eq!(span, 0..PLACEHOLDER.len() - 1);
        assert!(t.starts_with("replace this text"));
    }

    #[test]
    fn overflow_is_not_a_number() {
        assert_eq!(nan("9223372036854775808").1, 0..19);
        assert_eq!(nan("-9223372036854775809").1, 0..20);
        let huge = "9".repeat(100_000);
        assert_eq!(nan(&huge).1, 0..100_000);
    }

    #[test]
    fn placeholder() {
        assert!(is_package_placeholder(PLACEHOLDER));
        assert!(is_package_placeholder(
            "Replace this text with the cluster-unique zookeeper's instance id (1-254)"
        ));
        assert!(is_package_placeholder(
            "  replace this text with the cluster-unique zookeeper's instance id (1-255)\r\n"
        ));
        assert!(!is_package_placeholder("1\n"));
        assert!(!is_package_placeholder(""));
        assert!(!is_package_placeholder("replace me"));
    }
}
